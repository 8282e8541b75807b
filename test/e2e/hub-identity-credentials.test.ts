// Agent identity (issue 13) with real agents over loopback: per-agent tokens, impersonation refused with
// 4403, the fleet token as an enrolment token (pending, accept, reject), revoke, rotate, forget, and the
// takeover of the security review made impossible.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/core/identity.ts';
import { openDatabase } from '../../src/store/database.ts';
import { AgentRefusedError, TestAgent } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const ADMIN = { id: 'console:test', name: 'test (console)' };
const CONTAINER = 'polkadot-validator-1';
const KEY = `0x${'ee'.repeat(96)}`;

/** Runs `command` on `target` through the dispatcher, as the console would, and returns the run. */
async function run(s: TestServer, target: string, command: string, params: Record<string, unknown> = {}) {
  const outcome = await s.app.dispatcher.dispatch({ command, target, params, actor: ADMIN, via: 'console' });
  if (outcome.kind === 'needs_confirmation') return s.app.dispatcher.confirm(outcome.request.id, ADMIN, 'console');
  assert.equal(outcome.kind, 'running');
  return outcome.run;
}

async function refused(p: Promise<TestAgent>, code: number): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof AgentRefusedError && err.code === code);
}

const audits = (s: TestServer, kind: string) => {
  s.app.store.queue.flush();
  return s.app.store.audit.list({ kind, limit: 100 });
};

