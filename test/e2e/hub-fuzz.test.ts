// Property-based fuzzing of the hub through a real mserver (issue 8, "Hostile or broken agents"): agents
// send generated frames of every type, valid ones with hostile fields, random JSON, raw text, invalid
// UTF-8 and binary frames, interleaved with real commands. After every batch: no handler error, no
// unhandled rejection, no prototype pollution, the SQLite file is intact and every stored row is
// well-formed, a command sent to another agent was not touched by these frames, and each agent still
// completes a real command round trip.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CommandHandle, CommandState } from '../../src/core/ports.ts';
import { TestAgent } from '../support/agent.ts';
import { describeSpec, fuzzFrame, wireFrame, type FrameSpec } from '../support/fuzz-frames.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const AGENTS = 4;
const FRAMES_PER_AGENT = 200;
const RUNS = 25;
const MAX_FRAME = 1024 * 1024;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const STATES: ReadonlySet<string> = new Set<CommandState>(['sent', 'progress', 'success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted']);
const EVENT_STATES: ReadonlySet<string> = new Set([...STATES, 'late_response']);
const SELF_COMMANDS = ['status', 'logs', 'backup_keys', 'rotate_keys'];

const parses = (text: unknown): boolean => {
  if (text === null) return true;
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const isEraOrNull = (v: unknown) => v === null || Number.isSafeInteger(v);

describe('hub fuzz: hostile frames from several agents through a real mserver', () => {
  let s: TestServer;
  const agents: Array<{ id: string; a: TestAgent }> = [];
  const rejections: unknown[] = [];
  const onRejection = (err: unknown) => rejections.push(err);
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join();
  const arrayProtoBefore = Object.getOwnPropertyNames(Array.prototype).sort().join();
  const lastRowid: Record<string, number> = {};

  before(async () => {
    process.on('unhandledRejection', onRejection);
    s = await startTestServer({ env: { MCLIENT_MAX_MSGS_PER_S: '100000', MCLIENT_MAX_FRAME_BYTES: String(MAX_FRAME), LOG_LEVEL: 'info' } });
    for (let n = 1; n <= AGENTS; n++) {
      const id = `fuzz-${n}`;
      agents.push({ id, a: await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, host_name: `${id}-host`, containers: ['polkadot'] } }) });
    }
    await waitUntil(() => agents.every(({ id }) => s.app.hub.isConnected(id)), 'fuzz agents connected');
  });

  after(async () => {
    process.off('unhandledRejection', onRejection);
    for (const { a } of agents) await a.close();
    await s.dispose();
  });

  /** New rows of a table since the last check (rowid tables), or all of them (agents). */
  function newRows(table: string): Array<Record<string, unknown>> {
    const from = lastRowid[table] ?? 0;
    const rows = s.app.store.db.prepare(`SELECT rowid AS _rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid`).all(from) as Array<Record<string, unknown>>;
    if (rows.length > 0) lastRowid[table] = rows[rows.length - 1]!._rowid as number;
    return rows;
  }

  function checkStore(): void {
    const db = s.app.store.db;
    s.app.store.queue.flush();
    assert.deepEqual(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    for (const c of newRows('commands')) {
      assert.ok(STATES.has(String(c.state)), `command state ${String(c.state)}`);
      assert.ok(parses(c.params) && c.params !== null, `params of ${String(c.id)}`);
      assert.ok(parses(c.result), `result of ${String(c.id)} is JSON`);
      assert.ok(c.error === null || typeof c.error === 'string');
    }
    for (const e of newRows('command_events')) {
      assert.ok(EVENT_STATES.has(String(e.state)), `event state ${String(e.state)}`);
      assert.ok(e.detail === null || typeof e.detail === 'string');
    }
    for (const k of newRows('session_keys')) {
      assert.ok(k.solicited === 0 || k.solicited === 1);
      assert.equal(typeof k.session_key, 'string');
      assert.equal(typeof k.container, 'string');
      if (k.command_id !== null) assert.ok(s.app.store.commands.get(String(k.command_id)), 'a key_update names a real command');
    }
    for (const p of newRows('payout_snapshots')) {
      assert.ok(parses(p.payout_info) && p.payout_info !== null, 'payout_info is JSON');
      assert.ok(parses(p.digest), 'digest is JSON');
      for (const col of ['active_era', 'unclaimed_count', 'oldest_unclaimed_era', 'eras_left']) assert.ok(isEraOrNull(p[col]), `${col}: ${String(p[col])}`);
    }
    for (const a of newRows('audit')) assert.ok(parses(a.detail), 'audit detail is JSON');
    for (const m of db.prepare('SELECT * FROM agent_messages').all() as Array<Record<string, unknown>>) {
      assert.ok(parses(m.body) && m.body !== null, `agent_messages body for ${String(m.type)}`);
      assert.ok(typeof m.type === 'string' && m.type.length <= 64);
    }
    for (const a of db.prepare('SELECT * FROM agents').all() as Array<Record<string, unknown>>) {
      const containers: unknown = a.containers === null ? [] : JSON.parse(String(a.containers));
      assert.ok(Array.isArray(containers) && containers.every((c) => typeof c === 'string'), `containers of ${String(a.id)}`);
      if (a.last_summary !== null) {
        const summary: unknown = JSON.parse(String(a.last_summary));
        assert.ok(summary !== null && typeof summary === 'object' && !Array.isArray(summary), 'a summary is an object');
      }
    }
  }

  async function roundTrip(id: string, a: TestAgent, handle: CommandHandle): Promise<void> {
    await a.next((f) => f.type === 'command' && (f.data as { id?: unknown } | undefined)?.id === handle.commandId, 5000);
    a.respond(handle.commandId, 'success', { result: { genuine: id } });
    const u = await handle.done;
    assert.equal(u.state, 'success', `${id}: the real command ended ${u.state}`);
    assert.deepEqual(u.result, { genuine: id });
  }

  it(`survives ${RUNS} batches of ${AGENTS} x ${FRAMES_PER_AGENT} generated frames and keeps answering`, async (t) => {
    let framesSent = 0;
    let bytesSent = 0;
    let skipped = 0;
    let serial = 0;
    let lastBatch: FrameSpec[][] = [];
    const started = Date.now();

    const property = fc.asyncProperty(fc.array(fc.array(fuzzFrame(), { minLength: FRAMES_PER_AGENT, maxLength: FRAMES_PER_AGENT }), { minLength: AGENTS, maxLength: AGENTS }), async (batch) => {
      lastBatch = batch;
      const hub = s.app.hub;
      // A command of each agent's own that its frames may answer, and a decoy that only the other agents' frames name.
      const own = agents.map(({ id }, i) => hub.send({ agentIds: [id], command: SELF_COMMANDS[(serial + i) % SELF_COMMANDS.length]!, params: { container: 'polkadot' }, requestId: null, timeoutMs: 60_000 }).handles[0]!);
      const decoys = agents.map(({ id }) => hub.send({ agentIds: [id], command: 'status', params: {}, requestId: null, timeoutMs: 60_000 }).handles[0]!);
      const framesBefore = hub.stats().framesIn;
      let sent = 0;
      agents.forEach(({ id, a }, i) => {
        const foreignIds = decoys.filter((_, j) => j !== i).map((d) => d.commandId);
        for (const spec of batch[i]!) {
          const wire = wireFrame(spec, { agentId: id, ownIds: [own[i]!.commandId], foreignIds, serial: serial++, ownIdentityOnly: true });
          if (wire.bytes.length > MAX_FRAME - 16) {
            skipped += 1;
            continue;
          }
          if (wire.binary) a.send(wire.bytes);
          else a.sendTextBytes(wire.bytes);
          sent += 1;
          bytesSent += wire.bytes.length;
        }
      });
      framesSent += sent;
      await waitUntil(() => hub.stats().framesIn >= framesBefore + sent, `${sent} frames handled`, 15_000);

      assert.equal(hub.stats().handlerErrors, 0, `no handler error: ${JSON.stringify(s.logs.filter((l) => Number(l.level) >= 50).slice(0, 3)).slice(0, 1500)}`);
      assert.deepEqual(rejections, [], 'no unhandled rejection');
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
      assert.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(), protoBefore);
      assert.equal(Object.getOwnPropertyNames(Array.prototype).sort().join(), arrayProtoBefore);
      for (const { id, a } of agents) {
        assert.equal(hub.isConnected(id), true, `${id} still connected`);
        assert.equal(a.readyState, 1, `${id} socket open`);
      }
      s.app.store.queue.flush();
      // Ids are bound to their agent: nothing the other agents sent moved a decoy.
      for (const d of decoys) {
        assert.equal(s.app.store.commands.get(d.commandId)?.state, 'sent', `decoy ${d.commandId} untouched`);
        assert.deepEqual(s.app.store.commands.events(d.commandId).map((e) => e.state), ['sent']);
      }
      await Promise.all(agents.map(({ id, a }, i) => roundTrip(id, a, decoys[i]!)));
      // Each agent's own command may have been ended by its frames; end the rest and check the outcome is stored.
      for (const [i, o] of own.entries()) {
        const state = s.app.store.commands.get(o.commandId)?.state;
        if (state === 'sent' || state === 'progress') agents[i]!.a.respond(o.commandId, 'failed', { error: 'end of batch' });
        const u = await o.done;
        assert.equal(s.app.store.commands.get(o.commandId)?.state, u.state);
      }
      checkStore();
      const errors = s.logs.filter((l) => Number(l.level) >= 50);
      assert.deepEqual(errors, [], 'no error logged');
    });

    const out = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
    const seconds = (Date.now() - started) / 1000;
    const stats = s.app.hub.stats();
    t.diagnostic(
      `hub fuzz: ${framesSent} frames (${(bytesSent / 1e6).toFixed(1)} MB, ${skipped} over the limit not sent) in ${seconds.toFixed(1)} s, seed ${SEED}; ` +
        `malformed ${stats.malformed}, unknown types ${stats.unknownTypes}, unknown/foreign/late responses ${stats.unknownResponses}/${stats.foreignResponses}/${stats.lateResponses}`,
    );
    if (out.failed) {
      const sample = lastBatch.flat().slice(0, 5).map(describeSpec).join('\n  ');
      throw new Error(
        `hub fuzz failed after ${out.numRuns} batch(es); replay with FUZZ_SEED=${SEED} (fast-check seed ${out.seed}, path ${out.counterexamplePath ?? '?'}):\n` +
          `${String((out.errorInstance as Error | undefined)?.stack ?? out.errorInstance)}\nfirst frames of the failing batch:\n  ${sample}`,
      );
    }
    assert.ok(framesSent >= 20_000 * 0.95, `frames sent: ${framesSent}`);
  });
});
