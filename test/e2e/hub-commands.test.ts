// Commands through the real dispatcher and hub to real WebSocket agents, and every outcome as stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/ports.ts';
import { TestAgent } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { startFleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const operator: Actor = { id: 'console:test', name: 'test (console)' };

async function connect(s: TestServer, id: string): Promise<TestAgent> {
  const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, host_name: `${id}-host`, containers: ['polkadot'] } });
  await waitUntil(() => s.app.hub.isConnected(id), `${id} connected`);
  return a;
}

/** Dispatches as the console operator, confirming when the policy asks for it. */
async function run(s: TestServer, command: string, target: string, params: Record<string, unknown> = {}) {
  const out = await s.app.dispatcher.dispatch({ command, target, params, actor: operator, via: 'console' });
  if (out.kind === 'running') return out.run;
  if (out.kind === 'needs_confirmation') return s.app.dispatcher.confirm(out.request.id, operator, 'console');
  throw new Error(`unexpected ${out.kind}`);
}

describe('command round trips', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { COMMAND_TIMEOUT_MS: '400' } });
  });
  after(() => s.dispose());

  it('sends the seed frame, follows progress to success, stores every state and acknowledges', async () => {
    const a = await connect(s, 'rt-1');
    const r = await run(s, 'logs', 'rt-1', { container: 'polkadot', lines: '20' });
    const frame = await a.next((f) => f.type === 'command');
    assert.deepEqual(Object.keys(frame).sort(), ['data', 'type']);
    const data = frame.data as Record<string, unknown>;
    assert.deepEqual(Object.keys(data).sort(), ['command', 'id', 'params', 'timestamp']);
    assert.match(String(data.id), /^cmd_\d{13}_\d{4}$/);
    assert.equal(data.command, 'logs');
    assert.deepEqual(data.params, { container: 'polkadot', lines: 20 });
    assert.equal(typeof data.timestamp, 'number');
    const id = String(data.id);

    a.respond(id, 'accepted');
    const ack1 = await a.next((f) => f.type === 'command_ack');
    assert.equal(ack1.command_id, id);
    assert.equal(typeof ack1.timestamp, 'number');
    await waitUntil(() => s.app.store.commands.get(id)?.state === 'progress', 'progress stored');
    a.respond(id, 'running');
    a.respond(id, 'completed', { result: { container: 'polkadot', lines: ['line 1', 'line 2'] } });
    const [final] = await r.done;
    assert.equal(final?.state, 'success');
    const row = s.app.store.commands.get(id);
    assert.equal(row?.state, 'success');
    assert.deepEqual(row?.result, { container: 'polkadot', lines: ['line 1', 'line 2'] });
    assert.deepEqual(s.app.store.commands.events(id).map((e) => e.state), ['sent', 'progress', 'progress', 'success']);
    assert.equal(s.app.dispatcher.getRequest(r.request.id)?.state, 'done');
    await a.close();
  });

  for (const status of ['failed', 'error']) {
    it(`records status "${status}" as a failure with the agent's error`, async () => {
      const a = await connect(s, `fail-${status}`);
      const r = await run(s, 'status', `fail-${status}`);
      const cmd = await a.nextCommand();
      a.respond(cmd.id, status, { error: 'docker daemon not reachable' });
      const [u] = await r.done;
      assert.equal(u?.state, 'failed');
      assert.equal(u?.error, 'docker daemon not reachable');
      assert.equal(s.app.store.commands.get(cmd.id)?.error, 'docker daemon not reachable');
      await a.close();
    });
  }

  it('times out a command without a final answer and keeps a late answer', async () => {
    const a = await connect(s, 'slow-1');
    const r = await run(s, 'status', 'slow-1');
    const cmd = await a.nextCommand();
    const [u] = await r.done;
    assert.equal(u?.state, 'timeout');
    assert.equal(s.app.store.commands.get(cmd.id)?.state, 'timeout');
    a.respond(cmd.id, 'success', { result: { late: true } });
    const ack = await a.next((f) => f.type === 'command_ack');
    assert.equal(ack.command_id, cmd.id);
    await waitUntil(() => {
      s.app.store.queue.flush();
      return s.app.store.commands.events(cmd.id).find((e) => e.state === 'late_response');
    }, 'late answer recorded');
    assert.equal(s.app.store.commands.get(cmd.id)?.state, 'timeout', 'the outcome is not rewritten');
    await a.close();
  });

  it('records not_connected for a known agent that is offline, without sending anything', async () => {
    const a = await connect(s, 'away-1');
    await a.close();
    await waitUntil(() => !s.app.hub.isConnected('away-1'), 'away-1 offline');
    const r = await run(s, 'status', 'away-1');
    const [u] = await r.done;
    assert.equal(u?.state, 'not_connected');
    assert.equal(s.app.store.commands.get(u.commandId)?.state, 'not_connected');
  });

  it('records disconnected when the agent leaves mid-command', async () => {
    const a = await connect(s, 'drop-1');
    const r = await run(s, 'restart', 'drop-1', { container: 'polkadot' });
    const cmd = await a.nextCommand();
    assert.deepEqual(cmd.params, { container: 'polkadot', stop_timeout_s: 60 });
    a.terminate();
    const [u] = await r.done;
    assert.equal(u?.state, 'disconnected');
    assert.equal(s.app.store.commands.get(cmd.id)?.state, 'disconnected');
  });

  it('refuses an unknown agent, an unknown command and bad parameters before sending anything', async () => {
    const a = await connect(s, 'strict-1');
    await assert.rejects(run(s, 'status', 'nobody-here'), /No agent called "nobody-here"/);
    await assert.rejects(run(s, 'reboot', 'strict-1'), /Unknown command "reboot"/);
    await assert.rejects(run(s, 'logs', 'strict-1', { container: 'polkadot', lines: 9000 }), /lines: expected an integer from 1 to 5000, got 9000/);
    await assert.rejects(run(s, 'logs', 'strict-1', {}), /container: required/);
    await assert.rejects(run(s, 'status', 'strict-1', { colour: 'red' }), /colour: not a parameter of status/);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(a.received.filter((f) => f.type === 'command').length, 0);
    await a.close();
  });

  it('binds a command id to its agent: another agent cannot complete it', async () => {
    const owner = await connect(s, 'owner-1');
    const intruder = await connect(s, 'intruder-1');
    const r = await run(s, 'status', 'owner-1');
    const cmd = await owner.nextCommand();
    intruder.respond(cmd.id, 'success', { result: { forged: true } });
    await intruder.next((f) => f.type === 'command_ack');
    await waitUntil(() => s.app.hub.stats().foreignResponses > 0, 'foreign response counted');
    assert.equal(s.app.store.commands.get(cmd.id)?.state, 'sent');
    owner.respond(cmd.id, 'ok', { result: { genuine: true } });
    const [u] = await r.done;
    assert.deepEqual(u?.result, { genuine: true });
    await owner.close();
    await intruder.close();
  });
});

