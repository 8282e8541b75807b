// `npm run demo`: a real mserver with a handful of simulated agents and the console, to try the
// commands without a fleet. Its database is a temp file; nothing touches ./data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../src/app.ts';
import { parseConfig, readEnvironment } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startFleet } from '../test/support/sim/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'mserver-demo-'));
const token = 'demo-token-not-for-production';
const parsed = parseConfig({
  ...readEnvironment().env,
  MCLIENT_HOST: '127.0.0.1',
  MCLIENT_PORT: '0',
  HTTP_PORT: '0',
  MCLIENT_AUTH: 'token',
  MCLIENT_TOKEN: token,
  // The demo's simulated fleet enrols itself on the fleet token: no admin is there to accept each host.
  MCLIENT_ENROLL: 'auto',
  DATABASE_PATH: join(dir, 'demo.db'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
if (!parsed.ok) {
  for (const p of parsed.problems) console.error(`demo: ${p}`);
  process.exit(2);
}
const log = createLogger(parsed.config);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await fleet.stop();
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
const app = await startApp({ config: parsed.config, log, notice: () => {} });
const fleet = await startFleet({
  url: `ws://127.0.0.1:${app.port}`,
  clients: 5,
  token,
  idPrefix: 'demo',
  summaryEveryMs: 10_000,
  stallCommands: ['backup_keys'],
  failCommands: ['exec'],
});
await fleet.waitConnected(5, 10_000);
console.log(`Demo: 5 simulated agents (demo-1 .. demo-5) on ws://127.0.0.1:${app.port}. Try: list, send demo-1 status, broadcast status, send demo-2 logs container=polkadot-validator-1 lines=5`);
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
await app.runConsole({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true, onQuit: () => void stop() });
await stop();
