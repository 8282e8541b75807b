// Quotas (issue 15): a hostile agent holding a token reaches each quota (message types, payout churn,
// key_update flood) and a stranger without one fills the sockets waiting for a token, per address and
// in total, while a genuine agent keeps being served. Refusals are counted, the hostile agent stays
// connected, and the audit gets one row a minute per agent, not one per frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { AgentRefusedError, TestAgent } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const admin = { id: 'console:ops', name: 'ops' };

/** The genuine agent is served: a status command sent now comes back with its outcome stored. */
async function served(s: TestServer, agent: TestAgent): Promise<void> {
  const out = await s.app.dispatcher.dispatch({ command: 'status', target: agent.clientId!, params: {}, actor: admin, via: 'console' });
  assert.equal(out.kind, 'running');
  // Other commands may be on their way to it (mserver's own checks of announced keys): the status is the one answered.
  const frame = await agent.next((f) => f.type === 'command' && (f.data as { command?: unknown } | undefined)?.command === 'status');
  agent.respond(String((frame.data as { id: unknown }).id), 'success', { result: { ok: true } });
  if (out.kind === 'running') {
    const [outcome] = await out.run.done;
    assert.equal(outcome!.state, 'success');
  }
}

describe('quotas of an agent with a token', () => {
  let s: TestServer;
  let ro: Database.Database;
  let hostile: TestAgent;
  let genuine: TestAgent;
  const count = (sql: string, ...args: unknown[]) => ro.prepare(sql).pluck().get(...args) as number;
  // Which floods the hostile agent has sent: the last test sums up all three, and sends those no earlier
  // test sent, so that it stands alone.
  const flooded = new Set<'types' | 'payouts' | 'keys'>();

  /** 40 made-up types and one repeat; resolves once the 24 refused are counted. */
  async function floodTypes(): Promise<void> {
    const before = s.app.hub.stats().quotaRefusals;
    for (let i = 0; i < 40; i++) hostile.send({ type: `made_up_${i}`, data: { i } });
    // A type already stored is still updated.
    hostile.send({ type: 'made_up_3', data: { again: true } });
    await served(s, genuine);
    await waitUntil(() => s.app.hub.stats().quotaRefusals >= before + 24, '24 refusals counted');
    flooded.add('types');
  }

  /** 30 payout changes in a row (and one summary of the genuine agent); resolves once 29 are refused. */
  async function floodPayouts(): Promise<void> {
    const before = s.app.hub.stats().quotaRefusals;
    for (let era = 1000; era < 1030; era++) hostile.send({ type: 'summary', data: { payout_info: { stash: '5Hostile', active_era: era, unclaimed_eras: [era - 1] } } });
    genuine.send({ type: 'summary', data: { payout_info: { stash: '5Genuine', active_era: 1000, unclaimed_eras: [] } } });
    await served(s, genuine);
    await waitUntil(() => s.app.hub.stats().quotaRefusals >= before + 29, '29 changes refused');
    flooded.add('payouts');
  }

  /** 15 unsolicited key_update frames; resolves with their 15 acks. */
  async function floodKeys(): Promise<Array<Record<string, unknown>>> {
    for (let i = 0; i < 15; i++) hostile.send({ type: 'key_update', data: { container: 'polkadot-validator-1', session_key: `0x${String(i).padStart(64, '0')}` } });
    const acks = [];
    for (let i = 0; i < 15; i++) acks.push(await hostile.next((f) => f.type === 'key_update_ack'));
    flooded.add('keys');
    return acks;
  }

  before(async () => {
    s = await startTestServer({ env: { MCLIENT_MAX_MESSAGE_TYPES: '16', PAYOUT_SNAPSHOT_MIN_S: '60', MCLIENT_MAX_MSGS_PER_S: '1000' } });
    ro = new Database(s.dbPath, { readonly: true });
    hostile = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'hostile-1' } });
    genuine = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'genuine-1' } });
    await waitUntil(() => s.app.hub.connectedIds().length === 2, 'two agents');
  });
  after(async () => {
    await hostile.close();
    await genuine.close();
    ro.close();
    await s.dispose();
  });

  it('keeps at most MCLIENT_MAX_MESSAGE_TYPES unknown types per agent; the rest are counted, audited once', async () => {
    await floodTypes();
    s.app.store.queue.flush();
    assert.equal(count("SELECT COUNT(*) FROM agent_messages WHERE agent_id = 'hostile-1'"), 16);
    assert.equal(count("SELECT count FROM agent_messages WHERE agent_id = 'hostile-1' AND type = 'made_up_3'"), 2);
    assert.equal(count("SELECT COUNT(*) FROM audit WHERE kind = 'agent_quota' AND agent_id = 'hostile-1'"), 1, 'one audit row for the minute');
    assert.ok(s.app.hub.isConnected('hostile-1'), 'the hostile agent stays connected');
    await served(s, hostile);
  });

  it('stores a churning payout_info at most once per PAYOUT_SNAPSHOT_MIN_S', async () => {
    await floodPayouts();
    s.app.store.queue.flush();
    assert.equal(count("SELECT COUNT(*) FROM payout_snapshots WHERE agent_id = 'hostile-1'"), 1);
    assert.equal(count("SELECT active_era FROM payout_snapshots WHERE agent_id = 'hostile-1'"), 1000, 'the first change');
    assert.equal(count("SELECT COUNT(*) FROM payout_snapshots WHERE agent_id = 'genuine-1'"), 1);
    // The newest summary itself is still kept (what /nodes shows).
    assert.match(String(ro.prepare("SELECT last_summary FROM agents WHERE id = 'hostile-1'").pluck().get()), /"active_era":1029/);
    assert.equal(count("SELECT COUNT(*) FROM audit WHERE kind = 'agent_quota' AND agent_id = 'hostile-1'"), 1, 'still one audit row this minute');
  });

  it('stores at most 10 unsolicited key_update frames an hour per agent, and says so in the ack', async () => {
    const acks = await floodKeys();
    assert.equal(acks.filter((a) => a.status === 'success').length, 10);
    assert.equal(acks.filter((a) => a.status === 'error').length, 5);
    assert.match(String(acks[14]!.message), /too many key_update frames/);
    s.app.store.queue.flush();
    assert.equal(count("SELECT COUNT(*) FROM session_keys WHERE agent_id = 'hostile-1'"), 10);
    // Another agent's own key updates are not limited by it.
    genuine.send({ type: 'key_update', data: { container: 'polkadot-validator-1', session_key: '0xabc' } });
    const ack = await genuine.next((f) => f.type === 'key_update_ack');
    assert.equal(ack.status, 'success');
    await served(s, hostile);
    // mserver checks each stored key update on the node (has_session_keys), and only those: the refused
    // five cost it nothing. Counted after the status above, which was sent after them.
    const checks = hostile.received.filter((f) => f.type === 'command' && (f.data as { command?: unknown } | undefined)?.command === 'has_session_keys');
    assert.equal(checks.length, 10);
  });

  it('writes the counts of the minute in one more audit row when the window closes', async () => {
    if (!flooded.has('types')) await floodTypes();
    if (!flooded.has('payouts')) await floodPayouts();
    if (!flooded.has('keys')) await floodKeys();
    await s.stop();
    const rows = ro.prepare("SELECT detail FROM audit WHERE kind = 'agent_quota' AND agent_id = 'hostile-1' ORDER BY id").pluck().all() as string[];
    assert.equal(rows.length, 2);
    assert.deepEqual(JSON.parse(rows[1]!).refused, { message_types: 23, payout_snapshots: 29, unsolicited_key_updates: 5 });
  });
});