describe('broadcast', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.dispose());

  it('sends to every connected agent and stores every outcome', async () => {
    const fleet = await startFleet({ url: s.url, clients: 150, token: TEST_TOKEN, summaryEveryMs: 0, seed: 7, responseDelayMs: [1, 30] });
    try {
      await waitUntil(() => s.app.hub.connectedIds().length === 150, '150 agents', 15_000);
      const r = await run(s, 'status', 'all');
      assert.equal(r.request.agents.length, 150);
      const outcomes = await r.done;
      assert.equal(outcomes.length, 150);
      assert.deepEqual([...new Set(outcomes.map((o) => o.state))], ['success']);
      const rows = s.app.store.commands.byRequest(r.request.id);
      assert.equal(rows.length, 150);
      assert.equal(rows.filter((c) => c.state === 'success' && c.result !== undefined).length, 150);
      assert.equal(new Set(rows.map((c) => c.id)).size, 150, 'ids are unique');
      assert.equal(fleet.stats().commandsReceived, 150);
    } finally {
      await fleet.stop();
    }
  });
});

describe('key updates and summaries', () => {
  let s: TestServer;
  before(async () => {
    // Every change is stored here; at most one a minute (the default) is shown in hub-quotas.test.ts.
    s = await startTestServer({ env: { PAYOUT_SNAPSHOT_MIN_S: '0' } });
  });
  after(() => s.dispose());

  it('stores rotate_keys key updates as history, tied to their command, and acknowledges them', async () => {
    const fleet = await startFleet({ url: s.url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 3, idPrefix: 'keys' });
    try {
      await waitUntil(() => s.app.hub.isConnected('keys-1'), 'keys-1');
      const container = fleet.agents[0]!.containers[0]!;
      const first = await run(s, 'rotate_keys', 'keys-1', { container });
      const [u1] = await first.done;
      assert.equal(u1?.state, 'success');
      const second = await run(s, 'rotate_keys', 'keys-1', { container });
      await second.done;
      const keys = s.app.store.keys.list('keys-1');
      assert.equal(keys.length, 2, 'history: both rotations kept');
      assert.notEqual(keys[0]!.sessionKey, keys[1]!.sessionKey);
      assert.equal(keys[0]!.sessionKey, fleet.agents[0]!.sessionKeys.get(container));
      assert.equal(keys[0]!.commandId, u1 && second.states.get('keys-1')?.commandId);
      assert.equal(keys[0]!.solicited, true);
      await waitUntil(() => fleet.agents[0]!.keyUpdateAcksReceived === 2, 'both key updates acknowledged');
    } finally {
      await fleet.stop();
    }
  });

  it('stores and flags a key_update that no rotate_keys asked for', async () => {
    const a = await connect(s, 'keys-2');
    a.send({ type: 'key_update', data: { container: 'polkadot', session_key: '0xabcdef', action: 'rotate_keys' } });
    const ack = await a.next((f) => f.type === 'key_update_ack');
    assert.deepEqual(Object.keys(ack).sort(), ['message', 'status', 'timestamp', 'type']);
    assert.equal(ack.status, 'success');
    assert.equal(ack.message, 'session key update stored');
    const [k] = s.app.store.keys.list('keys-2');
    assert.equal(k?.solicited, false);
    assert.equal(k?.sessionKey, '0xabcdef');
    a.send({ type: 'key_update', data: { container: 'polkadot' } });
    const bad = await a.next((f) => f.type === 'key_update_ack');
    assert.equal(bad.status, 'error');
    assert.equal(s.app.store.keys.list('keys-2').length, 1);
    await a.close();
  });

  it('keeps the latest summary per agent and a payout snapshot only when the payout state changes', async () => {
    const a = await connect(s, 'sum-1');
    const summary = (unclaimed: number[]) => ({
      type: 'summary',
      data: { host_name: 'sum-1-host', samples: 60, payout_info: { stash: '1abc', active_era: 1500, unclaimed_eras: unclaimed.map((era) => ({ era, pages_left: 1 })) } },
    });
    for (let i = 0; i < 3; i++) a.send(summary([1490, 1491]));
    a.send(summary([1491]));
    a.send({ type: 'summary', data: { host_name: 'sum-1-host', marker: 'last' } });
    await waitUntil(() => {
      s.app.store.queue.flush();
      return (s.app.store.agents.get('sum-1')?.lastSummary as { marker?: string } | undefined)?.marker === 'last';
    }, 'latest summary stored');
    const history = s.app.store.payouts.history('sum-1');
    assert.equal(history.length, 2, 'one snapshot per change, none for repeats');
    assert.equal(history[0]!.unclaimedCount, 1);
    assert.equal(history[1]!.unclaimedCount, 2);
    assert.equal(history[1]!.erasLeft, 1490 + 84 - 1500);
    await a.close();
  });
});
