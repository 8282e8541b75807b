// Retention (issue 15) with seconds' worth of days: old commands, their events and old audit rows
// disappear on schedule, while a request waiting for approval, a running command, a pending notification
// and each agent's newest payout snapshot stay; under a steady load the file stops growing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { TestAgent } from '../support/agent.ts';
import { startFleet } from '../support/sim/index.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const SECONDS = (s: number) => String(s / 86_400);
const console_ = { id: 'console:ops', name: 'ops' };
const payout = (era: number) => ({ stash: '5Stash', active_era: era, unclaimed_eras: [era - 1] });

describe('retention: old history pruned on schedule, what is still going on kept', () => {
  let s: TestServer;
  let ro: Database.Database;
  let keep: TestAgent;
  let stuck: TestAgent;
  const count = (sql: string, ...args: unknown[]) => ro.prepare(sql).pluck().get(...args) as number;

  before(async () => {
    s = await startTestServer({
      console: true,
      env: {
        RETENTION_COMMANDS_DAYS: SECONDS(2),
        RETENTION_AUDIT_DAYS: SECONDS(2),
        RETENTION_PAYOUTS_DAYS: SECONDS(2),
        RETENTION_AGENT_MESSAGES_DAYS: SECONDS(2),
        RETENTION_SWEEP_S: '1',
        PAYOUT_SNAPSHOT_MIN_S: '0',
        COMMAND_TIMEOUT_MS: '600000',
      },
    });
    ro = new Database(s.dbPath, { readonly: true });
    keep = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'keep-1', containers: ['polkadot'] } });
    stuck = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'stuck-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.connectedIds().length === 2, 'two agents');
  });
  after(async () => {
    await keep.close();
    await stuck.close();
    ro.close();
    await s.dispose();
  });

  it('prunes finished commands with their events and old audit rows; keeps a running command, a waiting approval, the newest payout snapshot and pending notifications', async () => {
    // An old finished command with a progress event, a running one, a request waiting for approval.
    const done = await s.app.dispatcher.dispatch({ command: 'status', target: 'keep-1', params: {}, actor: console_, via: 'console' });
    assert.equal(done.kind, 'running');
    const cmd = await keep.nextCommand();
    keep.respond(cmd.id, 'running');
    keep.respond(cmd.id, 'success', { result: { ok: true } });
    const running = await s.app.dispatcher.dispatch({ command: 'status', target: 'stuck-1', params: {}, actor: console_, via: 'console' });
    assert.equal(running.kind, 'running');
    const stuckCmd = await stuck.nextCommand();
    const waiting = await s.app.dispatcher.dispatch(
      { command: 'rotate_keys', target: 'keep-1', params: { container: 'polkadot' }, actor: { id: '123456789012345678', name: 'alice', discordAdmin: true }, via: 'discord' },
      { reason: 'monthly rotation' },
    );
    assert.equal(waiting.kind, 'needs_approval');
    keep.send({ type: 'summary', data: { payout_info: payout(100) } });
    keep.send({ type: 'summary', data: { payout_info: payout(101) } });
    keep.send({ type: 'something_new', data: { x: 1 } });
    // A notification that cannot be sent (Discord is off here, so it goes to a raw channel id).
    const pending = s.app.notifications.outbox.enqueue('123456789012345678', { content: 'pending' });
    assert.ok(pending !== undefined);
    await waitUntil(() => count("SELECT COUNT(*) FROM commands WHERE state = 'success'") === 1, 'the finished command stored');
    await waitUntil(() => count('SELECT COUNT(*) FROM payout_snapshots') === 2, 'two payout snapshots');
    assert.equal(count('SELECT COUNT(*) FROM command_events WHERE command_id = ?', cmd.id), 1);
    const auditBefore = count('SELECT COUNT(*) FROM audit');
    assert.ok(auditBefore >= 4);

    // Two seconds later, at the next sweep, the old history is gone.
    await waitUntil(() => count('SELECT COUNT(*) FROM commands WHERE id = ?', cmd.id) === 0, 'the finished command pruned', 8000);
    await waitUntil(() => count('SELECT COUNT(*) FROM payout_snapshots') === 1 && count('SELECT COUNT(*) FROM agent_messages') === 0, 'old snapshot and message pruned', 8000);
    await waitUntil(() => count('SELECT COUNT(*) FROM audit') === 0, 'old audit rows pruned', 8000);
    assert.equal(count('SELECT COUNT(*) FROM command_events WHERE command_id = ?', cmd.id), 0, 'its events went with it');
    assert.equal(count('SELECT COUNT(*) FROM requests WHERE id = ?', done.request.id), 0, 'its ended request too');

    // What is still going on stays, however old.
    assert.equal(ro.prepare('SELECT state FROM commands WHERE id = ?').pluck().get(stuckCmd.id), 'sent');
    assert.equal(ro.prepare('SELECT state FROM requests WHERE id = ?').pluck().get(running.request.id), 'dispatched');
    assert.equal(ro.prepare('SELECT state FROM requests WHERE id = ?').pluck().get(waiting.request.id), 'awaiting_approval');
    assert.equal(ro.prepare('SELECT active_era FROM payout_snapshots').pluck().get(), 101, 'the newest snapshot');
    assert.equal(count('SELECT COUNT(*) FROM outbox WHERE id = ? AND sent_at IS NULL', pending), 1, 'the pending notification');

    // The running command is still served: its answer lands, and the approval can still be decided.
    stuck.respond(stuckCmd.id, 'success', { result: { ok: true } });
    await waitUntil(() => ro.prepare('SELECT state FROM commands WHERE id = ?').pluck().get(stuckCmd.id) === 'success', 'the late command finished');
    assert.ok(s.logs.some((l) => l.msg === 'retention: old history pruned'));
  });

  it('history says how far back it reaches', async () => {
    // A command of its own, left running (so the sweep keeps it), for the oldest stored: it stands alone.
    await s.app.dispatcher.dispatch({ command: 'status', target: 'stuck-1', params: {}, actor: { id: 'console:ops', name: 'ops' }, via: 'console' });
    await stuck.nextCommand();
    await waitUntil(() => count('SELECT COUNT(*) FROM commands') > 0, 'a command stored');
    const from = s.consoleOut.length;
    s.type('history');
    const line = await s.waitForOutput(/Commands are kept/, 5000, from);
    assert.match(line, /Commands are kept 2 s \(RETENTION_COMMANDS_DAYS\); the oldest stored was sent \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\./);
  });
});

