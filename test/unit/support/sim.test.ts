import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { AgentRefusedError, TestAgent } from '../../support/agent.ts';
import { parseSimArgs } from '../../support/sim/cli-options.ts';
import { startFleet } from '../../support/sim/fleet.ts';
import type { Fleet } from '../../support/sim/fleet.ts';
import type { FleetEvent } from '../../support/sim/fleet-event.ts';
import type { FleetOptions } from '../../support/sim/fleet-options.ts';
import { SummaryScheduler } from '../../support/sim/summary-scheduler.ts';

type Frame = Record<string, unknown>;

/** One connection as the tiny server sees it. */
class Conn {
  readonly frames: Frame[] = [];
  readonly closed: Promise<number>;
  readonly ws: WebSocket;
  readonly req: IncomingMessage;
  #waiters: Array<() => void> = [];

  constructor(ws: WebSocket, req: IncomingMessage) {
    this.ws = ws;
    this.req = req;
    ws.on('message', (raw, isBinary) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(raw)) as Frame;
      } catch {
        frame = { unparsed: String(raw) };
      }
      this.frames.push(isBinary ? { binary: frame } : frame);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Waits (bounded) for a frame matching `predicate` at or after index `from`. */
  async waitFor(predicate: (f: Frame) => boolean, timeoutMs = 3000, from = 0): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.slice(from).find(predicate);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends a command and returns its final command_response data (bounded). */
  async command(id: string, command: string, params: Record<string, unknown> = {}): Promise<Frame> {
    this.send({ type: 'command', data: { id, command, params, timestamp: Date.now() } });
    const f = await this.waitFor((x) => x.type === 'command_response' && isFinal(x) && data(x).id === id);
    return data(f);
  }
}

function data(f: Frame): Frame {
  return f.data as Frame;
}

function isFinal(f: Frame): boolean {
  const s = data(f).status;
  return s !== 'accepted' && s !== 'running' && s !== 'in_progress';
}

/** A stand-in for mserver: accepts everything (or checks a token), records every connection. */
class TinyServer {
  readonly conns: Conn[] = [];
  readonly #wss: WebSocketServer;
  #waiters: Array<() => void> = [];

  private constructor(wss: WebSocketServer) {
    this.#wss = wss;
    wss.on('connection', (ws, req) => {
      this.conns.push(new Conn(ws, req));
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static async start(opts: { refuseHttp?: number } = {}): Promise<TinyServer> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      ...(opts.refuseHttp ? { verifyClient: (_info: unknown, cb: (ok: boolean, code?: number) => void) => cb(false, opts.refuseHttp) } : {}),
    });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    return new TinyServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#wss.address() as AddressInfo).port}`;
  }

