// Starts a real mserver (the same startApp as `npm start`) on 127.0.0.1 port 0 with a fresh SQLite file
// in a temp folder, capturing its log records so tests can assert on them (and on what never appears).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startApp, type App, type AppOptions } from '../../src/app.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

export const TEST_TOKEN = 'test-agent-token-0123456789abcdef';

export interface TestServer {
  app: App;
  url: string;
  /** http://127.0.0.1:<port> of the HTTP API (when started with http: true). */
  httpUrl: string;
  config: Config;
  dir: string;
  dbPath: string;
  /** Every log record so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Every raw log line so far (for "this secret never appears" checks). */
  logText(): string;
  /** Lines the console printed. */
  consoleOut: string[];
  /** Feeds one line to the console (when started with console: true). */
  type(line: string): void;
  /** Waits for a console line matching, among the lines printed from index `from` on. */
  waitForOutput(match: RegExp | string, timeoutMs?: number, from?: number): Promise<string>;
  notices: string[];
  stop(): Promise<void>;
  /** Stops and deletes the temp folder. */
  dispose(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  console?: boolean;
  /** Reuse a folder (and so the database) of an earlier server, to test restarts. */
  dir?: string;
  /** Ports and timings startApp takes besides its config and log (a clock, member roles, the sweep). */
  app?: Pick<AppOptions, 'clock' | 'memberRoles' | 'sweepIntervalMs' | 'webDist'>;
  /** Serve the HTTP API on 127.0.0.1 and a free port (off by default: HTTP_PORT=0). */
  http?: boolean;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'mserver-test-'));
  const dbPath = join(dir, 'mserver.db');
  const parsed = parseConfig({
    MCLIENT_HOST: '127.0.0.1',
    MCLIENT_PORT: '0',
    MCLIENT_TOKEN: TEST_TOKEN,
    // Most tests connect agents with the fleet token under ids made up on the spot: accepted at once, as
    // on a test fleet. The identity tests (hub-identity-*.test.ts) set MCLIENT_ENROLL=approve themselves.
    MCLIENT_ENROLL: 'auto',
    HTTP_PORT: opts.http ? '8080' : '0',
    HTTP_HOST: '127.0.0.1',
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
    ...opts.env,
  });
  if (!parsed.ok) throw new Error(`test config: ${parsed.problems.join('; ')}`);
  // HTTP_PORT=0 means off for a user; a test wants it on, on a port the system picks.
  // (A test that needs a known port, for HTTP_PUBLIC_URL, names it in env.HTTP_PORT.)
  const config = opts.http && parsed.config.http && !opts.env?.HTTP_PORT ? { ...parsed.config, http: { ...parsed.config.http, port: 0 } } : parsed.config;
  const raw: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger(config, {
    write(chunk: string) {
      raw.push(chunk);
      try {
        logs.push(JSON.parse(chunk) as Record<string, unknown>);
      } catch {
        logs.push({ msg: chunk });
      }
    },
  });
  const input = new PassThrough();
  const output = new PassThrough();
  const consoleOut: string[] = [];
  const outputWaiters = new Set<() => void>();
  let partial = '';
  output.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    consoleOut.push(...parts);
    for (const w of outputWaiters) w();
  });
  const notices: string[] = [];
  const app = await startApp({ config, log, notice: (line) => notices.push(line), ...opts.app });
  if (opts.console) void app.runConsole({ input, output, terminal: false, onQuit: () => {} });
  let stopped = false;
  const server: TestServer = {
    app,
    url: `ws://127.0.0.1:${app.port}`,
    httpUrl: app.http ? `http://127.0.0.1:${app.http.port}` : '',
    config,
    dir,
    dbPath,
    logs,
    logText: () => raw.join(''),
    consoleOut,
    notices,
    type(line) {
      input.write(`${line}\n`);
    },
    waitForOutput(match, timeoutMs = 5000, from = 0) {
      const test = (l: string) => (typeof match === 'string' ? l.includes(match) : match.test(l));
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = consoleOut.slice(from).find(test);
          if (hit !== undefined) {
            outputWaiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          outputWaiters.delete(check);
          reject(new Error(`console never printed ${String(match)}; it printed:\n${consoleOut.join('\n')}`));
        }, timeoutMs);
        outputWaiters.add(check);
        check();
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      input.end();
      await app.stop();
    },
    async dispose() {
      await server.stop();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