describe('per-agent credentials', () => {
  let s: TestServer;
  let acc1: string;
  let acc2: string;
  before(async () => {
    s = await startTestServer({ env: { MCLIENT_ENROLL: 'approve', MCLIENT_REGISTER_TIMEOUT_MS: '500' }, console: true });
    acc1 = s.app.agents.add('acc-1', ADMIN, 'console').token;
    acc2 = s.app.agents.add('acc-2', ADMIN, 'console').token;
  });
  after(() => s.dispose());

  it('the holder of acc-2\'s token cannot claim acc-1: 4403, audited, and acc-1 keeps receiving its commands', async () => {
    const real = await TestAgent.connect(s.url, { token: acc1, register: { client_id: 'acc-1' } });
    await waitUntil(() => s.app.hub.isConnected('acc-1'), 'acc-1');
    for (const tokenIn of ['header', 'query', 'register'] as const) {
      await refused(TestAgent.connect(s.url, { token: acc2, tokenIn, register: { client_id: 'acc-1' }, settleMs: 300 }), 4403);
    }
    // A host_name that is another agent's id is the same claim.
    await refused(TestAgent.connect(s.url, { token: acc2, register: { client_id: 'acc-2', host_name: 'acc-1' }, settleMs: 300 }), 4403);
    const rows = audits(s, 'agent_impersonation');
    assert.equal(rows.length, 4);
    assert.match(JSON.stringify(rows[0]!.detail), /the agent holding acc-2's credential claimed acc-1/);
    assert.equal(rows[0]!.agentId, 'acc-1');
    assert.equal(s.app.hub.isConnected('acc-1'), true);
    const r = await run(s, 'acc-1', 'status');
    const cmd = await real.nextCommand();
    assert.equal(cmd.command, 'status');
    real.respond(cmd.id, 'success', { result: { state: 'running' } });
    assert.equal((await r.done)[0]!.state, 'success');
    assert.equal(real.readyState, 1, 'the real acc-1 is still open');
    await real.close();
  });

  it('an agent on its own token that names another id later in a frame is closed with 4403', async () => {
    const a = await TestAgent.connect(s.url, { token: acc2, register: { client_id: 'acc-2' } });
    await waitUntil(() => s.app.hub.isConnected('acc-2'), 'acc-2');
    a.send({ type: 'summary', client_id: 'acc-1', data: {} });
    assert.equal((await a.closed).code, 4403);
  });

  it('a host name that becomes another agent\'s id is refused from then on, though frames carried it before', async () => {
    const a = await TestAgent.connect(s.url, { token: acc2, register: { client_id: 'acc-2' } });
    await waitUntil(() => s.app.hub.isConnected('acc-2'), 'acc-2');
    // Nobody is acc-9 yet: a summary naming that host is only a host name.
    a.send({ type: 'summary', host_name: 'acc-9', data: {} });
    a.send({ type: 'summary', host_name: 'acc-9', data: {} });
    await waitUntil(() => s.app.store.agents.get('acc-2')?.lastSummary, 'summary stored');
    assert.equal(a.readyState, 1);
    // acc-9 is added: the same host name in the next frame is now a claim on it.
    s.app.agents.add('acc-9', ADMIN, 'console');
    a.send({ type: 'summary', host_name: 'acc-9', data: {} });
    const closed = await Promise.race([a.closed.then((c) => c.code), new Promise((r) => setTimeout(() => r('still open after 5 s'), 5000).unref())]);
    assert.equal(closed, 4403);
  });

  it('the takeover of the security review is impossible: no forged answer, no key_update, no check on acc-1', async () => {
    const real = await TestAgent.connect(s.url, { token: acc1, register: { client_id: 'acc-1' } });
    await waitUntil(() => s.app.hub.isConnected('acc-1'), 'acc-1');
    const r = await run(s, 'acc-1', 'rotate_keys', { container: CONTAINER });
    const rotate = await real.nextCommand();
    // The attacker holds acc-2's token (or the fleet token) and tries to become acc-1 to answer.
    await refused(TestAgent.connect(s.url, { token: acc2, register: { client_id: 'acc-1' }, settleMs: 300 }), 4403);
    await refused(TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'acc-1' }, settleMs: 300 }), 4403);
    // As acc-2, a key_update or an answer naming acc-1 is refused too, before anything is stored.
    const spy = await TestAgent.connect(s.url, { token: acc2, register: { client_id: 'acc-2' } });
    spy.send({ type: 'command_response', client_id: 'acc-1', data: { id: rotate.id, status: 'success', result: 'forged' } });
    assert.equal((await spy.closed).code, 4403);
    const spy2 = await TestAgent.connect(s.url, { token: acc2, register: { client_id: 'acc-2' } });
    spy2.send({ type: 'command_response', data: { id: rotate.id, status: 'success', result: 'forged' } });
    spy2.send({ type: 'key_update', data: { container: CONTAINER, session_key: KEY } });
    await spy2.next((f) => f.type === 'key_update_ack');
    await spy2.close();
    s.app.store.queue.flush();
    assert.equal(s.app.store.keys.list('acc-1', 10).some((k) => k.sessionKey === KEY), false, 'no forged key on acc-1');
    const foreign = s.app.store.keys.list('acc-2', 10).find((k) => k.sessionKey === KEY);
    assert.equal(foreign?.solicited, false, "acc-2's key nobody asked for is flagged");
    // The real agent answers its own command.
    real.respond(rotate.id, 'success', { result: { session_keys: '0x01' } });
    const done = (await r.done)[0]!;
    assert.equal(done.state, 'success');
    assert.notEqual(done.result, 'forged');
    await real.close();
  });

  it('the Python-style agent (no register, token in the URL) is named by its own token', async () => {
    const { token } = s.app.agents.add('py-1', ADMIN, 'console');
    const a = await TestAgent.connect(s.url, { token, tokenIn: 'query', register: false });
    await waitUntil(() => s.app.hub.isConnected('py-1'), 'py-1 identified at once by its token');
    a.send({ type: 'summary', host_name: 'py-host', data: { host_name: 'py-host', containers: [{ name: CONTAINER }] } });
    await waitUntil(() => s.app.hub.live().find((l) => l.id === 'py-1')?.hostName === 'py-host', 'host name kept');
    assert.equal(s.app.hub.isConnected('py-host'), false, 'its host name is not an id');
    const r = await run(s, 'py-1', 'status');
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'success', { result: {} });
    assert.equal((await r.done)[0]!.state, 'success');
    await a.close();
  });

  it('revoke: the connection closes with 4401 and the token is refused from then on', async () => {
    const { token } = s.app.agents.add('rev-1', ADMIN, 'console');
    const a = await TestAgent.connect(s.url, { token, register: { client_id: 'rev-1' } });
    await waitUntil(() => s.app.hub.isConnected('rev-1'), 'rev-1');
    s.type('agent revoke rev-1');
    assert.deepEqual((await a.closed).code, 4401);
    for (const tokenIn of ['header', 'register'] as const) {
      await refused(TestAgent.connect(s.url, { token, tokenIn, register: { client_id: 'rev-1' }, settleMs: 300 }), 4401);
    }
    await refused(TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'rev-1' }, settleMs: 300 }), 4403);
    assert.equal(audits(s, 'agent_revoked').length, 1);
  });

  it('rotate: both tokens work during the grace, until the new one is used; then only the new one', async () => {
    const { token: old } = s.app.agents.add('rot-1', ADMIN, 'console');
    const { token: fresh } = s.app.agents.rotate('rot-1', ADMIN, 'console');
    const a = await TestAgent.connect(s.url, { token: old, register: { client_id: 'rot-1' } });
    await waitUntil(() => s.app.hub.isConnected('rot-1'), 'rot-1 on the old token');
    await a.close();
    await waitUntil(() => !s.app.hub.isConnected('rot-1'), 'rot-1 gone');
    const b = await TestAgent.connect(s.url, { token: fresh, register: { client_id: 'rot-1' } });
    await waitUntil(() => s.app.hub.isConnected('rot-1'), 'rot-1 on the new token');
    await b.close();
    await refused(TestAgent.connect(s.url, { token: old, register: { client_id: 'rot-1' }, settleMs: 300 }), 4401);
    assert.equal(audits(s, 'agent_rotated').length, 1);
  });

  it('forget: a decommissioned host leaves the list and `all`; its history stays', async () => {
    const { token } = s.app.agents.add('old-host', ADMIN, 'console');
    const a = await TestAgent.connect(s.url, { token, register: { client_id: 'old-host' } });
    await waitUntil(() => s.app.hub.isConnected('old-host'), 'old-host');
    const r = await run(s, 'old-host', 'status');
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'success', { result: {} });
    await r.done;
    const from = s.consoleOut.length;
    s.type('agent forget old-host');
    await s.waitForOutput('old-host forgotten', 5000, from);
    assert.equal((await a.closed).code, 4401);
    await waitUntil(() => !s.app.hub.live().some((l) => l.id === 'old-host'), 'the hub let old-host go');
    assert.equal(s.app.store.agents.list().some((x) => x.id === 'old-host'), false);
    assert.equal(s.app.agents.list().some((x) => x.id === 'old-host'), false);
    await assert.rejects(() => s.app.dispatcher.dispatch({ command: 'status', target: 'old-host', params: {}, actor: ADMIN, via: 'console' }), /No agent called "old-host"/);
    s.app.store.queue.flush();
    assert.equal(s.app.store.commands.history({ agentId: 'old-host', limit: 5 }).length, 1, 'history stays');
    await refused(TestAgent.connect(s.url, { token, register: { client_id: 'old-host' }, settleMs: 300 }), 4401);
  });

  it('agent add prints the token once on a line of its own; bad input changes nothing', async () => {
    let from = s.consoleOut.length;
    s.type('agent add con-1');
    const line = await s.waitForOutput(/^token for con-1: \S{43,}$/, 5000, from);
    const token = line.split(': ')[1]!;
    const a = await TestAgent.connect(s.url, { token, register: { client_id: 'con-1' } });
    await waitUntil(() => s.app.hub.isConnected('con-1'), 'con-1 on the printed token');
    await a.close();
    from = s.consoleOut.length;
    s.type('agent add con-1');
    await s.waitForOutput('error: con-1 already exists', 5000, from);
    s.type('agent revoke ghost');
    await s.waitForOutput('error: No agent "ghost" is known', 5000, from);
    s.type('agent add bad/id');
    await s.waitForOutput(/error: "bad\/id" is not a valid agent id/, 5000, from);
    s.type('agent list');
    await s.waitForOutput(/active\s+offline\s+con-1\s+own token\s+address 127\.0\.0\.1\s+last seen/, 5000, from);
    assert.equal(s.logText().includes(token), false, 'never in the log');
  });
});

