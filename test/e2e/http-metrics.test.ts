// /metrics read with a real Prometheus text parser, counters moving with real commands and refusals;
// the per-token rate limit with its headers; HTTP_METRICS=off; /readyz naming a failing part.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import parsePrometheusTextFormat, { type PromMetric } from 'parse-prometheus-text-format';
import WebSocket from 'ws';
import { TestAgent } from '../support/agent.ts';
import { apiClient, type ApiClient } from '../support/http-client.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

async function scrape(s: TestServer): Promise<Map<string, PromMetric>> {
  const res = await fetch(`${s.httpUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  return new Map(parsePrometheusTextFormat(await res.text()).map((m) => [m.name, m]));
}

function value(m: Map<string, PromMetric>, name: string, labels: Record<string, string> = {}): number {
  const metric = m.get(name);
  assert.ok(metric, `${name} is exported`);
  const row = metric.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return row ? Number(row.value ?? row.count) : 0;
}

describe('HTTP: metrics, rate limit and health', () => {
  let s: TestServer;
  let agent: TestAgent;
  let api: ApiClient;
  let token: string;

  before(async () => {
    s = await startTestServer({ http: true, env: { HTTP_RATE_LIMIT_PER_MIN: '200' } });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'm-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('m-1'), 'agent connected');
    token = s.app.apiTokens.add({ name: 'ops', level: 'admin', approver: false, ownerId: 'console:m', ownerName: 'm', createdBy: 't', expiresInMs: null }).token;
    api = apiClient(s.httpUrl, token);
  });
  after(async () => {
    await agent.close();
    await s.dispose();
  });

  it('exports the metrics the issue names, and the counters move', async () => {
    const before = await scrape(s);
    for (const name of [
      'mserver_agents',
      'mserver_commands_total',
      'mserver_command_duration_seconds',
      'mserver_requests_waiting',
      'mserver_outbox_pending',
      'mserver_hub_frames_total',
      'mserver_hub_refusals_total',
      'mserver_unclaimed_payout_eras',
      'mserver_oldest_unclaimed_era_eras_left',
      'mserver_discord_ready',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(before.has(name), `${name} missing`);
    }
    assert.equal(value(before, 'mserver_agents', { state: 'online' }), 1);
    assert.equal(value(before, 'mserver_discord_ready'), 0);

    const r = await api.call('POST', '/api/v1/requests', { body: { command: 'status', target: 'm-1', params: { container: 'polkadot' } } });
    const cmd = await agent.nextCommand();
    agent.respond(cmd.id, 'completed', { result: {} });
    await waitUntil(() => s.app.dispatcher.getRequest(r.body.request.id)?.state === 'done', 'done');
    await api.call('POST', '/api/v1/requests', { body: { command: 'restart', target: 'm-1', params: { container: 'polkadot' } } });
    agent.send({ type: 'summary', data: { payout_info: { active_era: 1600, unclaimed_eras: [1520, 1521, 1522], history_depth: 84 } } });
    await waitUntil(() => s.app.store.agents.get('m-1')?.lastSummary, 'summary stored');
    // A stranger without the agent token is refused at the hub.
    const stranger = new WebSocket(s.url, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    await new Promise((resolve) => {
      stranger.once('close', resolve);
      stranger.once('error', resolve);
    });

    const now = await scrape(s);
    assert.equal(value(now, 'mserver_commands_total', { command: 'status', outcome: 'success' }), value(before, 'mserver_commands_total', { command: 'status', outcome: 'success' }) + 1);
    // This parser keeps a histogram's buckets (not its labels): the +Inf bucket counts every observation.
    const histogram = now.get('mserver_command_duration_seconds')!;
    assert.equal(histogram.type, 'HISTOGRAM');
    assert.ok(histogram.metrics.some((x) => Number(x.buckets?.['+Inf'] ?? 0) >= 1));
    assert.equal(value(now, 'mserver_requests_waiting', { kind: 'confirmation' }), 1);
    assert.ok(value(now, 'mserver_hub_frames_total', { type: 'command_response' }) >= 1);
    assert.ok(value(now, 'mserver_hub_frames_total', { type: 'summary' }) >= 1);
    assert.ok(value(now, 'mserver_hub_refusals_total', { reason: 'token' }) >= 1);
    assert.equal(value(now, 'mserver_unclaimed_payout_eras', { agent: 'm-1' }), 3);
    assert.equal(value(now, 'mserver_oldest_unclaimed_era_eras_left', { agent: 'm-1' }), 4);
    // No token, person or free text in any label.
    const labels = [...now.values()].flatMap((m) => m.metrics.flatMap((x) => Object.values(x.labels ?? {})));
    assert.ok(!labels.some((l) => l.includes(token) || l.includes('console:') || l.includes(' ')), labels.filter((l) => l.includes(' ')).join(', '));
  });

  it('/readyz names the failing part with 503', async () => {
    s.app.store.health.lastError = 'disk full (test)';
    const orig = s.app.store.health.recheck;
    s.app.store.health.recheck = () => s.app.store.health.lastError;
    try {
      const r = await api.call('GET', '/readyz', { token: null });
      assert.equal(r.status, 503);
      assert.equal(r.body.code, 'unavailable');
      assert.match(r.body.detail, /database \(disk full \(test\)\)/);
      assert.equal(r.body.checks.hub, 'ok');
    } finally {
      s.app.store.health.lastError = undefined;
      s.app.store.health.recheck = orig;
    }
  });
});

describe('HTTP: per-token rate limit, metrics off', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ http: true, env: { HTTP_RATE_LIMIT_PER_MIN: '3', HTTP_METRICS: 'off' } });
  });
  after(() => s.dispose());

  it('answers 429 with Retry-After past the limit, per token, with the rate-limit headers', async () => {
    const one = s.app.apiTokens.add({ name: 'one', level: 'viewer', approver: false, ownerId: 'console:a', ownerName: 'a', createdBy: 't', expiresInMs: null }).token;
    const two = s.app.apiTokens.add({ name: 'two', level: 'viewer', approver: false, ownerId: 'console:b', ownerName: 'b', createdBy: 't', expiresInMs: null }).token;
    const api = apiClient(s.httpUrl, one);
    const first = await api.call('GET', '/api/v1/agents');
    assert.equal(first.headers.get('ratelimit-limit'), '3');
    assert.equal(first.headers.get('ratelimit-remaining'), '2');
    await api.call('GET', '/api/v1/agents');
    await api.call('GET', '/api/v1/agents');
    const over = await api.call('GET', '/api/v1/agents');
    assert.equal(over.status, 429);
    assert.equal(over.body.code, 'rate_limited');
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    assert.equal((await api.call('GET', '/api/v1/agents', { token: two })).status, 200, 'another token has its own budget');
  });

  it('HTTP_METRICS=off: no /metrics', async () => {
    const r = await fetch(`${s.httpUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    assert.equal(r.status, 404);
    await r.text();
  });
});