/** A stranger's socket with no token, from a loopback address of its choice; resolves with its close code. */
function stranger(url: string, localAddress: string): { opened: Promise<void>; closed: Promise<number>; ws: WebSocket } {
  const ws = new WebSocket(url, { localAddress });
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { opened, closed, ws };
}

describe('sockets waiting for a token', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { MCLIENT_MAX_UNAUTHENTICATED: '24', MCLIENT_REGISTER_TIMEOUT_MS: '30000' } });
  });
  after(async () => {
    await s.dispose();
  });

  it('closes the 17th from one address and the 25th in total with 4429; agents with a token keep connecting', async () => {
    const fromTwo = Array.from({ length: 17 }, () => stranger(s.url, '127.0.0.2'));
    const codes = await Promise.all(fromTwo.map((c) => Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(0), 1500))])));
    assert.equal(codes.filter((c) => c === 4429).length, 1, 'one over the 16 of an address');
    assert.equal(codes.filter((c) => c === 0).length, 16, 'sixteen still waiting');

    const fromThree = Array.from({ length: 10 }, () => stranger(s.url, '127.0.0.3'));
    const more = await Promise.all(fromThree.map((c) => Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(0), 1500))])));
    assert.equal(more.filter((c) => c === 0).length, 8, 'eight more, to the 24 in total');
    assert.equal(more.filter((c) => c === 4429).length, 2);

    // A genuine agent presenting its token at the upgrade never waits here, and is served.
    const genuine = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'genuine-2' } });
    await waitUntil(() => s.app.hub.isConnected('genuine-2'), 'the genuine agent connected');
    await served(s, genuine);

    // A waiting socket that authenticates frees its place: one that sends its token in the register.
    const late = await TestAgent.connect(s.url, { token: TEST_TOKEN, tokenIn: 'register', register: { client_id: 'late-1' } }).catch((e: Error) => e);
    assert.ok(late instanceof AgentRefusedError, 'no place for a register-token agent while the gate is full');
    assert.equal(late.code, 4429);
    for (const c of fromTwo.slice(0, 4)) c.ws.close();
    await Promise.all(fromTwo.slice(0, 4).map((c) => c.closed));
    const registered = await TestAgent.connect(s.url, { token: TEST_TOKEN, tokenIn: 'register', register: { client_id: 'late-2' } });
    await waitUntil(() => s.app.hub.isConnected('late-2'), 'a register-token agent admitted once places are free');
    const refused = s.logs.filter((l) => l.msg === 'agent refused' && String(l.reason).includes('waiting for a token'));
    assert.ok(refused.length >= 1);
    await registered.close();
    await genuine.close();
    for (const c of [...fromTwo, ...fromThree]) c.ws.terminate();
  });
});
