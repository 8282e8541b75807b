// `npm run bench`: mserver against the floor, on loopback, with the same simulated fleet. For each fleet
// size: the floor server and mserver are started fresh, each with its own load-generator process, the
// scenarios run (2 and 3 alternating between the servers round by round), and everything is stopped. Prints the table and the targets, writes the results file.
// Bounded (every wait has a deadline, --max-minutes overall) and cleaned up on SIGINT/SIGTERM or errors.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkOpenFiles, killAllNow, spawnNode, stopAll, type Child } from './children.ts';
import { watchCpu } from './cpu-watch.ts';
import { startDiscord, waitBotReady } from './discord.ts';
import { rpcClient, type RpcClient } from './ipc.ts';
import type { LoadApi } from './load-generator.ts';
import { BENCH_USAGE, parseBenchArgs, type BenchOptions } from './options.ts';
import { comparePhase, connectPhase, restPhase, type Session } from './scenarios.ts';
import { checkTargets, renderChecks, renderTable, type BenchResults, type SizeResult } from './table.ts';
import { ROOT, startFloor, startMserver, TSX, type Target, type TargetKind } from './targets.ts';
import type { DiscordEmulator } from '../test/support/discord-emulator/index.ts';

let opts: BenchOptions;
try {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(BENCH_USAGE);
    process.exit(0);
  }
  opts = parsed;
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n\n${BENCH_USAGE}`);
  process.exit(2);
}

const started = performance.now();
const log = (line: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'mserver-bench-'));
const token = randomBytes(24).toString('base64url');
const emulators = new Set<DiscordEmulator>();
const outPath = opts.out ?? join(ROOT, 'bench/results', opts.quick ? 'quick.json' : 'latest.json');
const profileDir = opts.profile ? join(ROOT, 'bench/results/profiles') : undefined;

async function cleanup(): Promise<void> {
  await stopAll(3000).catch(() => undefined);
  await Promise.all([...emulators].map((e) => e.close().catch(() => undefined)));
  emulators.clear();
  rmSync(tmp, { recursive: true, force: true });
}

let aborting = false;
async function abort(why: string, code: number): Promise<never> {
  if (!aborting) {
    aborting = true;
    process.stderr.write(`\nbench: ${why}: stopping every process and removing ${tmp}\n`);
    await cleanup();
  }
  process.exit(code);
}
process.on('SIGINT', () => void abort('interrupted (SIGINT)', 130));
process.on('SIGTERM', () => void abort('terminated (SIGTERM)', 143));
process.on('exit', () => {
  killAllNow();
  rmSync(tmp, { recursive: true, force: true });
});
setTimeout(() => void abort(`still running after --max-minutes ${opts.maxMinutes}`, 1), opts.maxMinutes * 60_000).unref();

// Each process holds one socket per agent plus a margin.
const nofile = Math.max(...opts.sizes) + 1024;
let openFiles = 'unknown';
try {
  const { raise, limits } = checkOpenFiles(nofile);
  openFiles = limits ? `soft ${limits.soft}, hard ${limits.hard}${raise ? `; raised to ${nofile} for the children` : ''}` : 'unknown';
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  await abort('cannot run these sizes', 2);
}

/** A server under test with its own load generator (and, for mserver, the Discord emulator). */
interface Opened {
  kind: TargetKind;
  target: Target | undefined;
  load: RpcClient<LoadApi>;
  loadChild: Child;
  emu: DiscordEmulator | undefined;
  dir: string;
}

async function open(kind: TargetKind, size: number, opened: Opened[]): Promise<Opened> {
  const loadChild = spawnNode('load generator', ['--import', TSX, join(ROOT, 'bench/load-generator.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    nofile,
  });
  const o: Opened = { kind, target: undefined, load: rpcClient<LoadApi>(loadChild.proc, 'load generator'), loadChild, emu: undefined, dir: mkdtempSync(join(tmp, `${kind}-${size}-`)) };
  opened.push(o);
  if (kind === 'floor') {
    o.target = await startFloor({ token, nofile });
  } else {
    const discord = opts.scenarios.has(5) ? await startDiscord() : undefined;
    o.emu = discord?.emu;
    if (o.emu) emulators.add(o.emu);
    o.target = await startMserver({ dir: o.dir, token, nofile, ...(discord ? { env: discord.env } : {}), ...(opts.mserverRoot ? { root: resolve(opts.mserverRoot) } : {}) });
    if (o.emu) await waitBotReady(o.emu, 60_000);
  }
  log(`  ${kind} started (pid ${o.target.pid}), ${o.target.url}`);
  return o;
}

async function close(o: Opened): Promise<void> {
  await o.load.call('disconnect', {}, 30_000).catch(() => undefined);
  await o.target?.stop().catch(() => undefined);
  await o.loadChild.stop().catch(() => undefined);
  if (o.emu) {
    emulators.delete(o.emu);
    await o.emu.close().catch(() => undefined);
  }
  rmSync(o.dir, { recursive: true, force: true });
}

/**
 * One fleet size: each server is started with its own generator and its fleet connected (scenario 1),
 * then both stay up while scenarios 2 and 3 take them in turn round by round (the ratio of two medians
 * measured over the same minutes), then scenarios 4 and 5 run on each alone, and everything is stopped.
 */
async function runSize(size: number, sr: SizeResult): Promise<void> {
  const opened: Opened[] = [];
  const sessions: Session[] = [];
  const fail = (kind: TargetKind, err: unknown) => {
    const msg = `${kind}: ${(err as Error).message}`;
    sr.errors.push(msg.slice(0, 4000));
    log(`  FAILED ${msg}`);
  };
  // Every benchmark process is "ours": what is left is what other programs took.
  const cpu = watchCpu(() => [process.pid, ...opened.flatMap((o) => [o.loadChild.pid, ...(o.target ? [o.target.pid] : [])])]);
  try {
    for (const kind of ['floor', 'mserver'] as const) {
      if (!opts.targets.has(kind) || aborting) continue;
      try {
        const o = await open(kind, size, opened);
        sessions.push(await connectPhase({ target: o.target!, load: o.load, size, opts, token, emu: o.emu, profileDir, log }));
      } catch (err) {
        if (aborting) return;
        fail(kind, err);
      }
    }
    await comparePhase(sessions);
    for (const s of sessions) {
      if (aborting) return;
      if (!s.error) {
        try {
          await restPhase(s);
        } catch (err) {
          s.error = err as Error;
        }
      }
      if (s.error) {
        fail(s.ctx.target.kind, s.error);
        continue;
      }
      sr[s.ctx.target.kind] = s.figures;
    }
    const foreign = cpu.foreignCores();
    for (const s of sessions) s.figures.foreignCpuCores = foreign;
    if (foreign > 0.1) log(`  WARNING: other processes used ${foreign.toFixed(2)} cores meanwhile: these figures are disturbed`);
  } finally {
    for (const o of opened) await close(o);
  }
}

/** The commit of the mserver measured, with "+changes" when its src/ differs from that commit. */
function revisionOf(root: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src', 'commands') ? '+changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

if (profileDir) mkdirSync(profileDir, { recursive: true });
const results: BenchResults = {
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    openFiles,
  },
  node: process.version,
  mserver: revisionOf(opts.mserverRoot ? resolve(opts.mserverRoot) : ROOT),
  date: new Date().toISOString(),
  durationS: 0,
  options: { ...opts, scenarios: [...opts.scenarios], targets: [...opts.targets] },
  complete: false,
  sizes: [],
  checks: [],
};

log(
  `bench: mserver ${results.mserver}; sizes ${opts.sizes.join(', ')}; ${opts.rounds} rounds (broadcasts ${opts.broadcasts}); scenarios ${[...opts.scenarios].join(', ')}; ` +
    `${results.machine.cores} cores, Node ${process.version}`,
);
for (const size of opts.sizes) {
  log(`${size.toLocaleString('en-US')} agents`);
  const sr: SizeResult = { agents: size, errors: [] };
  await runSize(size, sr);
  results.sizes.push(sr);
  if (aborting) break;
}
results.complete = results.sizes.every((s) => s.errors.length === 0);
results.durationS = Math.round((performance.now() - started) / 1000);
results.checks = checkTargets(results.sizes);

process.stdout.write(`\n${renderTable(results)}\n\nTargets:\n${renderChecks(results.checks)}\n`);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(`${outPath}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
renameSync(`${outPath}.tmp`, outPath);
log(`results written to ${relative(process.cwd(), outPath) || outPath}`);
await cleanup();
process.exit(results.complete ? 0 : 1);
