// The five scenarios, run the same way on the floor and on mserver (scenario 5 on mserver only: the
// floor has no Discord). Every wait has a deadline scaled to the fleet size.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatewayHealth, HEARTBEAT_INTERVAL_MS, probeStream, slashStatus, type ProbeResults } from './discord.ts';
import type { RpcClient } from './ipc.ts';
import type { LoadApi } from './load-generator.ts';
import type { BenchOptions } from './options.ts';
import { latencies, percentile, rounds, type Latencies, type Rounds } from './stats.ts';
import type { Target } from './targets.ts';
import { processTicks } from './cpu-watch.ts';
import type { DiscordEmulator } from '../test/support/discord-emulator/index.ts';

/** Linux reports process CPU time in ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

export interface TargetFigures {
  connect?: { ms: Rounds; rssPerAgentKB: Rounds; baselineRssMB: number; failures: number };
  broadcast?: { ms: Rounds; cpuMs?: Rounds; failures: number };
  /** Scenario 7: one command through POST /api/v1/requests, done when the event stream says so. */
  http?: { p50: Rounds; p99: Rounds; perRound: number; failures: number };
  single?: {
    p50: Rounds;
    p99: Rounds;
    perRound: number;
    failures: number;
    /** Every latency, per round, in the order sent: where the slow ones fall. */
    samplesMs: number[][];
  };
  flood?: { perSecond: Rounds; loopP99: Rounds; loopMax: Rounds; generatorCpu: Rounds; sent: number[]; agents: number };
  discord?: { p50: Rounds; p99: Rounds; deferP50: Rounds; perRound: number; failures: number };
  underLoad?: {
    duringBroadcast?: { defer: Latencies; done: Latencies; failed: number };
    duringFlood?: { defer: Latencies; done: Latencies; failed: number };
    defer: Latencies;
    failed: number;
    errors: string[];
    /** The longest event-loop stall in mserver meanwhile: the most any timer (the heartbeat's) ran late. */
    loopMaxMs: number;
    /** Gateway reconnects and resumes: discord.js found a heartbeat unanswered in time (a zombie). */
    reconnects: number;
    resumes: number;
    /** The emulator's heartbeat interval: a stall as long as this delays a heartbeat by an interval. */
    heartbeatIntervalMs: number;
  };
  problems: string[];
  /** CPU (in cores) other processes on the machine used while this server was measured. */
  foreignCpuCores?: number;
}

export interface ScenarioContext {
  target: Target;
  load: RpcClient<LoadApi>;
  size: number;
  opts: BenchOptions;
  token: string;
  emu: DiscordEmulator | undefined;
  profileDir: string | undefined;
  log: (line: string) => void;
}

const ms = (t0: number) => performance.now() - t0;

/** Deadlines: generous, scaled with the fleet, so a slow machine is reported rather than hung. */
const deadline = (size: number) => 60_000 + size * 10;

async function profiled<T>(ctx: ScenarioContext, name: string, fn: () => Promise<T>): Promise<T> {
  if (!ctx.profileDir) return fn();
  await ctx.target.profileStart();
  try {
    return await fn();
  } finally {
    const path = join(ctx.profileDir, `${ctx.target.kind}-${name}-${ctx.size}.cpuprofile`);
    await ctx.target.profileStop(path);
    ctx.log(`    profile: ${path}`);
  }
}

async function connect(ctx: ScenarioContext): Promise<{ ms: number; connected: number; ids: string[] }> {
  const { target, load, size, opts, token } = ctx;
  await load.call('prepare', { url: target.url, token, clients: size, concurrency: opts.concurrency, timeoutMs: deadline(size) }, deadline(size));
  const t0 = performance.now();
  const [c] = await Promise.all([
    load.call('connect', { timeoutMs: deadline(size) }, deadline(size) + 5000),
    target.waitRegistered(size, deadline(size)),
  ]);
  return { ms: ms(t0), connected: c.connected, ids: c.ids };
}

