// Every process the benchmark starts goes through here, so that all of them can be stopped from one place:
// on a normal end, on an error, on SIGINT/SIGTERM, and (as a last resort) synchronously on exit. Children
// also watch their IPC channel and stop when the orchestrator is gone (see ipc.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The last lines the child wrote on stderr, for error messages. */
  stderrTail: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  env: Record<string, string>;
  cwd: string;
  /** Open files the child needs (sockets); the soft limit is raised for it when it is lower. */
  nofile?: number;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

const live = new Set<Child>();
const TAIL = 40;

/** The soft and hard limits on open files of this process (Linux); undefined when unknown. */
export function openFileLimits(): { soft: number; hard: number } | undefined {
  try {
    const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return undefined;
    const n = (s: string | undefined) => (s === 'unlimited' ? Number.POSITIVE_INFINITY : Number(s));
    return { soft: n(m[1]), hard: n(m[2]) };
  } catch {
    return undefined;
  }
}

/** Throws with what to do when `needed` open files cannot be had; says whether ulimit must be raised. */
export function checkOpenFiles(needed: number): { raise: boolean; limits: { soft: number; hard: number } | undefined } {
  const limits = openFileLimits();
  if (!limits || limits.soft >= needed) return { raise: false, limits };
  if (limits.hard >= needed) return { raise: true, limits };
  throw new Error(
    `bench: ${needed} open files are needed per process for these sizes, but the hard limit is ${limits.hard}. ` +
      `Raise it (e.g. \`ulimit -Hn ${needed}\` as root, or LimitNOFILE in systemd) or choose smaller --sizes.`,
  );
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) onLine(l);
  });
}

/**
 * Starts `node <args>` with an IPC channel. When the child needs more open files than the current soft
 * limit, it is started through `sh -c 'ulimit -n N && exec node ...'` (same pid, raised limit).
 */
export function spawnNode(name: string, args: string[], opts: SpawnOptions): Child {
  const raise = opts.nofile !== undefined && checkOpenFiles(opts.nofile).raise;
  const [cmd, argv] = raise
    ? ['/bin/sh', ['-c', `ulimit -n ${opts.nofile} && exec "$0" "$@"`, process.execPath, ...args]]
    : [process.execPath, args];
  const proc = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  if (proc.pid === undefined) throw new Error(`bench: could not start ${name}`);
  const stderrTail: string[] = [];
  lines(proc.stdout!, (l) => opts.onStdoutLine?.(l));
  lines(proc.stderr!, (l) => {
    stderrTail.push(l);
    if (stderrTail.length > TAIL) stderrTail.shift();
    opts.onStderrLine?.(l);
  });
  const exited = once(proc, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const child: Child = {
    name,
    proc,
    pid: proc.pid,
    stderrTail,
    exited,
    async stop(graceMs = 5000) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      live.delete(child);
    },
  };
  live.add(child);
  void exited.then(() => live.delete(child));
  return child;
}

/** Stops every child still running (SIGTERM, SIGKILL after the grace period). */
export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...live].map((c) => c.stop(graceMs)));
}

/** Last resort on exit: SIGKILL whatever is left, synchronously. */
export function killAllNow(): void {
  for (const c of live) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  }
  live.clear();
}
