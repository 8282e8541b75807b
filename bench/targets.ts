// The two servers the benchmark drives with the same load generator: the floor (bench/floor-server.ts)
// and mserver itself as a real process (src/main.ts with its console on a pipe, a fresh SQLite file, and
// the probe preloaded). Both are seen through one interface, so every scenario runs the same on each.
import Database from 'better-sqlite3';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode, type Child } from './children.ts';
import type { FloorApi } from './floor-server.ts';
import { rpcClient, type RpcClient } from './ipc.ts';
import { startHttpBench, type HttpBench } from './http-client.ts';
import { LineWatch } from './line-watch.ts';
import type { FloodResult } from './load-generator.ts';
import type { LoopDelay } from './loop-delay.ts';
import type { ProbeApi } from './mserver-probe.ts';
import { waitUntil } from '../test/support/wait.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** tsx by absolute URL, so a child can run with any working directory. */
export const TSX = import.meta.resolve('tsx');

export type TargetKind = 'floor' | 'mserver';

export interface Target {
  readonly kind: TargetKind;
  readonly url: string;
  readonly pid: number;
  /** Resolves when exactly `count` agents are identified (and, for mserver, stored as connected). */
  waitRegistered(count: number, timeoutMs: number): Promise<void>;
  /** `status` to every agent; resolves when every outcome is final (for mserver: stored in SQLite). */
  broadcast(timeoutMs: number): Promise<{ ok: number; total: number }>;
  /** `status` to one agent; resolves with whether it succeeded. */
  single(agent: string, timeoutMs: number): Promise<boolean>;
  /** The same through the HTTP API (mserver only): POST /api/v1/requests, done by the event stream. */
  httpSingle?(agent: string, timeoutMs: number): Promise<boolean>;
  /** Resolves when every summary of the flood has been parsed (floor) or stored (mserver). */
  waitSummaries(flood: FloodResult, before: number, timeoutMs: number): Promise<void>;
  /** Summaries counted so far (floor) or 0: the flood's expected total is added to it. */
  summaryCount(): Promise<number>;
  loopDelay(reset: boolean): Promise<LoopDelay>;
  /** A full garbage collection in the server; resolves with its RSS in bytes afterwards. */
  rssAfterGc(): Promise<number>;
  profileStart(): Promise<void>;
  profileStop(path: string): Promise<void>;
  /** Problems the server logged (mserver: warn and above), for the report. */
  readonly problems: string[];
  stop(): Promise<void>;
}

const ENV_BASE = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
});

function childError(child: Child, what: string, err: unknown): Error {
  return new Error(`${what}: ${(err as Error).message}\n${child.name} stderr:\n${child.stderrTail.join('\n')}`);
}

export async function startFloor(opts: { token: string; nofile: number }): Promise<Target> {
  const child = spawnNode('floor', ['--import', TSX, join(ROOT, 'bench/floor-server.ts')], { cwd: ROOT, env: ENV_BASE(), nofile: opts.nofile });
  const rpc = rpcClient<FloorApi>(child.proc, 'floor');
  const { port } = await rpc.call('listen', { token: opts.token }, 30_000).catch((err: unknown) => {
    throw childError(child, 'the floor server did not start', err);
  });
  return {
    kind: 'floor',
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid,
    problems: [],
    async waitRegistered(count, timeoutMs) {
      await rpc.call('waitRegistered', { count, timeoutMs }, timeoutMs + 5000);
    },
    async broadcast(timeoutMs) {
      const r = await rpc.call('broadcast', { command: 'status', timeoutMs }, timeoutMs + 5000);
      return { ok: r.answered, total: r.sent };
    },
    async single(agent, timeoutMs) {
      return (await rpc.call('send', { agent, command: 'status', timeoutMs }, timeoutMs + 5000)).answered;
    },
    summaryCount: () => rpc.call('summaries', {}),
    async waitSummaries(flood, before, timeoutMs) {
      await rpc.call('waitSummaries', { count: before + flood.sent, timeoutMs }, timeoutMs + 5000);
    },
    loopDelay: (reset) => rpc.call('loopDelay', { reset }),
    rssAfterGc: async () => (await rpc.call('gc', {})).rss,
    profileStart: () => rpc.call('profileStart', {}),
    profileStop: async (path) => void (await rpc.call('profileStop', { path }, 60_000)),
    async stop() {
      await rpc.call('close', {}, 5000).catch(() => undefined);
      await child.stop();
    },
  };
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const FINAL = ['success', 'failed', 'timed out', 'not connected', 'disconnected', 'interrupted'];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** BENCH_MSERVER_X=v in the benchmark's environment becomes X=v for mserver: to try a setting. */
function passedThrough(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('BENCH_MSERVER_') && v !== undefined) out[k.slice('BENCH_MSERVER_'.length)] = v;
  }
  return out;
}