export async function runScenarios(ctx: ScenarioContext): Promise<TargetFigures> {
  const { target, load, size, opts, log } = ctx;
  const figures: TargetFigures = { problems: target.problems };
  const want = (n: number) => opts.scenarios.has(n);
  const agentAt = (ids: string[], k: number) => ids[(k * 7919) % ids.length]!;

  // 1. Connect: the first round from a fresh server, then disconnect and reconnect the whole fleet.
  await sleep(500);
  // RSS after a full collection, before and with the fleet connected: what the connections hold.
  const baseline = await target.rssAfterGc();
  let ids: string[] = [];
  {
    const times: number[] = [];
    const perAgent: number[] = [];
    let failures = 0;
    const n = want(1) ? opts.rounds : 1;
    await profiled(ctx, 'connect', async () => {
      for (let r = 0; r < n; r++) {
        if (r > 0) {
          await load.call('disconnect', {}, deadline(size));
          await target.waitRegistered(0, deadline(size));
          await sleep(200);
        }
        const c = await connect(ctx);
        ids = c.ids;
        failures += size - c.connected;
        times.push(c.ms);
        await sleep(300);
        const rss = await target.rssAfterGc();
        perAgent.push((rss - baseline) / size / 1024);
        log(`    connect ${r + 1}/${n}: ${c.ms.toFixed(0)} ms, ${c.connected}/${size} connected, RSS ${(rss / 2 ** 20).toFixed(0)} MB`);
      }
    });
    if (want(1)) figures.connect = { ms: rounds(times), rssPerAgentKB: rounds(perAgent), baselineRssMB: baseline / 2 ** 20, failures };
  }

  // 2. Broadcast status to all; done when every outcome is final (mserver: committed to SQLite).
  if (want(2)) {
    const times: number[] = [];
    const cpu: number[] = [];
    let failures = 0;
    await target.broadcast(deadline(size)); // warm-up, not counted
    await profiled(ctx, 'broadcast', async () => {
      for (let r = 0; r < opts.broadcasts; r++) {
        // The server's own CPU time too: unlike the wall time, it hardly moves when other work shares the
        // cores, so two versions can be compared on a busy machine (--mserver-root).
        const c0 = processTicks(target.pid);
        const t0 = performance.now();
        const b = await target.broadcast(deadline(size));
        times.push(ms(t0));
        cpu.push((processTicks(target.pid) - c0) * TICK_MS);
        failures += size - b.ok;
        log(`    broadcast ${r + 1}/${opts.broadcasts}: ${ms(t0).toFixed(0)} ms (server CPU ${cpu.at(-1)!.toFixed(0)} ms), ${b.ok}/${b.total} succeeded`);
        await sleep(200);
      }
    });
    figures.broadcast = { ms: rounds(times), cpuMs: rounds(cpu), failures };
  }

  // 3. One command to one agent at a time while the rest of the fleet stays connected.
  if (want(3)) {
    const p50: number[] = [];
    const p99: number[] = [];
    const samplesMs: number[][] = [];
    let failures = 0;
    for (let k = 0; k < 20; k++) await target.single(agentAt(ids, k + 1_000_003), 10_000); // warm-up
    await profiled(ctx, 'single', async () => {
      for (let r = 0; r < opts.rounds; r++) {
        const lat: number[] = [];
        for (let k = 0; k < opts.singles; k++) {
          const t0 = performance.now();
          if (!(await target.single(agentAt(ids, r * opts.singles + k), 10_000))) failures += 1;
          lat.push(ms(t0));
        }
        p50.push(percentile(lat, 50));
        p99.push(percentile(lat, 99));
        samplesMs.push(lat.map((v) => Math.round(v * 100) / 100));
        log(`    single ${r + 1}/${opts.rounds}: p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms`);
      }
    });
    figures.single = { p50: rounds(p50), p99: rounds(p99), perRound: opts.singles, failures, samplesMs };
  }

  // 7. The same one command through the HTTP API (mserver only), against scenario 3's figures.
  if (want(7) && target.httpSingle) {
    const httpSingle = target.httpSingle.bind(target);
    const p50: number[] = [];
    const p99: number[] = [];
    let failures = 0;
    for (let k = 0; k < 20; k++) await httpSingle(agentAt(ids, k + 3_000_003), 10_000); // warm-up
    await profiled(ctx, 'http', async () => {
      for (let r = 0; r < opts.rounds; r++) {
        const lat: number[] = [];
        for (let k = 0; k < opts.singles; k++) {
          const t0 = performance.now();
          if (!(await httpSingle(agentAt(ids, r * opts.singles + k + 31), 10_000))) failures += 1;
          lat.push(ms(t0));
        }
        p50.push(percentile(lat, 50));
        p99.push(percentile(lat, 99));
        log(`    http ${r + 1}/${opts.rounds}: p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms`);
      }
    });
    figures.http = { p50: rounds(p50), p99: rounds(p99), perRound: opts.singles, failures };
  }

  // 5. Discord: /send through the emulator to the agent and back to the edited reply.
  if (want(5) && ctx.emu) {
    const emu = ctx.emu;
    const p50: number[] = [];
    const p99: number[] = [];
    const defer: number[] = [];
    let failures = 0;
    for (let k = 0; k < 3; k++) await slashStatus(emu, agentAt(ids, k + 2_000_003), 15_000); // warm-up
    await profiled(ctx, 'discord', async () => {
      for (let r = 0; r < opts.rounds; r++) {
        const done: number[] = [];
        const deferred: number[] = [];
        for (let k = 0; k < opts.slashes; k++) {
          // At most 10 a second: each costs three REST calls, and discord.js keeps to Discord's global
          // 50 requests per second by waiting for the next second (which would be timed, not mserver).
          const pace = sleep(100);
          const t = await slashStatus(emu, agentAt(ids, r * opts.slashes + k + 17), 15_000);
          await pace;
          if (!t.ok) failures += 1;
          done.push(t.doneMs);
          deferred.push(t.deferMs);
        }
        p50.push(percentile(done, 50));
        p99.push(percentile(done, 99));
        defer.push(percentile(deferred, 50));
        log(`    discord ${r + 1}/${opts.rounds}: p50 ${percentile(done, 50).toFixed(1)} ms, p99 ${percentile(done, 99).toFixed(1)} ms, deferred p50 ${percentile(deferred, 50).toFixed(1)} ms`);
      }
    });
    figures.discord = { p50: rounds(p50), p99: rounds(p99), deferP50: rounds(defer), perRound: opts.slashes, failures };
  }

  // 4. Summary flood from up to --flood-agents agents: stored per second, event-loop delay meanwhile.
  const floodAgents = Math.min(opts.floodAgents, size);
  const flood = async (): Promise<{ perSecond: number; loop: { p99: number; max: number }; cpu: number; sent: number }> => {
    const before = await target.summaryCount();
    await target.loopDelay(true);
    const t0 = performance.now();
    const f = await load.call('flood', { agents: floodAgents, durationMs: opts.floodMs, window: 8 }, opts.floodMs + deadline(size));
    await target.waitSummaries(f, before, deadline(size) * 2);
    const took = ms(t0);
    const loop = await target.loopDelay(true);
    return { perSecond: f.sent / (took / 1000), loop, cpu: f.cpuShare, sent: f.sent };
  };
  if (want(4)) {
    const perSecond: number[] = [];
    const loopP99: number[] = [];
    const loopMax: number[] = [];
    const cpu: number[] = [];
    const sent: number[] = [];
    await profiled(ctx, 'flood', async () => {
      for (let r = 0; r < opts.rounds; r++) {
        const f = await flood();
        perSecond.push(f.perSecond);
        loopP99.push(f.loop.p99);
        loopMax.push(f.loop.max);
        cpu.push(f.cpu);
        sent.push(f.sent);
        log(`    flood ${r + 1}/${opts.rounds}: ${f.sent} summaries, ${f.perSecond.toFixed(0)}/s, loop delay p99 ${f.loop.p99} ms max ${f.loop.max} ms, generator CPU ${(f.cpu * 100).toFixed(0)}%`);
        await sleep(300);
      }
    });
    figures.flood = { perSecond: rounds(perSecond), loopP99: rounds(loopP99), loopMax: rounds(loopMax), generatorCpu: rounds(cpu), sent, agents: floodAgents };
  }

  // 5 under load (largest fleet only): slash commands fired while the broadcast and the flood run must
  // still be deferred.
  if (want(5) && ctx.emu && (want(2) || want(4)) && size === Math.max(...opts.sizes)) {
    const emu = ctx.emu;
    const gw0 = gatewayHealth(emu);
    await target.loopDelay(true);
    const all: ProbeResults[] = [];
    const merge = (list: ProbeResults[]) => ({
      defer: latencies(list.flatMap((p) => p.deferMs)),
      done: latencies(list.flatMap((p) => p.doneMs)),
      failed: list.reduce((n, p) => n + p.failed, 0),
    });
    const underLoad: NonNullable<TargetFigures['underLoad']> = {
      defer: latencies([]),
      failed: 0,
      errors: [],
      loopMaxMs: 0,
      reconnects: 0,
      resumes: 0,
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    };
    let loopMax = 0;
    if (want(2)) {
      const list: ProbeResults[] = [];
      for (let r = 0; r < opts.rounds; r++) {
        const stream = probeStream(emu, ids, 50, 30_000);
        await target.broadcast(deadline(size));
        list.push(await stream.stop());
        loopMax = Math.max(loopMax, (await target.loopDelay(true)).max);
      }
      underLoad.duringBroadcast = merge(list);
      all.push(...list);
    }
    if (want(4)) {
      const list: ProbeResults[] = [];
      const quiet = ids.length > floodAgents ? ids.slice(floodAgents) : ids;
      for (let r = 0; r < opts.rounds; r++) {
        const stream = probeStream(emu, quiet, 100, 30_000);
        loopMax = Math.max(loopMax, (await flood()).loop.max);
        list.push(await stream.stop());
      }
      underLoad.duringFlood = merge(list);
      all.push(...list);
    }
    const m = merge(all);
    const gw1 = gatewayHealth(emu);
    underLoad.defer = m.defer;
    underLoad.failed = m.failed;
    underLoad.errors = all.flatMap((p) => p.errors).slice(0, 5);
    underLoad.loopMaxMs = loopMax;
    underLoad.reconnects = gw1.connections - gw0.connections;
    underLoad.resumes = gw1.resumes - gw0.resumes;
    figures.underLoad = underLoad;
    log(
      `    under load: ${m.defer.count} slash commands, deferred p50 ${m.defer.p50} ms p99 ${m.defer.p99} ms max ${m.defer.max} ms; ` +
        `gateway reconnects ${underLoad.reconnects}, resumes ${underLoad.resumes}; longest loop stall ${underLoad.loopMaxMs} ms`,
    );
  }
  return figures;
}