describe('the fleet token enrols', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { MCLIENT_ENROLL: 'approve' }, console: true });
  });
  after(() => s.dispose());

  it('a new id is pending (listed, never commanded, not in all) until accepted at the console', async () => {
    const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'new-1' } });
    await waitUntil(() => s.app.agents.get('new-1')?.state === 'pending', 'new-1 pending');
    assert.equal(s.app.hub.isConnected('new-1'), false);
    assert.equal(s.app.hub.connectedIds().includes('new-1'), false);
    await assert.rejects(() => s.app.dispatcher.dispatch({ command: 'status', target: 'new-1', params: {}, actor: ADMIN, via: 'console' }), /waits for an admin/);
    let from = s.consoleOut.length;
    s.type('agent list');
    await s.waitForOutput(/pending\s+online\s+new-1\s+fleet token/, 5000, from);
    assert.equal(audits(s, 'agent_pending').length, 1);
    from = s.consoleOut.length;
    s.type('agent accept new-1');
    await s.waitForOutput('new-1 accepted: it is connected and receives commands now', 5000, from);
    const r = await run(s, 'all', 'status');
    assert.deepEqual(r.request.agents, ['new-1']);
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'success', { result: {} });
    assert.equal((await r.done)[0]!.state, 'success');
    await a.close();
  });

  it('reject: the waiting connection is closed with 4403 and the id cannot enrol again', async () => {
    const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'new-2' } });
    await waitUntil(() => s.app.agents.get('new-2')?.state === 'pending', 'new-2 pending');
    s.type('agent reject new-2');
    assert.equal((await a.closed).code, 4403);
    await refused(TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'new-2' }, settleMs: 300 }), 4403);
    assert.equal(audits(s, 'agent_rejected').length, 1);
  });

  it('an id that is online cannot be claimed by a second connection on the fleet token: 4403, the first untouched', async () => {
    const first = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'fl-1' } });
    await waitUntil(() => s.app.agents.get('fl-1')?.state === 'pending', 'fl-1 pending');
    s.app.agents.accept('fl-1', ADMIN, 'console');
    await waitUntil(() => s.app.hub.isConnected('fl-1'), 'fl-1');
    await refused(TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'fl-1' }, settleMs: 300 }), 4403);
    const rows = audits(s, 'agent_impersonation');
    assert.match(JSON.stringify(rows[0]!.detail), /the fleet token claimed fl-1 while fl-1 is connected/);
    // The security review's takeover on the fleet token: refused while the real agent is online...
    const r = await run(s, 'fl-1', 'status');
    const cmd = await first.nextCommand();
    first.respond(cmd.id, 'success', { result: {} });
    assert.equal((await r.done)[0]!.state, 'success');
    // ...and alerted when it is not: a reconnect from another address.
    await first.close();
    await waitUntil(() => !s.app.hub.isConnected('fl-1'), 'fl-1 gone');
    const moved = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'fl-1' }, localAddress: '127.0.0.2' });
    await waitUntil(() => s.app.hub.isConnected('fl-1'), 'fl-1 back from 127.0.0.2');
    const alerts = audits(s, 'agent_new_address');
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0]!.detail, { address: '127.0.0.2', previousAddress: '127.0.0.1', credential: 'the fleet token' });
    await moved.close();
  });

  it('agents known before identity shipped keep working on the fleet token (treated as accepted)', async () => {
    // Migration 007 made every agent row an accepted fleet credential: the same as this one.
    s.app.store.credentials.insert({ agentId: 'legacy-1', state: 'active', kind: 'fleet', tokenHash: null, at: 1 });
    const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: false });
    a.send({ type: 'summary', host_name: 'legacy-1', data: { host_name: 'legacy-1' } });
    await waitUntil(() => s.app.hub.isConnected('legacy-1'), 'legacy-1 accepted at once');
    await a.close();
  });

  it('the token command shows where the generated or configured fleet token is, never the token', async () => {
    const from = s.consoleOut.length;
    s.type('token');
    await s.waitForOutput('MCLIENT_TOKEN (not shown)', 5000, from);
    assert.equal(s.consoleOut.join('\n').includes(TEST_TOKEN), false);
  });
});