export interface MserverOptions {
  /** Folder for the database; the working directory too, so no stray .env is read. */
  dir: string;
  token: string;
  nofile: number;
  /** DISCORD_* variables (the emulator), or none for a bot-less mserver. */
  env?: Record<string, string>;
  /** The mserver checkout to run (default: this one), to compare a change against the same floor. */
  root?: string;
}

export async function startMserver(opts: MserverOptions): Promise<Target & { dbPath: string }> {
  const port = await freePort();
  const httpPort = await freePort();
  const dbPath = join(opts.dir, 'mserver.db');
  const out = new LineWatch();
  const problems: string[] = [];
  const child = spawnNode(
    'mserver',
    ['--import', TSX, '--import', join(ROOT, 'bench/mserver-probe.ts'), join(opts.root ?? ROOT, 'src/main.ts'), '--console'],
    {
      cwd: opts.dir,
      nofile: opts.nofile,
      env: {
        ...ENV_BASE(),
        TSX_TSCONFIG_PATH: join(opts.root ?? ROOT, 'tsconfig.json'),
        BENCH_MSERVER_PROBE: '1',
        MCLIENT_HOST: '127.0.0.1',
        MCLIENT_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        HTTP_RATE_LIMIT_PER_MIN: '1000000',
        MCLIENT_TOKEN: opts.token,
        // The benchmark's agents enrol on the fleet token at once, as a test fleet does.
        MCLIENT_ENROLL: 'auto',
        // Production's 50 frames per second per agent is far below a flood; the flood measures ingest.
        MCLIENT_MAX_MSGS_PER_S: '100000',
        DATABASE_PATH: dbPath,
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ...opts.env,
        ...passedThrough(),
      },
      onStdoutLine: (l) => out.feed(l),
      onStderrLine: (l) => {
        if (problems.length < 50) problems.push(l.slice(0, 500));
      },
    },
  );
  const probe: RpcClient<ProbeApi> = rpcClient<ProbeApi>(child.proc, 'mserver probe');
  await Promise.race([
    out.wait(/^mserver console:/, 60_000, 'the mserver console to start'),
    child.exited.then((e) => {
      throw new Error(`mserver exited (${e.code ?? e.signal}) before its console started:\n${child.stderrTail.join('\n')}`);
    }),
  ]);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const connected = db.prepare('SELECT count(*) FROM agents WHERE connected = 1').pluck();
  const stored = db.prepare("SELECT id, json_extract(last_summary, '$.bench_seq') AS seq FROM agents WHERE last_summary IS NOT NULL");
  const write = (line: string) => child.proc.stdin!.write(`${line}\n`);
  let http: HttpBench | undefined;

  return {
    kind: 'mserver',
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid,
    dbPath,
    problems,
    async waitRegistered(count, timeoutMs) {
      await waitUntil(() => connected.get() === count, `${count} agents stored as connected`, timeoutMs);
    },
    async broadcast(timeoutMs) {
      const done = out.wait(/^Done: /, timeoutMs, 'the broadcast to finish');
      write('broadcast status');
      const line = await done;
      // "Done: 9,990 success, 10 not connected." (counts written for the reader, with thousands separators)
      let ok = 0;
      let total = 0;
      for (const m of line.matchAll(/(\d[\d,]*) ([a-z ]+?)(?=,|\.$)/g)) {
        const n = Number(m[1]!.replaceAll(',', ''));
        total += n;
        if (m[2] === 'success') ok += n;
      }
      return { ok, total };
    },
    async single(agent, timeoutMs) {
      const re = new RegExp(`^  ${escape(agent)}  (${FINAL.map(escape).join('|')})`);
      const done = out.wait(re, timeoutMs, `${agent} to answer`);
      write(`send ${agent} status`);
      return (await done).startsWith(`  ${agent}  success`);
    },
    async httpSingle(agent, timeoutMs) {
      if (!http) {
        // Made at the first use: a checkout without the HTTP API (--root) can still run scenarios 1-5.
        const tokenLine = out.wait(/^ {2}token: mst_/, 30_000, 'the API token to be printed');
        write('api-token add bench admin --expires 1d');
        http = await startHttpBench(`http://127.0.0.1:${httpPort}`, (await tokenLine).trim().slice('token: '.length));
      }
      return http.single(agent, timeoutMs);
    },
    summaryCount: async () => 0,
    async waitSummaries(flood, _before, timeoutMs) {
      const want = Object.entries(flood.lastSeq);
      await waitUntil(
        () => {
          const have = new Map((stored.all() as Array<{ id: string; seq: number | null }>).map((r) => [r.id, r.seq]));
          return want.every(([id, seq]) => have.get(id) === seq);
        },
        `${flood.sent} summaries stored`,
        timeoutMs,
      );
    },
    loopDelay: (reset) => probe.call('loopDelay', { reset }),
    rssAfterGc: async () => (await probe.call('gc', {})).rss,
    profileStart: () => probe.call('profileStart', {}),
    profileStop: async (path) => void (await probe.call('profileStop', { path }, 60_000)),
    async stop() {
      http?.close();
      db.close();
      await child.stop(20_000);
    },
  };
}
