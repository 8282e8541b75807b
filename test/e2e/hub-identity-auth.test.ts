// Agents connecting to a real mserver over loopback: identity, replacement, tokens, heartbeat.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent, AgentRefusedError } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

describe('agent identity', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { MCLIENT_HEARTBEAT_MS: '1000' } });
  });
  after(() => s.dispose());

  it('takes client_id from register and remembers host, address and containers', async () => {
    const a = await TestAgent.connect(s.url, {
      token: TEST_TOKEN,
      register: { client_id: 'val-01', host_name: 'host-a', version: '2.3.1', containers: ['polkadot-1', 'kusama-2'] },
    });
    await waitUntil(() => s.app.hub.isConnected('val-01'), 'val-01 connected');
    s.app.store.queue.flush();
    const row = s.app.store.agents.get('val-01');
    assert.ok(row);
    assert.equal(row.hostName, 'host-a');
    assert.equal(row.version, '2.3.1');
    assert.deepEqual(row.containers, ['kusama-2', 'polkadot-1']);
    assert.equal(row.address, '127.0.0.1');
    assert.equal(row.connected, true);
    await a.close();
    await waitUntil(() => !s.app.hub.isConnected('val-01'), 'val-01 gone');
    s.app.store.queue.flush();
    const gone = s.app.store.agents.get('val-01');
    assert.equal(gone?.connected, false);
    assert.ok(gone?.disconnectedAt);
  });

  it('uses host_name as the id of a legacy agent that sends only summaries, provisional until then', async () => {
    const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: false });
    const anon = await waitUntil(() => s.app.hub.live().find((l) => l.provisional), 'a provisional session');
    assert.match(anon.id, /^anon-127\.0\.0\.1-\d+$/);
    assert.equal(s.app.store.agents.get(anon.id), undefined, 'provisional ids are not stored');
    a.send({ type: 'summary', host_name: 'legacy-host', data: { host_name: 'legacy-host', containers: [{ name: 'polkadot' }] } });
    await waitUntil(() => s.app.hub.isConnected('legacy-host'), 'legacy-host identified');
    assert.equal(s.app.hub.live().some((l) => l.id === anon.id), false);
    s.app.store.queue.flush();
    assert.deepEqual(s.app.store.agents.get('legacy-host')?.containers, ['polkadot']);
    await a.close();
  });

  it('keeps the id stable across reconnects and replaces an older connection with the same credential', async () => {
    // A restart of an agent holding a token of its own replaces its older connection (issue 13: on the
    // shared fleet token a second connection is refused instead, see hub-identity-credentials).
    const { token } = s.app.agents.add('val-02', { id: 'test', name: 'test' }, 'console');
    const first = await TestAgent.connect(s.url, { token, register: { client_id: 'val-02', host_name: 'host-b' } });
    await waitUntil(() => s.app.hub.isConnected('val-02'), 'val-02');
    s.app.store.queue.flush();
    const firstSeen = s.app.store.agents.get('val-02')?.firstSeen;
    const disconnects: number[] = [];
    const off = s.app.hub.events.on('agent_disconnected', (e) => {
      if (e.agentId === 'val-02') disconnects.push(e.code);
    });
    const second = await TestAgent.connect(s.url, { token, register: { client_id: 'val-02', host_name: 'host-b' } });
    const closed = await first.closed;
    assert.equal(closed.code, 4000);
    s.app.store.queue.flush();
    assert.equal(s.app.store.audit.list({ kind: 'agent_replaced', agentId: 'val-02' }).length, 1, 'the restart is audited');
    assert.match(closed.reason, /replaced/);
    assert.equal(s.app.hub.isConnected('val-02'), true, 'the newer connection stays');
    assert.equal(s.app.hub.live().filter((l) => l.id === 'val-02').length, 1);
    s.app.store.queue.flush();
    assert.equal(s.app.store.agents.get('val-02')?.firstSeen, firstSeen);
    assert.equal(s.app.store.agents.get('val-02')?.connected, true);
    // The replaced connection's close did not mark the agent disconnected: counted after a later event,
    // the newer connection's own close, which is the one disconnection.
    assert.equal(s.app.hub.isConnected('val-02'), true);
    await second.close();
    await waitUntil(() => disconnects.length > 0, 'the newer connection closed');
    off();
    assert.deepEqual(disconnects, [1000], 'one disconnection, the newer connection closing normally');
  });

  it('terminates a socket that stops answering pings', async () => {
    const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'val-dead' } });
    await waitUntil(() => s.app.hub.isConnected('val-dead'), 'val-dead');
    a.pauseHeartbeat();
    const closed = await a.closed;
    assert.equal(closed.code, 1006, 'terminated without a close frame');
    await waitUntil(() => !s.app.hub.isConnected('val-dead'), 'val-dead dropped');
    assert.ok(s.logs.some((l) => l.msg === 'agent missed its heartbeat: connection terminated' && l.agent === 'val-dead'));
  });
});

