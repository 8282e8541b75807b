// `npm run bench`: mserver against the floor, on loopback, with the same simulated fleet. For each fleet
// size: the floor server and then mserver are started fresh, each with its own load-generator process, the
// scenarios run, and everything is stopped. Prints the table and the targets, writes the results file.
// Bounded (every wait has a deadline, --max-minutes overall) and cleaned up on SIGINT/SIGTERM or errors.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkOpenFiles, killAllNow, spawnNode, stopAll } from './children.ts';
import { watchCpu } from './cpu-watch.ts';
import { startDiscord, waitBotReady } from './discord.ts';
import { rpcClient } from './ipc.ts';
import type { LoadApi } from './load-generator.ts';
import { BENCH_USAGE, parseBenchArgs, type BenchOptions } from './options.ts';
import { runScenarios } from './scenarios.ts';
import { renderHistory, runHistoryScale } from './history-scale.ts';
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

async function runOne(kind: TargetKind, size: number): Promise<SizeResult['floor']> {
  const loadChild = spawnNode('load generator', ['--import', TSX, join(ROOT, 'bench/load-generator.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    nofile,
  });
  const load = rpcClient<LoadApi>(loadChild.proc, 'load generator');
  let target: Target | undefined;
  let emu: DiscordEmulator | undefined;
  const dir = mkdtempSync(join(tmp, `${kind}-${size}-`));
  try {
    if (kind === 'floor') {
      target = await startFloor({ token, nofile });
    } else {
      const discord = opts.scenarios.has(5) ? await startDiscord() : undefined;
      emu = discord?.emu;
      if (emu) emulators.add(emu);
      target = await startMserver({ dir, token, nofile, ...(discord ? { env: discord.env } : {}), ...(opts.mserverRoot ? { root: resolve(opts.mserverRoot) } : {}) });
      if (emu) await waitBotReady(emu, 60_000);
    }
    log(`  ${kind} started (pid ${target.pid}), ${target.url}`);
    const pids = [process.pid, loadChild.pid, target.pid];
    const cpu = watchCpu(() => pids);
    const figures = await runScenarios({ target, load, size, opts, token, emu, profileDir, log });
    figures.foreignCpuCores = cpu.foreignCores();
    if (figures.foreignCpuCores > 0.1) {
      log(`  WARNING: other processes used ${figures.foreignCpuCores.toFixed(2)} cores meanwhile: these figures are disturbed`);
    }
    return figures;
  } finally {
    await load.call('disconnect', {}, 30_000).catch(() => undefined);
    await target?.stop().catch(() => undefined);
    await loadChild.stop().catch(() => undefined);
    if (emu) {
      emulators.delete(emu);
      await emu.close().catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
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
// Scenarios 1-5 run per fleet size; 6 (history at scale) once, after them.
const sized = [...opts.scenarios].some((n) => n <= 5);
for (const size of sized ? opts.sizes : []) {
  log(`${size.toLocaleString('en-US')} agents`);
  const sr: SizeResult = { agents: size, errors: [] };
  for (const kind of ['floor', 'mserver'] as const) {
    if (!opts.targets.has(kind)) continue;
    try {
      sr[kind] = await runOne(kind, size);
    } catch (err) {
      if (aborting) break;
      const msg = `${kind}: ${(err as Error).message}`;
      sr.errors.push(msg.slice(0, 4000));
      log(`  FAILED ${msg}`);
    }
  }
  results.sizes.push(sr);
  if (aborting) break;
}
if (opts.scenarios.has(6) && opts.targets.has('mserver') && !aborting) {
  log(`history at scale: ${opts.historyAgents} agents, ${opts.historyDays} days`);
  try {
    results.history = await runHistoryScale({ agents: opts.historyAgents, days: opts.historyDays, runs: opts.historyRuns, pruneDays: opts.quick ? 1 : 30, log: (l) => log(`  ${l}`) });
  } catch (err) {
    results.historyError = (err as Error).message.slice(0, 4000);
    log(`  FAILED history at scale: ${results.historyError}`);
  }
}
results.complete = results.sizes.every((s) => s.errors.length === 0) && results.historyError === undefined;
results.durationS = Math.round((performance.now() - started) / 1000);
results.checks = checkTargets(results.sizes);

process.stdout.write(`\n${renderTable(results)}\n\nTargets:\n${renderChecks(results.checks)}\n`);
if (results.history) process.stdout.write(`\n${renderHistory(results.history)}\n`);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(`${outPath}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
renameSync(`${outPath}.tmp`, outPath);
log(`results written to ${relative(process.cwd(), outPath) || outPath}`);
await cleanup();
process.exit(results.complete ? 0 : 1);
