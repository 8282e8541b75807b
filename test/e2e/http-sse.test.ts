// Server-Sent Events over real HTTP: a client follows a broadcast to its end, drops the connection and
// resumes with Last-Event-ID without losing or repeating an outcome; the fleet stream resumes too and
// shows each reader only what its token's level may see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { apiClient, openSse, type ApiClient } from '../support/http-client.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

describe('HTTP API: Server-Sent Events', () => {
  let s: TestServer;
  let agents: TestAgent[];
  let api: ApiClient;
  let adminToken: string;
  let viewerToken: string;

  before(async () => {
    s = await startTestServer({ http: true });
    agents = [];
    for (const id of ['sse-1', 'sse-2', 'sse-3']) {
      agents.push(await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, containers: ['polkadot'] } }));
      await waitUntil(() => s.app.hub.isConnected(id), `${id} connected`);
    }
    adminToken = s.app.apiTokens.add({ name: 'admin', level: 'admin', approver: true, ownerId: 'console:a', ownerName: 'a', createdBy: 't', expiresInMs: null }).token;
    viewerToken = s.app.apiTokens.add({ name: 'viewer', level: 'viewer', approver: false, ownerId: 'console:v', ownerName: 'v', createdBy: 't', expiresInMs: null }).token;
    api = apiClient(s.httpUrl, adminToken);
  });
  after(async () => {
    for (const a of agents) await a.close();
    await s.dispose();
  });

  it('follows a broadcast to `event: end`, resuming after a dropped connection with nothing lost or repeated', async () => {
    const r = await api.call('POST', '/api/v1/requests', { body: { command: 'status', target: 'all', params: { container: 'polkadot' } } });
    assert.equal(r.status, 201);
    const id = r.body.request.id as number;
    const first = await openSse(`${s.httpUrl}/api/v1/requests/${id}/events`, adminToken);
    assert.equal(first.status, 200);
    assert.match(first.contentType ?? '', /^text\/event-stream/);
    const snapshot = await first.next((e) => e.event === 'snapshot');
    assert.equal(snapshot.data.agents.length, 3);
    const cmds = await Promise.all(agents.map((a) => a.nextCommand()));
    agents[0]!.respond(cmds[0]!.id, 'completed', { result: { n: 1 } });
    const one = await first.next((e) => e.event === 'outcome' && e.data.agentId === 'sse-1' && e.data.state === 'success');
    first.close();
    await first.ended;

    // While nobody listens, the other two answer.
    agents[1]!.respond(cmds[1]!.id, 'completed', { result: { n: 2 } });
    agents[2]!.respond(cmds[2]!.id, 'failed', { error: 'container not found' });
    await waitUntil(() => s.app.dispatcher.getRequest(id)?.state === 'done', 'request done');

    const resumed = await openSse(`${s.httpUrl}/api/v1/requests/${id}/events`, adminToken, one.id);
    await resumed.ended;
    const events = resumed.events.map((e) => `${e.event}${e.data.agentId ? `:${e.data.agentId}:${e.data.state}` : ''}`);
    assert.ok(!events.includes('snapshot'), events.join(' '));
    assert.ok(!events.some((e) => e.startsWith('outcome:sse-1')), 'sse-1 was already delivered');
    assert.ok(events.includes('outcome:sse-2:success'), events.join(' '));
    assert.ok(events.includes('outcome:sse-3:failed'), events.join(' '));
    assert.equal(events.at(-2), 'request_finished');
    assert.equal(events.at(-1), 'end');
    assert.deepEqual(resumed.events.at(-2)!.data.tally, { success: 2, failed: 1 });

    // A request that already ended: a snapshot, then the end at once.
    const late = await openSse(`${s.httpUrl}/api/v1/requests/${id}/events`, viewerToken);
    await late.ended;
    assert.deepEqual(late.events.map((e) => e.event), ['snapshot', 'end']);
  });

  it('the fleet stream resumes with Last-Event-ID and filters by the token\'s level', async () => {
    const admin = await openSse(`${s.httpUrl}/api/v1/events`, adminToken);
    const viewer = await openSse(`${s.httpUrl}/api/v1/events`, viewerToken);
    const ready = await viewer.next((e) => e.event === 'ready');
    assert.equal(ready.data.level, 'viewer');
    viewer.close();
    await viewer.ended;

    // While the viewer is away: an agent comes online, a key update (operator) and a critical request (admin).
    const late = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'sse-4', containers: ['polkadot'] } });
    await admin.next((e) => e.event === 'agent_online' && e.data.agentId === 'sse-4');
    late.send({ type: 'key_update', data: { container: 'polkadot', session_key: '0x1234', action: 'rotated' } });
    await admin.next((e) => e.event === 'key_update');
    // mserver's own check that the node holds the announced keys: answered, so it ends before the agent goes.
    const check = await late.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    late.respond(check.id, 'success', { result: { has_session_keys: true } });
    await admin.next((e) => e.event === 'request_finished' && e.data.command === 'has_session_keys');
    const stop = await api.call('POST', '/api/v1/requests', { body: { command: 'stop', target: 'sse-4', params: { container: 'polkadot' }, reason: 'retire the host' } });
    assert.equal(stop.body.status, 'needs_approval');
    await admin.next((e) => e.event === 'approval_waiting' && e.data.requestId === stop.body.request.id);
    await late.close();
    const offline = await admin.next((e) => e.event === 'agent_offline' && e.data.agentId === 'sse-4');

    const back = await openSse(`${s.httpUrl}/api/v1/events`, viewerToken, ready.id);
    await back.next((e) => e.event === 'agent_offline' && e.data.agentId === 'sse-4');
    const seen = back.events.map((e) => e.event);
    assert.ok(seen.includes('agent_online'), seen.join(' '));
    assert.ok(!seen.includes('key_update'), 'a viewer does not see key updates');
    assert.ok(!seen.includes('approval_waiting'), 'a viewer does not see requests of admin commands');
    assert.ok(!seen.includes('ready'), 'a resumed stream does not start over');
    assert.equal(back.events.at(-1)!.id, offline.id);
    back.close();
    admin.close();
  });
});