describe('MCLIENT_ENROLL', () => {
  it('auto accepts a new id on the fleet token at once, with a warning at start; approve (the default) warns nothing', async () => {
    const auto = await startTestServer({ env: { MCLIENT_ENROLL: 'auto' } });
    try {
      assert.ok(auto.logs.some((l) => l.level === 40 && String(l.msg).startsWith('MCLIENT_ENROLL=auto')));
      const a = await TestAgent.connect(auto.url, { token: TEST_TOKEN, register: { client_id: 'auto-1' } });
      await waitUntil(() => auto.app.hub.isConnected('auto-1'), 'auto-1 accepted at once');
      assert.equal(auto.app.agents.get('auto-1')?.decidedBy, 'MCLIENT_ENROLL=auto');
      await a.close();
    } finally {
      await auto.dispose();
    }
    const approve = await startTestServer({ env: { MCLIENT_ENROLL: '' } });
    try {
      assert.equal(approve.config.mclient.enroll, 'approve');
      assert.equal(approve.logs.some((l) => String(l.msg).startsWith('MCLIENT_ENROLL=auto')), false);
    } finally {
      await approve.dispose();
    }
  });
});

describe('a plain enrolment token stored by an older mserver (issue 14)', () => {
  it('is moved once to the 0600 file beside the database; only its hash stays; it keeps working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-legacy-token-'));
    const legacy = 'legacy-plain-token-0123456789abcdef';
    try {
      const db = openDatabase(join(dir, 'mserver.db'));
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('agent_token', ?, 1)").run(legacy);
      db.close();
      const s = await startTestServer({ dir, env: { MCLIENT_TOKEN: '' } });
      try {
        const file = join(dir, 'enrolment-token');
        assert.equal(readFileSync(file, 'utf8').trim(), legacy);
        assert.equal(statSync(file).mode & 0o777, 0o600);
        assert.equal(s.app.store.settings.get('agent_token'), undefined);
        assert.equal(s.app.store.settings.get('agent_token_hash'), hashToken(legacy));
        assert.equal(s.logText().includes(legacy), false);
        assert.equal(s.notices.join('\n').includes(legacy), false);
        const a = await TestAgent.connect(s.url, { token: legacy, register: { client_id: 'legacy-agent' } });
        await waitUntil(() => s.app.hub.isConnected('legacy-agent'), 'the moved token still enrols');
        await a.close();
      } finally {
        await s.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
