// The HTTP API over real HTTP on 127.0.0.1 against the real app and real WebSocket agents: tokens, every
// endpoint and status, the dispatcher's rules (confirmation, refusals, two-person rule), idempotency,
// the OpenAPI document (validated by a validator library) and every documented route called to a success.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { TestAgent } from '../support/agent.ts';
import { apiClient, openSse, type ApiClient } from '../support/http-client.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const CONSOLE_OWNER = /^console:/;

async function connect(s: TestServer, id: string, containers = ['polkadot']): Promise<TestAgent> {
  const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, host_name: `${id}-host`, containers } });
  await waitUntil(() => s.app.hub.isConnected(id), `${id} connected`);
  return a;
}

const commandsTo = (a: TestAgent) => a.received.filter((f) => f.type === 'command');

describe('HTTP API', () => {
  let s: TestServer;
  let agent: TestAgent;
  let admin: ApiClient;
  let operator: ApiClient;
  let viewer: ApiClient;
  let adminToken: string;
  let operatorToken: string;

  before(async () => {
    s = await startTestServer({ http: true, console: true, env: { HTTP_BODY_MAX_BYTES: '2048' } });
    agent = await connect(s, 'api-1');
    // A token made at the console, read from the line the console prints once.
    const from = s.consoleOut.length;
    s.type('api-token add ops-admin admin --approver --expires 30d');
    const line = await s.waitForOutput(/token: mst_/, 5000, from);
    adminToken = /token: (mst_\S+)/.exec(line)![1]!;
    operatorToken = s.app.apiTokens.add({ name: 'ops-operator', level: 'operator', approver: false, ownerId: 'console:other', ownerName: 'other', createdBy: 't', expiresInMs: null }).token;
    const viewerToken = s.app.apiTokens.add({ name: 'ops-viewer', level: 'viewer', approver: false, ownerId: 'console:third', ownerName: 'third', createdBy: 't', expiresInMs: null }).token;
    admin = apiClient(s.httpUrl, adminToken);
    operator = apiClient(s.httpUrl, operatorToken);
    viewer = apiClient(s.httpUrl, viewerToken);
  });
  after(async () => {
    await agent.close();
    await s.dispose();
  });

  it('keeps only a hash of a token and lists tokens at the console without them', async () => {
    const row = s.app.store.db.prepare("SELECT * FROM api_tokens WHERE name = 'ops-admin'").get() as Record<string, unknown>;
    assert.ok(!JSON.stringify(row).includes(adminToken));
    assert.match(String(row.hash), /^[0-9a-f]{64}$/);
    const from = s.consoleOut.length;
    s.type('api-token list');
    await s.waitForOutput(/ops-viewer/, 5000, from);
    assert.ok(!s.consoleOut.slice(from).join('\n').includes('mst_'));
  });

  it('refuses calls without a valid token (401), in a URL (400), revoked or expired (401 saying so)', async () => {
    const none = await admin.call('GET', '/api/v1/agents', { token: null });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(none.body.code, 'unauthorized');
    assert.equal((await admin.call('GET', '/api/v1/agents', { token: 'mst_' + 'x'.repeat(43) })).status, 401);
    const inUrl = await admin.call('GET', `/api/v1/agents?token=${adminToken}`, { token: null });
    assert.equal(inUrl.status, 400);
    assert.match(inUrl.body.detail, /never in a URL/);

    const temp = s.app.apiTokens.add({ name: 'temp', level: 'viewer', approver: false, ownerId: 'console:t', ownerName: 't', createdBy: 't', expiresInMs: null });
    assert.equal((await admin.call('GET', '/api/v1/me', { token: temp.token })).status, 200);
    const from = s.consoleOut.length;
    s.type('api-token revoke temp');
    await s.waitForOutput(/temp revoked/, 5000, from);
    const revoked = await admin.call('GET', '/api/v1/me', { token: temp.token });
    assert.equal(revoked.status, 401);
    assert.match(revoked.body.detail, /revoked/);

    const short = s.app.apiTokens.add({ name: 'short', level: 'viewer', approver: false, ownerId: 'console:t', ownerName: 't', createdBy: 't', expiresInMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    const expired = await admin.call('GET', '/api/v1/me', { token: short.token });
    assert.equal(expired.status, 401);
    assert.match(expired.body.detail, /expired/);
  });

  it('GET /me and /commands: the token, its level now, and the catalog with the policy in force', async () => {
    const me = await operator.call('GET', '/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.level, 'operator');
    assert.equal(me.body.token.name, 'ops-operator');
    const cmds = await viewer.call('GET', '/api/v1/commands');
    assert.equal(cmds.status, 200);
    const restart = cmds.body.items.find((c: { name: string }) => c.name === 'restart');
    assert.equal(restart.guard, 'confirmation');
    assert.equal(restart.level, 'operator');
  });

  it('GET /agents and /agents/{id}: state, host, containers; 404 for an unknown agent', async () => {
    const list = await viewer.call('GET', '/api/v1/agents');
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 1);
    assert.equal(list.body.items[0].id, 'api-1');
    assert.equal(list.body.items[0].state, 'online');
    assert.deepEqual(list.body.items[0].containers, ['polkadot']);
    const one = await viewer.call('GET', '/api/v1/agents/api-1');
    assert.equal(one.status, 200);
    assert.equal(one.body.hostName, 'api-1-host');
    const missing = await viewer.call('GET', '/api/v1/agents/nobody');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'not_found');
  });

  it('POST /requests: a read command runs at once (201) and its outcome is stored', async () => {
    const before = commandsTo(agent).length;
    const r = await viewer.call('POST', '/api/v1/requests', { body: { command: 'status', target: 'api-1', params: { container: 'polkadot' } } });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'running');
    assert.equal(r.headers.get('location'), `/api/v1/requests/${r.body.request.id}`);
    assert.equal(r.body.request.outcomes[0].state, 'sent');
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'status');
    agent.respond(cmd.id, 'completed', { result: { state: 'running' } });
    await waitUntil(() => s.app.store.commands.get(cmd.id)?.state === 'success', 'success stored');
    const shown = await viewer.call('GET', `/api/v1/requests/${r.body.request.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.outcomes[0].state, 'success');
    assert.deepEqual(shown.body.outcomes[0].result, { state: 'running' });
    assert.equal(shown.body.actor.via, 'http');
    assert.match(shown.body.actor.name, /\(token ops-viewer\)/);
    assert.equal(commandsTo(agent).length, before + 1);
  });

  it('a change command waits for confirmation, sends nothing, then runs on POST /requests/{id}/confirm', async () => {
    const before = commandsTo(agent).length;
    const r = await operator.call('POST', '/api/v1/requests', { body: { command: 'restart', target: 'api-1', params: { container: 'polkadot' } } });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'needs_confirmation');
    assert.equal(r.body.request.state, 'awaiting_confirmation');
    // Someone else's token may not confirm it.
    const foreign = await admin.call('POST', `/api/v1/requests/${r.body.request.id}/confirm`);
    assert.equal(foreign.status, 403);
    const waiting = await viewer.call('GET', '/api/v1/requests?state=awaiting_confirmation');
    assert.ok(waiting.body.items.some((x: { id: number }) => x.id === r.body.request.id));
    assert.equal(commandsTo(agent).length, before);
    const c = await operator.call('POST', `/api/v1/requests/${r.body.request.id}/confirm`);
    assert.equal(c.status, 200);
    assert.equal(c.body.status, 'running');
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'restart');
    agent.respond(cmd.id, 'completed', { result: {} });
    const again = await operator.call('POST', `/api/v1/requests/${r.body.request.id}/confirm`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'conflict');
  });

  it('restart with "rolling": true (a JSON boolean) is the rolling restart: one agent at a time, stopped at the first failure', async () => {
    const r = await operator.call('POST', '/api/v1/requests', { body: { command: 'restart', target: 'api-1', params: { container: 'polkadot', rolling: true }, confirm: true } });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'running');
    assert.equal(r.body.request.params.rolling, 'true');
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'restart');
    // The wrapper takes the agent's restart one at a time; the agent never sees "rolling".
    assert.equal(cmd.params.container, 'polkadot');
    assert.equal('rolling' in cmd.params, false);
    agent.respond(cmd.id, 'failed', { error: 'container not found' });
    const id = r.body.request.id as number;
    let shown = await viewer.call('GET', `/api/v1/requests/${id}`);
    for (let i = 0; i < 50 && shown.body.request?.state !== 'finished' && shown.body.outcomes[0]?.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      shown = await viewer.call('GET', `/api/v1/requests/${id}`);
    }
    assert.equal(shown.body.outcomes.length, 1);
    assert.equal(shown.body.outcomes[0].state, 'failed');
    assert.match(shown.body.outcomes[0].error, /container not found/);
    // Nothing else was sent: no status poll after a failed restart.
    await assert.rejects(agent.nextCommand(300), /no matching frame/);
  });

  it('"confirm": true runs a change command in one call; cancel withdraws a waiting one', async () => {
    const r = await operator.call('POST', '/api/v1/requests', { body: { command: 'start', target: 'api-1', params: { container: 'polkadot' }, confirm: true } });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'running');
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'start');
    agent.respond(cmd.id, 'completed', { result: {} });
    const w = await operator.call('POST', '/api/v1/requests', { body: { command: 'start', target: 'api-1', params: { container: 'polkadot' } } });
    const c = await operator.call('POST', `/api/v1/requests/${w.body.request.id}/cancel`);
    assert.equal(c.status, 200);
    assert.equal(c.body.request.state, 'cancelled');
  });

  it('refuses with the level needed (403), the same messages as Discord (400), and audits each refusal; nothing is sent', async () => {
    const before = commandsTo(agent).length;
    const low = await viewer.call('POST', '/api/v1/requests', { body: { command: 'restart', target: 'api-1', params: { container: 'polkadot' } } });
    assert.equal(low.status, 403);
    assert.equal(low.body.code, 'forbidden');
    assert.match(low.body.detail, /operator level/);
    const unknown = await operator.call('POST', '/api/v1/requests', { body: { command: 'reboot', target: 'api-1' } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'unknown_command');
    assert.match(unknown.body.detail, /^Unknown command "reboot"/);
    const bad = await operator.call('POST', '/api/v1/requests', { body: { command: 'logs', target: 'api-1', params: { container: 'polkadot', lines: 0 } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'bad_params');
    assert.match(bad.body.detail, /lines: expected an integer from 1 to 5000/);
    const nobody = await operator.call('POST', '/api/v1/requests', { body: { command: 'status', target: 'ghost' } });
    assert.equal(nobody.status, 400);
    assert.equal(nobody.body.code, 'unknown_agent');
    const shape = await operator.call('POST', '/api/v1/requests', { body: { target: 'api-1' } });
    assert.equal(shape.status, 400);
    assert.equal(shape.body.code, 'bad_input');
    const audit = await viewer.call('GET', '/api/v1/audit');
    assert.equal(audit.status, 403);
    assert.match(audit.body.detail, /admin level/);
    s.app.store.queue.flush();
    const refused = s.app.store.audit.list({ kind: 'refused', limit: 50 }).filter((e) => e.via === 'http');
    assert.ok(refused.some((e) => e.command === 'restart'));
    assert.ok(refused.some((e) => (e.detail as { what?: string }).what === 'GET /audit'));
    assert.ok(s.app.store.audit.list({ kind: 'invalid', limit: 50 }).some((e) => e.via === 'http'));
    assert.equal(commandsTo(agent).length, before);
  });

  it('a body over the cap is 413, an unknown route 404, both problem+json', async () => {
    const big = await operator.call('POST', '/api/v1/requests', { body: { command: 'status', target: 'api-1', reason: 'x'.repeat(4000) } });
    assert.equal(big.status, 413);
    assert.equal(big.body.code, 'too_large');
    const nowhere = await operator.call('GET', '/api/v1/nowhere');
    assert.equal(nowhere.status, 404);
    assert.match(nowhere.headers.get('content-type') ?? '', /problem\+json/);
  });

  it('a critical command needs a reason, then waits for another owner: refused to the requester and to a non-approver, denied by an approver', async () => {
    const noReason = await admin.call('POST', '/api/v1/requests', { body: { command: 'stop', target: 'api-1', params: { container: 'polkadot' } } });
    assert.equal(noReason.status, 400);
    assert.match(noReason.body.detail, /reason/);
    const before = commandsTo(agent).length;
    const r = await admin.call('POST', '/api/v1/requests', { body: { command: 'stop', target: 'api-1', params: { container: 'polkadot' }, reason: 'planned maintenance' } });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'needs_approval');
    const own = await admin.call('POST', `/api/v1/requests/${r.body.request.id}/approve`);
    assert.equal(own.status, 403);
    assert.match(own.body.detail, /your own request/);
    const notApprover = await operator.call('POST', `/api/v1/requests/${r.body.request.id}/approve`);
    assert.equal(notApprover.status, 403);
    // A second token of the same owner is the same person: still refused.
    const sameOwner = s.app.apiTokens.add({ name: 'ops-admin-2', level: 'admin', approver: true, ownerId: s.app.dispatcher.getRequest(r.body.request.id)!.actorId, ownerName: 'same', createdBy: 't', expiresInMs: null });
    assert.ok(CONSOLE_OWNER.test(s.app.dispatcher.getRequest(r.body.request.id)!.actorId));
    assert.equal((await admin.call('POST', `/api/v1/requests/${r.body.request.id}/approve`, { token: sameOwner.token })).status, 403);
    const approverToken = s.app.apiTokens.add({ name: 'second', level: 'admin', approver: true, ownerId: 'console:second', ownerName: 'second', createdBy: 't', expiresInMs: null }).token;
    const d = await admin.call('POST', `/api/v1/requests/${r.body.request.id}/deny`, { token: approverToken });
    assert.equal(d.status, 200);
    assert.equal(d.body.request.state, 'denied');
    assert.equal(commandsTo(agent).length, before);
  });

  it('Idempotency-Key: a retry with the same body sends one command; another body is 422', async () => {
    const before = commandsTo(agent).length;
    const body = { command: 'status', target: 'api-1', params: { container: 'polkadot' } };
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await operator.call('POST', '/api/v1/requests', { body, headers });
    assert.equal(first.status, 201);
    const cmd = await agent.nextCommand();
    agent.respond(cmd.id, 'completed', { result: { state: 'running' } });
    const second = await operator.call('POST', '/api/v1/requests', { body: { params: { container: 'polkadot' }, target: 'api-1', command: 'status' }, headers });
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.body.request.id, first.body.request.id);
    const other = await operator.call('POST', '/api/v1/requests', { body: { ...body, params: { container: 'other' } }, headers });
    assert.equal(other.status, 422);
    assert.equal(other.body.code, 'idempotency_mismatch');
    // A later command proves nothing else was queued for the agent in between.
    await viewer.call('POST', '/api/v1/requests', { body });
    const next = await agent.nextCommand();
    assert.notEqual(next.id, cmd.id);
    agent.respond(next.id, 'completed', { result: {} });
    assert.equal(commandsTo(agent).length, before + 2);
  });

  it('lists page with a cursor: requests, history, audit, keys, payouts', async () => {
    // Commands of its own to page through (three: a page of two has a next one), so that it stands alone.
    for (let i = 0; i < 3; i++) {
      const out = await s.app.dispatcher.dispatch({ command: 'status', target: 'api-1', params: {}, actor: { id: 'console:ops', name: 'ops' }, via: 'console' });
      const cmd = await agent.nextCommand();
      agent.respond(cmd.id, 'success', { result: {} });
      if (out.kind === 'running') await out.run.done;
    }
    const p1 = await viewer.call('GET', '/api/v1/requests?limit=1');
    assert.equal(p1.status, 200);
    assert.equal(p1.body.items.length, 1);
    assert.ok(p1.body.next);
    const p2 = await viewer.call('GET', `/api/v1/requests?limit=1&cursor=${p1.body.next}`);
    assert.ok(p2.body.items[0].id < p1.body.items[0].id);
    assert.equal((await viewer.call('GET', '/api/v1/requests?limit=501')).status, 400);
    assert.equal((await viewer.call('GET', '/api/v1/requests?cursor=nonsense')).status, 400);

    const h = await viewer.call('GET', '/api/v1/history?agent=api-1&limit=2');
    assert.equal(h.status, 200);
    assert.equal(h.body.items.length, 2);
    const h2 = await viewer.call('GET', `/api/v1/history?agent=api-1&limit=2&cursor=${h.body.next}`);
    assert.ok(h2.body.items.every((x: { commandId: string }) => !h.body.items.some((y: { commandId: string }) => y.commandId === x.commandId)));
    const a = await admin.call('GET', '/api/v1/audit?kind=refused&limit=5');
    assert.equal(a.status, 200);
    assert.ok(a.body.items.every((e: { kind: string }) => e.kind === 'refused'));

    agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: '0xabcdef', action: 'rotated' } });
    await waitUntil(() => s.app.store.keys.list('api-1', 5).length > 0, 'key stored');
    const k = await viewer.call('GET', '/api/v1/keys?agent=api-1');
    assert.equal(k.status, 200);
    assert.equal(k.body.items[0].sessionKey, '0xabcdef');
    assert.equal(k.body.items[0].solicited, false);
    // mserver asks the node whether it holds the keys it announced (with Discord off too).
    const check = await agent.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    agent.respond(check.id, 'success', { result: { has_session_keys: false } });

    agent.send({ type: 'summary', data: { payout_info: { active_era: 1600, unclaimed_eras: [1590, 1591], stash: '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5' } } });
    await waitUntil(() => s.app.store.agents.get('api-1')?.lastSummary, 'summary stored');
    const shown = await viewer.call('GET', '/api/v1/payouts');
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body.items[0].unclaimedEras, [1590, 1591]);
  });

  it('schedules: the same verbs and rules as /schedule', async () => {
    const add = await operator.call('POST', '/api/v1/schedules', { body: { name: 'nightly-status', cron: '0 3 * * *', target: 'api-1', command: 'status', params: { container: 'polkadot' } } });
    assert.equal(add.status, 201);
    assert.equal(add.body.authorization, 'granted');
    assert.equal(add.body.schedule.state, 'active');
    const dup = await operator.call('POST', '/api/v1/schedules', { body: { name: 'nightly-status', cron: '0 3 * * *', target: 'api-1', command: 'status' } });
    assert.equal(dup.status, 409);
    const badCron = await operator.call('POST', '/api/v1/schedules', { body: { name: 'bad', cron: '99 * * * *', target: 'api-1', command: 'status' } });
    assert.equal(badCron.status, 400);
    const low = await viewer.call('POST', '/api/v1/schedules', { body: { name: 'v', cron: '0 3 * * *', target: 'api-1', command: 'restart', params: { container: 'polkadot' } } });
    assert.equal(low.status, 403);
    const list = await viewer.call('GET', '/api/v1/schedules');
    assert.equal(list.body.total, 1);
    const show = await viewer.call('GET', '/api/v1/schedules/nightly-status');
    assert.equal(show.status, 200);
    assert.equal(show.body.nextRuns.length, 5);
    const paused = await operator.call('POST', '/api/v1/schedules/nightly-status/pause');
    assert.equal(paused.status, 200);
    assert.equal(paused.body.state, 'paused');
    const resumed = await operator.call('POST', '/api/v1/schedules/nightly-status/resume');
    assert.equal(resumed.body.schedule.state, 'active');
    const run = await operator.call('POST', '/api/v1/schedules/nightly-status/run');
    assert.equal(run.status, 201);
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'status');
    agent.respond(cmd.id, 'completed', { result: {} });
    const changed = await operator.call('PUT', '/api/v1/schedules/nightly-status', { body: { cron: '0 4 * * *', target: 'api-1', command: 'status', params: { container: 'polkadot' } } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.schedule.cron, '0 4 * * *');
    const removed = await operator.call('DELETE', '/api/v1/schedules/nightly-status');
    assert.equal(removed.status, 200);
    assert.equal((await viewer.call('GET', '/api/v1/schedules/nightly-status')).status, 404);
  });

  it('SSE: a request stream ends with `event: end`; the fleet stream shows an agent coming online', async () => {
    const fleet = await openSse(`${s.httpUrl}/api/v1/events`, adminToken);
    assert.equal(fleet.status, 200);
    await fleet.next((e) => e.event === 'ready');
    const r = await viewer.call('POST', '/api/v1/requests', { body: { command: 'status', target: 'api-1', params: { container: 'polkadot' } } });
    const stream = await openSse(`${s.httpUrl}/api/v1/requests/${r.body.request.id}/events`, adminToken);
    await stream.next((e) => e.event === 'snapshot');
    const cmd = await agent.nextCommand();
    agent.respond(cmd.id, 'completed', { result: { ok: 1 } });
    const outcome = await stream.next((e) => e.event === 'outcome' && e.data.state === 'success');
    assert.equal(outcome.data.agentId, 'api-1');
    const end = await stream.next((e) => e.event === 'end');
    assert.equal(end.data.state, 'done');
    await stream.ended;
    const other = await connect(s, 'api-2');
    const online = await fleet.next((e) => e.event === 'agent_online' && e.data.agentId === 'api-2');
    assert.ok(online.id);
    fleet.close();
    await other.close();
    const missing = await viewer.call('GET', '/api/v1/requests/99999/events');
    assert.equal(missing.status, 404);
  });

  it('health: /livez, /healthz and /readyz answer without a token', async () => {
    const live = await admin.call('GET', '/livez', { token: null });
    assert.equal(live.status, 200);
    assert.equal((await admin.call('GET', '/healthz', { token: null })).status, 200);
    const ready = await admin.call('GET', '/readyz', { token: null });
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body.checks, { hub: 'ok', database: 'ok' });
  });

  it('serves a valid OpenAPI 3.1 document and the browsable reference', async () => {
    const doc = await admin.call('GET', '/api/openapi.json', { token: null });
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
    const result = await new Validator().validate(doc.body);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    const ui = await fetch(`${s.httpUrl}/api/docs/`, { signal: AbortSignal.timeout(5000) });
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /swagger/i);
  });

  // Calls every route itself (so it stands alone) the way a client would, and asks for a success the
  // document lists: a documented route that is not served, or answers otherwise, fails here, and so does
  // a route added to the document without a call below.
  it('every documented route answers a success status it documents', async () => {
    const doc = await admin.call('GET', '/api/openapi.json', { token: null });
    const documented = new Map<string, string[]>();
    for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(ops)) documented.set(`${method.toUpperCase()} ${path}`, Object.keys(op.responses));
    }
    const answered = new Map<string, number>();
    const call = async (c: ApiClient, method: string, path: string, template: string, body?: unknown) => {
      const r = await c.call(method, `/api/v1${path}`, body === undefined ? {} : { body });
      answered.set(`${method} /api/v1${template}`, r.status);
      return r;
    };
    const runs = async (command: string) => {
      const cmd = await agent.nextCommand();
      assert.equal(cmd.command, command);
      agent.respond(cmd.id, 'completed', { result: {} });
    };
    const sse = async (path: string, template: string, first: string) => {
      const stream = await openSse(`${s.httpUrl}/api/v1${path}`, adminToken);
      answered.set(`GET /api/v1${template}`, stream.status);
      await stream.next((e) => e.event === first);
      stream.close();
    };

    for (const path of ['/me', '/commands', '/agents', '/keys', '/keys/handovers', '/notices', '/payouts', '/history', '/audit', '/requests']) await call(admin, 'GET', path, path);
    await call(admin, 'GET', '/agents/api-1', '/agents/{id}');
    await call(admin, 'GET', '/agents/api-1/payouts', '/agents/{id}/payouts');

    const read = await call(viewer, 'POST', '/requests', '/requests', { command: 'status', target: 'api-1', params: { container: 'polkadot' } });
    await runs('status');
    const readId = read.body.request.id as number;
    await call(viewer, 'GET', `/requests/${readId}`, '/requests/{id}');
    await sse(`/requests/${readId}/events`, '/requests/{id}/events', 'snapshot');
    await sse('/events', '/events', 'ready');

    const change = await operator.call('POST', '/api/v1/requests', { body: { command: 'restart', target: 'api-1', params: { container: 'polkadot' } } });
    await call(operator, 'POST', `/requests/${change.body.request.id}/confirm`, '/requests/{id}/confirm');
    await runs('restart');
    const waiting = await operator.call('POST', '/api/v1/requests', { body: { command: 'start', target: 'api-1', params: { container: 'polkadot' } } });
    await call(operator, 'POST', `/requests/${waiting.body.request.id}/cancel`, '/requests/{id}/cancel');

    const approver = apiClient(s.httpUrl, s.app.apiTokens.add({ name: 'coverage-approver', level: 'admin', approver: true, ownerId: 'console:coverage', ownerName: 'coverage', createdBy: 't', expiresInMs: null }).token);
    const critical = { command: 'stop', target: 'api-1', params: { container: 'polkadot' }, reason: 'route coverage' };
    const approved = await admin.call('POST', '/api/v1/requests', { body: critical });
    await call(approver, 'POST', `/requests/${approved.body.request.id}/approve`, '/requests/{id}/approve');
    await runs('stop');
    const denied = await admin.call('POST', '/api/v1/requests', { body: critical });
    await call(approver, 'POST', `/requests/${denied.body.request.id}/deny`, '/requests/{id}/deny');

    const schedule = { cron: '0 5 * * *', target: 'api-1', command: 'status', params: { container: 'polkadot' } };
    await call(operator, 'POST', '/schedules', '/schedules', { name: 'coverage', ...schedule });
    await call(viewer, 'GET', '/schedules', '/schedules');
    await call(viewer, 'GET', '/schedule-preview?cron=0%205%20*%20*%20*&timezone=UTC', '/schedule-preview');
    await call(viewer, 'GET', '/schedules/coverage', '/schedules/{name}');
    await call(operator, 'PUT', '/schedules/coverage', '/schedules/{name}', { ...schedule, cron: '0 6 * * *' });
    await call(operator, 'POST', '/schedules/coverage/pause', '/schedules/{name}/pause');
    await call(operator, 'POST', '/schedules/coverage/resume', '/schedules/{name}/resume');
    await call(operator, 'POST', '/schedules/coverage/run', '/schedules/{name}/run');
    await runs('status');
    await call(operator, 'DELETE', '/schedules/coverage', '/schedules/{name}');

    assert.deepEqual([...answered.keys()].sort(), [...documented.keys()].sort());
    const off = [...answered].filter(([route, status]) => !/^2/.test(String(status)) || !documented.get(route)!.includes(String(status)));
    assert.deepEqual(off.map(([route, status]) => `${route} answered ${status}`), []);
  });
});