  /** The `n`th connection (0-based), waiting for it if need be. */
  async conn(n: number, timeoutMs = 3000): Promise<Conn> {
    const deadline = Date.now() + timeoutMs;
    while (!this.conns[n]) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`connection #${n} did not arrive within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.conns[n] as Conn;
  }

  async close(): Promise<void> {
    for (const c of this.#wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

const servers: TinyServer[] = [];
const fleets: Fleet[] = [];
after(async () => {
  await Promise.all(fleets.map((f) => f.stop()));
  await Promise.all(servers.map((s) => s.close()));
});

async function server(opts?: { refuseHttp?: number }): Promise<TinyServer> {
  const s = await TinyServer.start(opts);
  servers.push(s);
  return s;
}

async function fleet(opts: FleetOptions): Promise<Fleet> {
  const f = await startFleet({ summaryEveryMs: 0, responseDelayMs: [0, 5], seed: 7, ...opts });
  fleets.push(f);
  return f;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const KEYS = /^0x[0-9a-f]{384}$/;

describe('sim fleet', () => {
  test('a modern agent registers first, with the documented shape', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 2 });
    const c = await s.conn(0);
    const first = await c.waitFor(() => true);
    const agent = f.agents.find((a) => a.id === (data(first).client_id as string));
    assert.ok(agent);
    assert.deepEqual(first, {
      type: 'register',
      data: { client_id: agent.id, host_name: agent.hostName, version: 'sim', containers: ['polkadot-validator-1', 'kusama-validator-2'] },
    });
    assert.deepEqual(
      f.agents.map((a) => [a.id, a.hostName]),
      [
        ['sim-1', 'sim-host-1'],
        ['sim-2', 'sim-host-2'],
      ],
    );
    assert.equal(f.stats().connected, 2);
  });

  test('ids are zero-padded to the width of the fleet', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 12, idPrefix: 'val' });
    assert.equal(f.agents[0]?.id, 'val-01');
    assert.equal(f.agents[11]?.hostName, 'val-host-12');
  });

  test('a legacy agent sends a summary with host_name at once and never registers', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 1, legacy: true });
    const c = await s.conn(0);
    const first = await c.waitFor(() => true);
    const agent = f.agents[0];
    assert.ok(agent);
    assert.equal(first.type, 'summary');
    assert.equal(first.host_name, agent.hostName);
    assert.equal(agent.identity, agent.hostName);
    const d = data(first);
    assert.equal(d.host_name, agent.hostName);
    assert.equal(d.samples, 60);
    assert.equal(typeof d.timestamp, 'number');
    const containers = d.containers as Frame[];
    assert.equal(containers.length, 2);
    for (const k of ['name', 'state', 'cpu_pct', 'mem_mb', 'best_block', 'finalized_block', 'peers']) assert.ok(k in (containers[0] as Frame), k);
    const p = d.payout_info as Frame;
    assert.equal(p.chain, 'polkadot');
    assert.equal(p.history_depth, 84);
    for (const k of ['stash', 'active_era', 'unclaimed_eras', 'oldest_unclaimed_era', 'eras_left_before_expiry']) assert.ok(k in p, k);
    f.sendSummaries();
    await c.waitFor((x) => x.type === 'summary', 3000, 1);
    assert.ok(c.frames.every((x) => x.type !== 'register'));
    assert.equal(f.stats().summariesSent, 2);
  });

  test('every one of the 12 commands gets a well-formed answer', async () => {
    const s = await server();
    const events: FleetEvent[] = [];
    const f = await fleet({ url: s.url, clients: 1, onEvent: (e) => events.push(e) });
    const c = await s.conn(0);
    const agent = f.agents[0];
    assert.ok(agent);
    const ok = (r: Frame): unknown => {
      assert.equal(r.status, 'success', JSON.stringify(r));
      assert.ok(!('error' in r));
      return r.result;
    };
    const pd = 'polkadot-validator-1';

    const status = ok(await c.command('c1', 'status')) as { containers: Frame[]; payout_info: Frame };
    assert.equal(status.containers.length, 2);
    const s0 = status.containers[0] as Frame;
    assert.deepEqual(Object.keys(s0).sort(), ['best_block', 'finalized_block', 'has_session_keys', 'is_syncing', 'name', 'peers', 'state', 'uptime_s', 'version']);
    assert.equal(s0.state, 'running');
    assert.equal(s0.version, '1.16.2');
    assert.ok((s0.finalized_block as number) < (s0.best_block as number));
    assert.equal((ok(await c.command('c1b', 'status', { container: 'kusama-validator-2' })) as { containers: Frame[] }).containers.length, 1);

    const logs = ok(await c.command('c2', 'logs', { container: pd, lines: 7 })) as { container: string; lines: string[] };
    assert.equal(logs.container, pd);
    assert.equal(logs.lines.length, 7);
    for (const line of logs.lines) assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ /);
    assert.ok(logs.lines.some((l) => /💤 Idle \(\d+ peers\), best: #\d+/.test(l)));
    assert.equal((ok(await c.command('c2b', 'logs', { container: pd })) as { lines: string[] }).lines.length, 100);

    assert.deepEqual(ok(await c.command('c3', 'stop', { container: pd, reason: 'maintenance' })), { container: pd, state: 'exited', exit_code: 0, reason: 'maintenance' });
    const stopped = (ok(await c.command('c3b', 'status', { container: pd })) as { containers: Frame[] }).containers[0] as Frame;
    assert.equal(stopped.state, 'exited');
    assert.equal((await c.command('c3c', 'exec', { container: pd, command: 'df -h' })).status, 'failed');
    assert.equal((ok(await c.command('c4', 'start', { container: pd })) as Frame).state, 'running');

    const before = c.frames.length;
    const restart = ok(await c.command('c5', 'restart', { container: pd, stop_timeout_s: 30 })) as Frame;
    assert.equal(restart.state, 'running');
    assert.equal(restart.is_syncing, true);
    const progress = c.frames.slice(before).filter((x) => x.type === 'command_response').map((x) => data(x).status);
    assert.deepEqual(progress, ['accepted', 'running', 'success']);

    const exec = ok(await c.command('c6', 'exec', { container: pd, command: 'df -h' })) as Frame;
    assert.equal(exec.exit_code, 0);
    assert.match(exec.stdout as string, /Filesystem/);
    assert.equal(exec.stderr, '');

    const backup = ok(await c.command('c7', 'backup_keys', { container: pd })) as Frame;
    assert.deepEqual(Object.keys(backup).sort(), ['container', 'path', 'sha256', 'size_bytes']);
    assert.match(backup.path as string, /^\/backups\/.+\.tar\.gz$/);
    assert.match(backup.sha256 as string, /^[0-9a-f]{64}$/);

    agent.setPayout({ activeEra: 1500, unclaimedEras: [1420, 1421, 1499], accrue: false });
    const payout = ok(await c.command('c8', 'payout', { max_eras: 2 })) as { payouts: Frame[]; still_unclaimed: number[]; stash: string };
    assert.deepEqual(payout.payouts.map((p) => p.era), [1420, 1421]);
    for (const p of payout.payouts) {
      assert.match(p.tx_hash as string, /^0x[0-9a-f]{64}$/);
      assert.equal(typeof p.amount, 'number');
    }
    assert.deepEqual(payout.still_unclaimed, [1499]);
    assert.equal(payout.stash, agent.payout.stash);
    const info = data(agent.summaryFrame()).payout_info as Frame;
    assert.deepEqual((info.unclaimed_eras as Frame[]).map((u) => u.era), [1499]);
    assert.equal(info.oldest_unclaimed_era, 1499);
    assert.equal(info.eras_left_before_expiry, 83);

    const oldKeys = agent.sessionKeys.get(pd);
    assert.match(oldKeys ?? '', KEYS);
    assert.equal(ok(await c.command('c9', 'has_session_keys', { container: pd, session_keys: oldKeys })), true);
    const gran = '0x' + (oldKeys ?? '').slice(2, 66);
    assert.equal(ok(await c.command('c9b', 'has_key', { container: pd, key_type: 'gran', public_key: gran })), true);
    assert.equal(ok(await c.command('c9c', 'has_key', { container: pd, key_type: 'babe', public_key: gran })), false);

    const mark = c.frames.length;
    const rotated = ok(await c.command('c10', 'rotate_keys', { container: pd })) as Frame;
    const after = c.frames.slice(mark);
    const ku = after.findIndex((x) => x.type === 'key_update');
    const resp = after.findIndex((x) => x.type === 'command_response' && data(x).id === 'c10' && isFinal(x));
    assert.ok(ku >= 0 && ku < resp, 'key_update comes before the response');
    const kud = data(after[ku] as Frame);
    assert.deepEqual(kud, { container: pd, session_key: rotated.session_key, action: 'rotate_keys' });
    assert.match(rotated.session_key as string, KEYS);
    assert.equal(agent.sessionKeys.get(pd), rotated.session_key);
    assert.equal(ok(await c.command('c11', 'has_session_keys', { container: pd, session_keys: oldKeys })), false);
    assert.equal(ok(await c.command('c11b', 'has_session_keys', { container: pd, session_keys: rotated.session_key })), true);

    const check = ok(await c.command('c12', 'check_keys', { container: pd })) as Frame;
    assert.equal(check.has_session_keys, true);
    assert.equal(check.session_keys, rotated.session_key);
    assert.equal(check.on_chain_match, false, 'the chain still has the old keys until set_keys');
    agent.setKeysOnChain(pd);
    assert.equal((ok(await c.command('c12b', 'check_keys', { container: pd })) as Frame).on_chain_match, true);

    const unknown = await c.command('c13', 'logs', { container: 'nope', lines: 5 });
    assert.deepEqual(unknown, { id: 'c13', status: 'failed', error: 'No such container: nope' });
    assert.equal((await c.command('c14', 'reboot_host')).error, 'Unknown command: reboot_host');

    const st = f.stats();
    assert.equal(st.commandsReceived, st.responsesSent);
    assert.equal(st.keyUpdatesSent, 1);
    assert.ok(events.some((e) => e.type === 'key_update'));
    const answered = new Set(events.filter((e) => e.type === 'response').map((e) => (e as { command: string }).command));
    for (const cmd of ['start', 'stop', 'restart', 'logs', 'status', 'exec', 'backup_keys', 'payout', 'rotate_keys', 'check_keys', 'has_session_keys', 'has_key']) {
      assert.ok(answered.has(cmd), cmd);
    }
  });

  test('acks from the server are recorded', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 1 });
    const c = await s.conn(0);
    c.send({ type: 'command_ack', timestamp: Date.now(), command_id: 'cmd_1_1234' });
    c.send({ type: 'key_update_ack', status: 'success', timestamp: Date.now(), message: 'stored' });
    c.send({ type: 'something_new', x: 1 });
    const deadline = Date.now() + 2000;
    while (f.stats().otherFramesReceived < 1 && Date.now() < deadline) await sleep(10);
    const st = f.stats();
    assert.equal(st.commandAcksReceived, 1);
    assert.equal(st.keyUpdateAcksReceived, 1);
    assert.equal(f.agents[0]?.lastAck?.type, 'key_update_ack');
  });

  test('failCommands, failRate, stallCommands, disconnectOnCommands and reconnect', async () => {
    const s = await server();
    const f = await fleet({
      url: s.url,
      clients: 1,
      failCommands: ['restart'],
      stallCommands: ['logs'],
      disconnectOnCommands: ['stop'],
      reconnectDelayMs: 100,
    });
    const c = await s.conn(0);
    const pd = 'polkadot-validator-1';
    const restart = await c.command('r1', 'restart', { container: pd });
    assert.equal(restart.status, 'failed');
    assert.match(restart.error as string, /Cannot restart container polkadot-validator-1/);
    assert.equal(f.agents[0]?.container(pd)?.running, true, 'a failed command changes nothing');

    c.send({ type: 'command', data: { id: 'l1', command: 'logs', params: { container: pd }, timestamp: Date.now() } });
    await sleep(300);
    assert.ok(!c.frames.some((x) => x.type === 'command_response' && data(x).id === 'l1'), 'a stalled command is never answered');

    c.send({ type: 'command', data: { id: 's1', command: 'stop', params: { container: pd }, timestamp: Date.now() } });
    const code = await c.closed;
    assert.equal(code, 1006, 'dropped without a close frame');
    assert.ok(!c.frames.some((x) => x.type === 'command_response' && data(x).id === 's1'));
    const again = await s.conn(1, 3000);
    assert.equal((await again.waitFor(() => true)).type, 'register');
    await f.waitConnected(1, 2000);
    assert.equal(f.stats().connects, 2);
    assert.equal(f.stats().disconnects, 1);

    const g = await fleet({ url: s.url, clients: 1, failRate: 1, idPrefix: 'flaky' });
    const gc = await s.conn(2);
    assert.ok(g.agents[0]);
    const r = await gc.command('x1', 'status');
    assert.equal(r.status, 'failed');
    assert.match(r.error as string, /Docker daemon/);
  });

  test('a disconnected agent without reconnect stays down; disconnect() can force one', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 1, reconnect: false, reconnectDelayMs: 50 });
    const a = f.agents[0];
    assert.ok(a);
    const c0 = await s.conn(0);
    a.disconnect();
    assert.equal(await c0.closed, 1001);
    await sleep(200);
    assert.equal(s.conns.length, 1);
    assert.equal(a.connected, false);
    await a.connect();
    assert.equal(a.connected, true);
    const c1 = await s.conn(1);
    a.disconnect({ abrupt: true, reconnect: true });
    assert.equal(await c1.closed, 1006);
    await s.conn(2, 2000);
    await f.waitConnected(1, 2000);
  });

  test('summaries come from one staggered scheduler', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 3, summaryEveryMs: 200 });
    await sleep(650);
    const perConn = s.conns.map((c) => c.frames.filter((x) => x.type === 'summary').length);
    assert.equal(perConn.length, 3);
    for (const n of perConn) assert.ok(n >= 2 && n <= 4, `summaries per agent: ${perConn.join(',')}`);
    await f.stop();
    const total = f.stats().summariesSent;
    await sleep(250);
    assert.equal(f.stats().summariesSent, total, 'nothing is sent after stop()');
  });

  test('the scheduler spreads even a small fleet over the whole period', async () => {
    const sentAt: number[] = [];
    const t0 = Date.now();
    const sched = new SummaryScheduler<{ sendSummary(): boolean }>(1000, 4);
    for (let i = 0; i < 4; i++) sched.add({ sendSummary: () => sentAt.push(Date.now() - t0) > 0 });
    sched.start();
    await sleep(1120);
    sched.stop();
    assert.equal(sentAt.length, 4, `sent at ${sentAt.join(',')}`);
    for (let i = 1; i < 4; i++) assert.ok((sentAt[i] as number) - (sentAt[i - 1] as number) >= 150, `sent at ${sentAt.join(',')}`);
  });

  test('a slow command on the disconnect list says accepted, then the agent drops', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 1, disconnectOnCommands: ['rotate_keys'], reconnect: false });
    const c = await s.conn(0);
    const keys = f.agents[0]?.sessionKeys.get('polkadot-validator-1');
    c.send({ type: 'command', data: { id: 'k1', command: 'rotate_keys', params: { container: 'polkadot-validator-1' }, timestamp: Date.now() } });
    assert.equal(await c.closed, 1006);
    assert.deepEqual(
      c.frames.filter((x) => x.type !== 'register'),
      [{ type: 'command_response', data: { id: 'k1', status: 'accepted' } }],
    );
    assert.equal(f.agents[0]?.sessionKeys.get('polkadot-validator-1'), keys, 'the keys did not change');
    await sleep(100);
    assert.equal(s.conns.length, 1);
  });

  test('unclaimed eras accumulate as the era advances and expire after history_depth', async () => {
    const s = await server();
    const f = await fleet({ url: s.url, clients: 1, eraEveryMs: 100 });
    const a = f.agents[0];
    assert.ok(a);
    a.setPayout({ unclaimedEras: [], accrue: true });
    await sleep(450);
    const info = data(a.summaryFrame()).payout_info as Frame;
    const eras = (info.unclaimed_eras as Frame[]).map((u) => u.era as number);
    assert.ok(eras.length >= 2, `accumulated ${eras.length}`);
    assert.ok(eras.every((e) => e < (info.active_era as number)));
    a.setPayout({ activeEra: 2000, unclaimedEras: [1915, 1916, 1990], accrue: false });
    const pinned = data(a.summaryFrame()).payout_info as Frame;
    assert.equal(pinned.oldest_unclaimed_era, 1916, 'era 1915 is beyond the 84-era history');
    assert.equal(pinned.eras_left_before_expiry, 0);
    a.setPayout({ raw: { something: 'else' } });
    assert.deepEqual(data(a.summaryFrame()).payout_info, { something: 'else' });
    a.setPayout(null);
    assert.ok(!('payout_info' in data(a.summaryFrame())));
  });

  test('500 agents connect with bounded concurrency and are counted', async () => {
    const s = await server();
    const connects: string[] = [];
    const f = await fleet({ url: s.url, clients: 500, concurrency: 50, onEvent: (e) => e.type === 'connected' && connects.push(e.agent) });
    assert.equal(f.stats().connected, 500);
    assert.equal(s.conns.length, 500);
    assert.equal(new Set(connects).size, 500);
    assert.equal(f.agents[499]?.id, 'sim-500');
    assert.equal(f.sendSummaries(), 500);
    const deadline = Date.now() + 5000;
    const summaries = (): number => s.conns.reduce((n, c) => n + c.frames.filter((x) => x.type === 'summary').length, 0);
    while (summaries() < 500 && Date.now() < deadline) await sleep(20);
    assert.equal(summaries(), 500);
    assert.equal(f.stats().summariesSent, 500);
    await f.stop();
    assert.equal(f.stats().connected, 0);
  });

  test('the token goes where it is asked', async () => {
    const s = await server();
    await fleet({ url: s.url, clients: 1, token: 'tok-h', idPrefix: 'h' });
    const h = await s.conn(0);
    assert.equal(h.req.headers.authorization, 'Bearer tok-h');
    await fleet({ url: s.url, clients: 1, token: 'tok q', tokenIn: 'query', idPrefix: 'q' });
    const q = await s.conn(1);
    assert.equal(new URL(q.req.url ?? '', 'http://x').searchParams.get('token'), 'tok q');
    assert.equal(q.req.headers.authorization, undefined);
    await fleet({ url: s.url, clients: 1, token: 'tok-r', tokenIn: 'register', idPrefix: 'r' });
    const r = await s.conn(2);
    assert.equal(data(await r.waitFor((x) => x.type === 'register')).token, 'tok-r');
    assert.equal(r.req.headers.authorization, undefined);
    await assert.rejects(startFleet({ url: s.url, clients: 1, token: 't', tokenIn: 'register', legacy: true }), /legacy/);
  });

  test('an agent refused at the upgrade counts errors and retries', async () => {
    const s = await server({ refuseHttp: 401 });
    const errors: string[] = [];
    const f = await fleet({ url: s.url, clients: 1, reconnectDelayMs: 50, onEvent: (e) => e.type === 'error' && errors.push(e.message) });
    assert.equal(f.stats().connected, 0);
    await sleep(200);
    assert.ok(errors.length >= 2, `retried: ${errors.length}`);
    assert.match(errors[0] ?? '', /401/);
  });
});

describe('TestAgent', () => {
  test('registers, then next/nextCommand/respond work in order', async () => {
    const s = await server();
    const agent = await TestAgent.connect(s.url, { register: { client_id: 'ta-1', host_name: 'host-ta' } });
    const c = await s.conn(0);
    assert.deepEqual(await c.waitFor(() => true), {
      type: 'register',
      data: { client_id: 'ta-1', host_name: 'host-ta', version: 'test', containers: ['polkadot-validator-1'] },
    });
    c.send({ type: 'hello', n: 1 });
    c.send({ type: 'command', data: { id: 'cmd_1_0001', command: 'status', params: { container: 'x' }, timestamp: 5 } });
    c.send({ type: 'hello', n: 2 });
    const cmd = await agent.nextCommand();
    assert.deepEqual(cmd, { id: 'cmd_1_0001', command: 'status', params: { container: 'x' }, timestamp: 5 });
    assert.deepEqual(await agent.next(), { type: 'hello', n: 1 });
    assert.deepEqual(await agent.next((f) => f.type === 'hello'), { type: 'hello', n: 2 });
    assert.equal(agent.received.length, 3);
    agent.respond(cmd.id, 'success', { result: { ok: true } });
    assert.deepEqual(await c.waitFor((f) => f.type === 'command_response'), {
      type: 'command_response',
      data: { id: 'cmd_1_0001', status: 'success', result: { ok: true } },
    });
    agent.send('not json');
    agent.send(Buffer.from('{"type":"binary"}'));
    assert.deepEqual(await c.waitFor((f) => 'binary' in f), { binary: { type: 'binary' } });
    assert.ok(c.frames.some((f) => f.unparsed === 'not json'));
    await assert.rejects(agent.next((f) => f.type === 'never', 100), /no matching frame within 100 ms/);
    await agent.close();
    assert.equal((await agent.closed).code, 1000);
  });

  test('closed reports the server close code; waiting on a closed agent fails fast', async () => {
    const s = await server();
    const agent = await TestAgent.connect(s.url, { register: false, settleMs: 0 });
    const c = await s.conn(0);
    const waiting = agent.next((f) => f.type === 'command', 3000);
    c.ws.close(4409, 'replaced');
    assert.deepEqual(await agent.closed, { code: 4409, reason: 'replaced' });
    await assert.rejects(waiting, /connection closed \(4409 replaced\)/);
    await assert.rejects(agent.nextCommand(3000), /connection closed/);
  });

  test('connect rejects on an HTTP refusal and on a close right after the upgrade', async () => {
    const refusing = await server({ refuseHttp: 401 });
    await assert.rejects(TestAgent.connect(refusing.url, { token: 'bad' }), (e: unknown) => e instanceof AgentRefusedError && e.status === 401);
    const s = await server();
    const pending = TestAgent.connect(s.url, { token: 'bad', tokenIn: 'register', settleMs: 1000 });
    const c = await s.conn(0);
    await c.waitFor((f) => f.type === 'register');
    c.ws.close(4401, 'unauthorized');
    await assert.rejects(pending, (e: unknown) => e instanceof AgentRefusedError && e.code === 4401);
    await assert.rejects(TestAgent.connect('ws://127.0.0.1:1', { timeoutMs: 1000 }), /cannot connect/);
  });

  test('the token goes in the header, the query or the register message', async () => {
    const s = await server();
    const a = await TestAgent.connect(s.url, { token: 'h1', register: false, headers: { 'X-Extra': 'y' } });
    const b = await TestAgent.connect(s.url, { token: 'q1', tokenIn: 'query', register: false });
    const r = await TestAgent.connect(s.url, { token: 'r1', tokenIn: 'register' });
    const [ca, cb, cr] = [await s.conn(0), await s.conn(1), await s.conn(2)];
    assert.equal(ca.req.headers.authorization, 'Bearer h1');
    assert.equal(ca.req.headers['x-extra'], 'y');
    assert.equal(new URL(cb.req.url ?? '', 'http://x').searchParams.get('token'), 'q1');
    assert.equal(cb.req.headers.authorization, undefined);
    assert.equal(data(await cr.waitFor((f) => f.type === 'register')).token, 'r1');
    assert.equal(cr.req.headers.authorization, undefined);
    await Promise.all([a.close(), b.close(), r.close()]);
  });

  test('pauseHeartbeat stops the pongs, terminate drops without a close frame', async () => {
    const s = await server();
    const agent = await TestAgent.connect(s.url, { register: false, settleMs: 0 });
    const c = await s.conn(0);
    let pongs = 0;
    c.ws.on('pong', () => pongs++);
    c.ws.ping();
    const deadline = Date.now() + 2000;
    while (pongs === 0 && Date.now() < deadline) await sleep(5);
    assert.equal(pongs, 1);
    agent.pauseHeartbeat();
    c.ws.ping();
    c.ws.ping();
    await sleep(200);
    assert.equal(pongs, 1, 'no pong while paused');
    agent.resumeHeartbeat();
    c.ws.ping();
    const d2 = Date.now() + 2000;
    while (pongs === 1 && Date.now() < d2) await sleep(5);
    assert.equal(pongs, 2);
    agent.terminate();
    assert.equal(await c.closed, 1006);
    assert.equal((await agent.closed).code, 1006);
  });
});

describe('sim CLI options', () => {
  test('every fleet option has a flag', () => {
    const cfg = parseSimArgs(
      [
        '--url', 'ws://127.0.0.1:9000', '--clients', '20', '--token-in', 'query', '--id-prefix', 'x', '--legacy',
        '--containers', '3', '--summary-every', '30', '--fail-rate', '0.1', '--fail', 'restart,payout', '--fail', 'exec',
        '--stall', 'logs', '--disconnect-on', 'stop', '--no-reconnect', '--reconnect-delay', '250', '--concurrency', '10',
        '--seed', '42', '--response-delay', '10-20', '--no-progress', '--era-every', '60', '--status-every', '2',
      ],
      { SIM_TOKEN: 'from-env' },
    );
    assert.notEqual(cfg, 'help');
    if (cfg === 'help') return;
    const { onEvent: _, ...fleetOpts } = cfg.fleet;
    assert.deepEqual(fleetOpts, {
      url: 'ws://127.0.0.1:9000',
      clients: 20,
      token: 'from-env',
      tokenIn: 'query',
      idPrefix: 'x',
      legacy: true,
      containersPerAgent: 3,
      summaryEveryMs: 30_000,
      eraEveryMs: 60_000,
      progress: false,
      failRate: 0.1,
      failCommands: ['restart', 'payout', 'exec'],
      stallCommands: ['logs'],
      disconnectOnCommands: ['stop'],
      reconnect: false,
      reconnectDelayMs: 250,
      concurrency: 10,
      seed: 42,
      responseDelayMs: [10, 20],
      successStatus: 'success',
    });
    assert.equal(cfg.statusEveryMs, 2000);
    assert.equal(parseSimArgs(['--help']), 'help');
    assert.throws(() => parseSimArgs(['--clients', 'many']), /--clients/);
    assert.throws(() => parseSimArgs(['--token-in', 'cookie']), /--token-in/);
    assert.throws(() => parseSimArgs(['--bogus']), /bogus/);
  });
});
