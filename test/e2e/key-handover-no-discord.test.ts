// A key hand-over without Discord (issue 19): mserver's own has_session_keys check after a rotation is
// what begins the hand-over, and it runs whether or not a bot is configured. A team that runs mserver
// with only the console and the HTTP API sees "set_keys pending" there, records session.setKeys at the
// console, and is told two sessions later that the old node may stop.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const NEW_KEY = `0x${'c4'.repeat(96)}`;

describe('key hand-over with Discord off', () => {
  let s: TestServer;
  let agent: TestAgent;
  let offset = 0;
  let viewer: Record<string, string>;
  const ops = { id: 'console:ops', name: 'ops (console)' };

  before(async () => {
    s = await startTestServer({ http: true, console: true, env: { SESSION_LENGTH_MIN: '1' }, app: { clock: { now: () => Date.now() + offset } } });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'nd-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('nd-1'), 'agent connected');
    viewer = { authorization: `Bearer ${s.app.apiTokens.add({ name: 'nd-admin', level: 'viewer', approver: false, ownerId: 'console:nd', ownerName: 'nd', createdBy: 't', expiresInMs: null }).token}` };
  });
  after(async () => {
    await agent?.close();
    await s?.dispose();
  });

  it('a rotation is checked on the node, then followed through pending, submitted and done', async () => {
    assert.equal(s.config.discord, undefined, 'this test is about mserver without a bot');
    const asked = await s.app.dispatcher.dispatch({ command: 'rotate_keys', target: 'nd-1', params: { container: 'polkadot' }, actor: ops, via: 'console' });
    assert.equal(asked.kind, 'needs_confirmation');
    const run = s.app.dispatcher.confirm(asked.request.id, ops, 'console');
    const rotate = await agent.nextCommand();
    assert.equal(rotate.command, 'rotate_keys');
    agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: NEW_KEY, action: 'rotate_keys' } });
    agent.respond(rotate.id, 'success', { result: { session_key: NEW_KEY } });
    await run.done;

    // mserver asks the node itself; only its yes begins the hand-over.
    const check = await agent.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    assert.deepEqual(check.params, { container: 'polkadot', session_keys: NEW_KEY });
    agent.respond(check.id, 'success', { result: { has_session_keys: true } });

    await waitUntil(() => s.app.keyGuard.handoverAt('nd-1', 'polkadot'), 'the hand-over begins');
    const res0 = await fetch(`${s.httpUrl}/api/v1/keys/handovers`, { headers: viewer });
    assert.equal(res0.status, 200);
    const listed = (await res0.json()) as { items: Array<{ agentId: string; container: string; state: string; sessionKey: string; rotatedBy: string }> };
    const pending = listed.items.find((h) => h.agentId === 'nd-1');
    assert.ok(pending, `the API lists the hand-over: ${JSON.stringify(listed)}`);
    assert.equal(pending.state, 'pending');
    assert.equal(pending.container, 'polkadot');
    assert.equal(pending.sessionKey, NEW_KEY);
    assert.match(pending.rotatedBy, /ops \(console\)/);

    s.type('keys handovers');
    await s.waitForOutput(/set_keys pending · nd-1 \/ polkadot: rotated by ops \(console\)/);
    const from = s.consoleOut.length;
    s.type('keys submitted nd-1 polkadot');
    await s.waitForOutput(/Recorded: session\.setKeys sent for nd-1 \/ polkadot/, 5000, from);
    assert.equal(s.app.keyGuard.handoverAt('nd-1', 'polkadot')?.state, 'submitted');

    // Two sessions (here two minutes) after set_keys, the hand-over is done.
    offset = 2 * 60_000 + 1000;
    s.app.keyGuard.settle();
    await waitUntil(() => s.app.keyGuard.handoverAt('nd-1', 'polkadot') === undefined, 'the hand-over done');
    const res = await fetch(`${s.httpUrl}/api/v1/keys/handovers`, { headers: viewer });
    const body = (await res.json()) as { items: Array<{ agentId: string }> };
    assert.equal(body.items.filter((h) => h.agentId === 'nd-1').length, 0);
  });
});