describe('retention: under a steady load the database stops growing', () => {
  it('writes many times what it keeps, and the file is the same size after as midway', async () => {
    const s = await startTestServer({ env: { RETENTION_COMMANDS_DAYS: SECONDS(1), RETENTION_AUDIT_DAYS: SECONDS(1), RETENTION_SWEEP_S: '1', LOG_LEVEL: 'info' } });
    const fleet = await startFleet({ url: s.url, clients: 20, token: TEST_TOKEN, summaryEveryMs: 0, seed: 15, idPrefix: 'load' });
    const ro = new Database(s.dbPath, { readonly: true });
    try {
      await waitUntil(() => s.app.hub.connectedIds().length === 20, 'twenty agents');
      let written = 0;
      const bytes = () => (ro.pragma('page_count', { simple: true }) as number) * (ro.pragma('page_size', { simple: true }) as number);
      // Broadcasts back to back for `ms`, each awaited to its last outcome; the largest size seen is kept.
      const load = async (ms: number, sampleAfterMs: number) => {
        const startedAt = Date.now();
        const end = startedAt + ms;
        let largest = 0;
        while (Date.now() < end) {
          const out = await s.app.dispatcher.dispatch({ command: 'status', target: 'all', params: {}, actor: console_, via: 'console' });
          assert.equal(out.kind, 'running');
          if (out.kind === 'running') await out.run.done;
          written += 20;
          if (Date.now() - startedAt >= sampleAfterMs) largest = Math.max(largest, bytes());
        }
        return largest;
      };
      // The first phase reaches the steady state (a second's worth kept) after a couple of sweeps.
      const midway = await load(4000, 2000);
      const writtenMidway = written;
      const end = await load(6000, 0);
      const kept = ro.prepare('SELECT COUNT(*) FROM commands').pluck().get() as number;
      assert.ok(written > 2 * writtenMidway, `twice as much written by the end (${written} vs ${writtenMidway})`);
      assert.ok(kept < written / 3, `most of it pruned: ${kept} rows kept of ${written}`);
      // Without pruning it would be well over twice the size (twice the rows); load on a shared machine
      // moves how many rows a second's worth is, hence the margin.
      assert.ok(end <= midway * 1.25, `the file stopped growing: at most ${midway} bytes in the first phase, ${end} in the second`);
    } finally {
      ro.close();
      await fleet.stop();
      await s.dispose();
    }
  });
});
