// The benchmark still runs end to end: a tiny `npm run bench -- --quick` (both servers, every scenario,
// real processes on loopback) finishes, writes its results file and leaves no process or folder behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { BenchResults } from '../../bench/table.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A private TMPDIR for one bench run, so that its leftovers are told apart from other runs' at once. */
function privateTmp(dir: string): { env: NodeJS.ProcessEnv; left: () => string[] } {
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  return { env: { ...process.env, TMPDIR: tmp }, left: () => readdirSync(tmp).filter((f) => f.startsWith('mserver-bench-')) };
}

test('npm run bench -- --quick runs every scenario on both servers and writes its results', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const out = join(dir, 'results.json');
  const tmp = privateTmp(dir);
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--quick', '--sizes', '20', '--rounds', '1', '--singles', '5', '--slashes', '2', '--flood-ms', '300', '--scenarios', '1,2,3,4,5,6,7', '--out', out],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: tmp.env },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, output);
    assert.match(output, /\| agents \| scenario/);
    assert.match(output, /Targets:/);

    const r = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    assert.equal(r.complete, true);
    assert.equal(r.node, process.version);
    const s = r.sizes[0]!;
    assert.equal(s.agents, 20);
    for (const kind of ['floor', 'mserver'] as const) {
      const f = s[kind]!;
      assert.equal(f.connect?.failures, 0, kind);
      assert.equal(f.broadcast?.failures, 0, kind);
      assert.equal(f.single?.failures, 0, kind);
      assert.ok((f.flood?.perSecond.median ?? 0) > 0, `${kind} flood`);
    }
    assert.ok((s.mserver!.discord?.p50.median ?? 0) > 0, 'the Discord path was timed');
    assert.ok((s.mserver!.underLoad?.defer.count ?? 0) > 0, 'slash commands were sent under load');
    assert.ok((s.mserver!.http?.p50.median ?? 0) > 0, 'scenario 7: the HTTP path was timed');
    assert.ok(r.history, 'scenario 6: history at scale ran');
    assert.ok(r.checks.length > 0);
    // Its temp folder is gone.
    assert.deepEqual(tmp.left(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a bench run and resolves once mserver runs (its pid and the orchestrator's). */
async function startedBench(dir: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--sizes', '20', '--targets', 'mserver', '--out', join(dir, 'r.json')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      const m = /mserver started \(pid (\d+)\)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`the bench ended before mserver started:\n${output}`)));
  });
  return { child, pid, output: () => output };
}

test('an interrupted bench stops every process it started and removes its temp folder', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-int-'));
  const tmp = privateTmp(dir);
  try {
    const { child, pid, output } = await startedBench(dir, tmp.env);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 130, output());
    assert.equal(alive(pid), false, 'mserver was stopped');
    assert.deepEqual(tmp.left(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('children of a bench killed outright (SIGKILL) stop by themselves', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-kill-'));
  const tmp = privateTmp(dir);
  try {
    const { child, pid } = await startedBench(dir, tmp.env);
    child.kill('SIGKILL');
    await once(child, 'exit');
    for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
    assert.equal(alive(pid), false, 'mserver noticed its parent was gone and stopped');
  } finally {
    // A killed orchestrator cannot remove its own folder: it is inside dir.
    rmSync(dir, { recursive: true, force: true });
  }
});
