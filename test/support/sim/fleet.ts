import { FleetContext } from './fleet-context.ts';
import { resolveFleetOptions } from './fleet-options.ts';
import type { FleetOptions } from './fleet-options.ts';
import type { FleetStats } from './fleet-stats.ts';
import { runPool } from './run-pool.ts';
import { SimAgent } from './sim-agent.ts';
import { SummaryScheduler } from './summary-scheduler.ts';

export interface Fleet {
  readonly agents: SimAgent[];
  /** The agent with this id (or, for legacy agents, this host name). */
  agent(id: string): SimAgent | undefined;
  /** Closes every connection (code 1001) and cancels every timer; resolves when all sockets are gone. */
  stop(): Promise<void>;
  /** A snapshot of the fleet-wide counters. */
  stats(): FleetStats;
  /** Every connected agent sends one summary now; returns how many did. */
  sendSummaries(): number;
  /** Resolves when `connected` reaches `count` (default: every agent); rejects after `timeoutMs`. */
  waitConnected(count?: number, timeoutMs?: number): Promise<void>;
}

/** A fleet built but not connected yet: building 10,000 agents takes a while, connecting them is separate. */
export interface PreparedFleet {
  readonly agents: SimAgent[];
  /** Connects every agent (see startFleet). */
  start(): Promise<Fleet>;
}

/**
 * Starts `clients` simulated mclients against `url`, opening at most `concurrency` connections at once.
 * Resolves when every first attempt has finished, connected or not (see stats().connected): a refused
 * agent keeps retrying like a real mclient when `reconnect` is on.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  return prepareFleet(options).start();
}

/** Builds the agents of a fleet without connecting them; start() connects them. */
export function prepareFleet(options: FleetOptions): PreparedFleet {
  const opts = resolveFleetOptions(options);
  const now = Date.now();
  const ctx = new FleetContext(opts, now);
  const agents = Array.from({ length: opts.clients }, (_, i) => new SimAgent(ctx, i + 1, now));
  return { agents, start: () => connectFleet(ctx, agents) };
}

async function connectFleet(ctx: FleetContext, agents: SimAgent[]): Promise<Fleet> {
  const { opts } = ctx;
  const byId = new Map<string, SimAgent>();
  for (const a of agents) byId.set(a.identity, a).set(a.id, a);
  const scheduler = opts.summaryEveryMs > 0 ? new SummaryScheduler<SimAgent>(opts.summaryEveryMs, agents.length) : undefined;
  for (const a of agents) scheduler?.add(a);
  await runPool(agents, opts.concurrency, (a) => a.connect());
  if (!ctx.stopped) scheduler?.start();
  let stopping: Promise<void> | undefined;

  return {
    agents,
    agent: (id) => byId.get(id),
    stop() {
      scheduler?.stop();
      stopping ??= ctx.shutdown(3000);
      return stopping;
    },
    stats: () => ({ ...ctx.stats }),
    sendSummaries() {
      let sent = 0;
      for (const a of agents) if (a.sendSummary()) sent++;
      return sent;
    },
    async waitConnected(count = agents.length, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (ctx.stats.connected < count) {
        if (Date.now() > deadline) throw new Error(`fleet: ${ctx.stats.connected}/${count} connected after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
