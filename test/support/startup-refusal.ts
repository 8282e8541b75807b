// Starts the real mserver process expecting it to refuse to start: its stderr lines, stdout and exit
// code. `asNobody` runs it as an unprivileged user (when the tests run as root, which may write
// anywhere and listen on any port), with a TMPDIR that user can write (tsx keeps its cache there).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnMserver } from './mserver-process.ts';
import { TEST_TOKEN } from './mserver.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NOBODY = 65534;

export const runningAsRoot = process.getuid?.() === 0;

export interface Refusal {
  lines: string[];
  out: string;
  code: number | null;
}

function spawnAsNobody(env: Record<string, string>, scratch: string) {
  const tmp = join(scratch, 'nobody-tmp');
  mkdirSync(tmp, { recursive: true });
  chmodSync(tmp, 0o777);
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    uid: NOBODY,
    gid: NOBODY,
    env: { PATH: process.env.PATH ?? '', HOME: tmp, TMPDIR: tmp, LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `scratch` is a folder readable by everyone, for the unprivileged user's TMPDIR. */
export async function startupRefusal(env: Record<string, string>, opts: { asNobody?: boolean; scratch?: string } = {}): Promise<Refusal> {
  const all = { MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: '0', ...env };
  const proc = opts.asNobody ? spawnAsNobody(all, opts.scratch!) : spawnMserver(all, []);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
  const [code] = (await once(proc, 'exit')) as [number | null];
  clearTimeout(timer);
  return { lines: err.split('\n').filter((l) => l !== ''), out, code };
}

/**
 * A temp folder for the tests of one file, readable by everyone (the unprivileged user of `asNobody`
 * needs to reach it) and removed at the end; the returned function gives its path once it exists.
 */
export function useScratchFolder(): () => string {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-startup-'));
    chmodSync(dir, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
