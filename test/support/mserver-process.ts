// mserver as a real child process (`node --import tsx src/main.ts`), the way `npm start` runs it: for
// piped console input, exit codes, signals and crashes.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface MserverProcess {
  child: ChildProcess;
  port: number;
  stdout: string[];
  stderr: string[];
  write(line: string): void;
  waitForStdout(match: RegExp | string, timeoutMs?: number, from?: number): Promise<string>;
  waitForStderr(match: RegExp | string, timeoutMs?: number, from?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** How to run it; default the source tree through tsx, as `npm start` does. */
export interface SpawnHow {
  /** Node arguments before mserver's own, e.g. ['/app/dist/src/main.js'] for a compiled copy. */
  entry?: string[];
  cwd?: string;
  /** Run as this user (the caller must be root), like a container's USER. */
  uid?: number;
  gid?: number;
}

export function spawnMserver(env: Record<string, string>, args: string[] = ['--console'], how: SpawnHow = {}): ChildProcess {
  return spawn(process.execPath, [...(how.entry ?? ['--import', 'tsx', 'src/main.ts']), ...args], {
    cwd: how.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(how.uid !== undefined ? { uid: how.uid } : {}),
    ...(how.gid !== undefined ? { gid: how.gid } : {}),
  });
}

function lines(stream: NodeJS.ReadableStream, into: string[], onLine: () => void): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    into.push(...parts);
    onLine();
  });
}

/** Starts mserver and resolves once the hub listens (its port read from the log). */
export async function startMserverProcess(env: Record<string, string>, args?: string[], how?: SpawnHow): Promise<MserverProcess> {
  // As startTestServer: agents made up by the tests are enrolled at once unless a test says otherwise.
  const child = spawnMserver({ MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: '0', MCLIENT_ENROLL: 'auto', HTTP_PORT: '0', ...env }, args, how);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of waiters) w();
  };
  lines(child.stdout!, stdout, poke);
  lines(child.stderr!, stderr, poke);
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const waitFor = (buf: string[], match: RegExp | string, timeoutMs: number, from: number) =>
    new Promise<string>((resolve, reject) => {
      const test = (l: string) => (typeof match === 'string' ? l.includes(match) : match.test(l));
      const check = () => {
        const hit = buf.slice(from).find(test);
        if (hit !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`mserver never printed ${String(match)}.\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr.join('\n')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const listening = await Promise.race([
    waitFor(stderr, 'hub listening', 20_000, 0),
    exited.then((e) => {
      throw new Error(`mserver exited (${e.code ?? e.signal}) before listening:\n${stderr.join('\n')}`);
    }),
  ]);
  const port = Number((JSON.parse(listening) as { port: number }).port);
  return {
    child,
    port,
    stdout,
    stderr,
    write: (line) => child.stdin!.write(`${line}\n`),
    waitForStdout: (match, timeoutMs = 10_000, from = 0) => waitFor(stdout, match, timeoutMs, from),
    waitForStderr: (match, timeoutMs = 10_000, from = 0) => waitFor(stderr, match, timeoutMs, from),
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
