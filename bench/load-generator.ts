// The load generator: a fleet of simulated mclient agents (test/support/sim) in its own process, driven
// by bench/run.ts over IPC. Agents answer at once (no simulated work), never reconnect, and send no
// periodic summaries: the benchmark decides what they send and when.
import { performance } from 'node:perf_hooks';
import { serveRpc } from './ipc.ts';
import { createLoopDelayMonitor, type LoopDelay } from './loop-delay.ts';
import { emptyFleetStats } from '../test/support/sim/fleet-stats.ts';
import { prepareFleet, type Fleet, type FleetStats, type PreparedFleet } from '../test/support/sim/index.ts';

export type LoadApi = {
  /** Builds the agents (not timed: it is the generator's work, not the server's). */
  prepare(a: { url: string; token: string; clients: number; concurrency: number; timeoutMs: number }): Promise<{ agents: number }>;
  /** Connects the prepared agents; resolves when every first attempt has finished. */
  connect(a: { timeoutMs: number }): Promise<{
    connected: number;
    errors: number;
    ids: string[];
  }>;
  disconnect(a: Record<string, never>): Promise<{ connected: number }>;
  flood(a: { agents: number; durationMs: number; window: number }): Promise<FloodResult>;
  stats(a: Record<string, never>): FleetStats & { cpuMs: number };
  loopDelay(a: { reset: boolean }): LoopDelay;
};

export interface FloodResult {
  sent: number;
  /** Agent id -> the bench_seq of its last summary: once stored, every summary before it was too. */
  lastSeq: Record<string, number>;
  sendMs: number;
  /** CPU the generator used while sending, as a share of one core (1 = saturated). */
  cpuShare: number;
}

const loop = createLoopDelayMonitor();
let fleet: Fleet | undefined;
let prepared: PreparedFleet | undefined;
/** Per agent: the summary frame split around its sequence number, and the last number sent. */
const templates = new Map<string, { head: string; tail: string; seq: number }>();

function template(agent: Fleet['agents'][number]): { head: string; tail: string; seq: number } {
  let t = templates.get(agent.id);
  if (!t) {
    // A real summary of this agent, with bench_seq first in data so the frame is built by concatenation.
    const frame = agent.summaryFrame() as { type: string; host_name: string; data: Record<string, unknown> };
    const text = JSON.stringify({ ...frame, data: { bench_seq: -1, ...frame.data } });
    const at = text.indexOf('"bench_seq":-1');
    t = { head: text.slice(0, at + '"bench_seq":'.length), tail: text.slice(at + '"bench_seq":-1'.length), seq: 0 };
    templates.set(agent.id, t);
  }
  return t;
}

async function stopFleet(): Promise<void> {
  const f = fleet;
  fleet = undefined;
  await f?.stop();
}

/**
 * Every sending agent keeps up to `window` summaries on their way into its socket, refilled once per
 * turn of the event loop: as fast as the server reads (TCP backpressure holds the rest), without
 * starving the generator's own I/O and without queueing unbounded data in the generator.
 */
function flood(agents: number, durationMs: number, window: number): Promise<FloodResult> {
  const f = fleet;
  if (!f) throw new Error('flood: no fleet');
  const senders = f.agents
    .filter((a) => a.connected)
    .slice(0, agents)
    .map((agent) => ({ agent, t: template(agent), inflight: 0 }));
  const lastSeq: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stopAt = t0 + durationMs;
  let sent = 0;
  let outstanding = 0;
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished || outstanding > 0) return;
      finished = true;
      const sendMs = performance.now() - t0;
      const used = process.cpuUsage(cpu0);
      resolve({ sent, lastSeq, sendMs, cpuShare: (used.user + used.system) / 1000 / sendMs });
    };
    let stopped = false;
    const turn = () => {
      if (performance.now() >= stopAt) {
        stopped = true;
        finish();
        return;
      }
      let queued = 0;
      for (const s of senders) {
        while (s.inflight < window) {
          const seq = s.t.seq + 1;
          const ok = s.agent.send(s.t.head + seq + s.t.tail, () => {
            s.inflight -= 1;
            outstanding -= 1;
            if (stopped) finish();
          });
          if (!ok) break;
          s.t.seq = seq;
          lastSeq[s.agent.id] = seq;
          s.inflight += 1;
          outstanding += 1;
          sent += 1;
          queued += 1;
        }
      }
      // Nothing could be queued: every socket is full, so wait for the server instead of spinning.
      if (queued > 0) setImmediate(turn);
      else setTimeout(turn, 1);
    };
    turn();
  });
}

serveRpc<LoadApi>({
  prepare: async ({ url, token, clients, concurrency, timeoutMs }) => {
    await stopFleet();
    prepared = prepareFleet({
      url,
      token,
      clients,
      concurrency,
      idPrefix: 'sim',
      summaryEveryMs: 0,
      responseDelayMs: 0,
      progress: false,
      reconnect: false,
      seed: 7,
      handshakeTimeoutMs: Math.min(timeoutMs, 30_000),
    });
    return { agents: prepared.agents.length };
  },
  connect: async ({ timeoutMs }) => {
    const p = prepared;
    if (!p) throw new Error('connect: prepare first');
    prepared = undefined;
    let timer: NodeJS.Timeout | undefined;
    const f = await Promise.race([
      p.start(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`connecting ${p.agents.length} agents took over ${timeoutMs} ms`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    fleet = f;
    const s = f.stats();
    return { connected: s.connected, errors: s.errors, ids: f.agents.map((a) => a.id) };
  },
  disconnect: async () => {
    await stopFleet();
    return { connected: 0 };
  },
  flood: ({ agents, durationMs, window }) => flood(agents, durationMs, window),
  stats: () => {
    const u = process.cpuUsage();
    return { ...(fleet?.stats() ?? emptyFleetStats()), cpuMs: (u.user + u.system) / 1000 };
  },
  loopDelay: ({ reset }) => loop.read(reset),
});