describe('agent tokens', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { MCLIENT_REGISTER_TIMEOUT_MS: '300' } });
  });
  after(() => s.dispose());

  for (const tokenIn of ['header', 'query', 'register'] as const) {
    it(`accepts the token in the ${tokenIn}`, async () => {
      const id = `tok-${tokenIn}`;
      const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, tokenIn, register: { client_id: id } });
      await waitUntil(() => s.app.hub.isConnected(id), `${id} connected`);
      await a.close();
    });
  }

  for (const tokenIn of ['header', 'query', 'register'] as const) {
    it(`refuses a wrong token in the ${tokenIn} with 4401 and an audit row`, async () => {
      const before = s.app.store.audit.list({ kind: 'agent_refused' }).length;
      await assert.rejects(
        TestAgent.connect(s.url, { token: 'wrong-token-wrong-token', tokenIn, register: { client_id: `bad-${tokenIn}` }, settleMs: 300 }),
        (err: unknown) => err instanceof AgentRefusedError && err.code === 4401,
      );
      assert.equal(s.app.hub.isConnected(`bad-${tokenIn}`), false);
      s.app.store.queue.flush();
      assert.equal(s.app.store.audit.list({ kind: 'agent_refused' }).length, before + 1);
    });
  }

  it('refuses an agent that sends no token at all within the register timeout', async () => {
    const a = await TestAgent.connect(s.url, { register: false });
    const closed = await a.closed;
    assert.equal(closed.code, 4401);
  });

  it('refuses an agent whose first message is not an authenticated register', async () => {
    const a = await TestAgent.connect(s.url, { register: false });
    a.send({ type: 'summary', host_name: 'sneaky', data: {} });
    const closed = await a.closed;
    assert.equal(closed.code, 4401);
    assert.equal(s.app.hub.isConnected('sneaky'), false);
  });

  it('never writes a token into the log', () => {
    assert.equal(s.logText().includes(TEST_TOKEN), false);
    assert.equal(s.logText().includes('wrong-token-wrong-token'), false);
  });
});

describe('MCLIENT_AUTH=none', () => {
  it('accepts legacy agents without a token after an admin accepts them, and warns loudly at start', async () => {
    const s = await startTestServer({ env: { MCLIENT_AUTH: 'none', MCLIENT_TOKEN: '', MCLIENT_ENROLL: 'approve' } });
    try {
      assert.ok(s.logs.some((l) => l.level === 40 && String(l.msg).includes('MCLIENT_AUTH=none')));
      const a = await TestAgent.connect(s.url, { register: { client_id: 'old-1' } });
      await waitUntil(() => s.app.agents.get('old-1')?.state === 'pending', 'old-1 pending');
      assert.equal(s.app.hub.isConnected('old-1'), false, 'pending: never commanded');
      assert.equal(s.app.agents.accept('old-1', { id: 'test', name: 'test' }, 'console').connected, true);
      await waitUntil(() => s.app.hub.isConnected('old-1'), 'old-1');
      await a.close();
    } finally {
      await s.dispose();
    }
  });
});
