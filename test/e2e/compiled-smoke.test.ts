// The compiled server, the way production runs it: `npm run build`, then `node dist/src/main.js` with
// no TypeScript loader. The hub listens, an agent connects and answers a `status` sent from the
// console, the healthcheck script passes, and SIGTERM stops it with exit 0.
//
// scripts/docker-steps.sh runs this same file against the image's runtime copy (installed with
// `npm ci --omit=dev`, so no tsx there) as a non-root user: MSERVER_SMOKE_APP names that copy,
// MSERVER_SMOKE_UID/GID the user, MSERVER_SMOKE_DATA the database's folder. Without them it builds
// this tree's dist/ and runs it as the current user.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TestAgent } from '../support/agent.ts';
import { startMserverProcess, type MserverProcess } from '../support/mserver-process.ts';
import { TEST_TOKEN } from '../support/mserver.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = process.env.MSERVER_SMOKE_APP ?? ROOT;
const UID = process.env.MSERVER_SMOKE_UID ? Number(process.env.MSERVER_SMOKE_UID) : undefined;
const GID = process.env.MSERVER_SMOKE_GID ? Number(process.env.MSERVER_SMOKE_GID) : UID;

describe('the compiled server', () => {
  let data: string;
  let p: MserverProcess | undefined;

  before(() => {
    if (!process.env.MSERVER_SMOKE_APP) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
    assert.ok(existsSync(join(APP, 'dist', 'src', 'store', 'migrations', '001_init.sql')), 'the migrations are in dist');
    data = process.env.MSERVER_SMOKE_DATA ?? mkdtempSync(join(tmpdir(), 'mserver-smoke-'));
    if (UID !== undefined) chownSync(data, UID, GID ?? UID);
  });
  after(async () => {
    await p?.kill('SIGKILL');
    if (!process.env.MSERVER_SMOKE_DATA) rmSync(data, { recursive: true, force: true });
  });

  it('starts without tsx, runs a status on an agent, passes the healthcheck and stops on SIGTERM', async () => {
    const dbPath = join(data, 'mserver.db');
    p = await startMserverProcess({ DATABASE_PATH: dbPath, MCLIENT_TOKEN: TEST_TOKEN }, ['--console'], {
      entry: [join(APP, 'dist', 'src', 'main.js')],
      cwd: APP,
      ...(UID !== undefined ? { uid: UID, gid: GID ?? UID } : {}),
    });
    const agent = await TestAgent.connect(`ws://127.0.0.1:${p.port}`, { token: TEST_TOKEN, register: { client_id: 'smoke-1', containers: ['polkadot'] } });
    try {
      const from = p.stdout.length;
      p.write('send smoke-1 status');
      const cmd = await agent.nextCommand(15_000);
      assert.equal(cmd.command, 'status');
      agent.respond(cmd.id, 'success', { result: { containers: [{ name: 'polkadot', status: 'running' }] } });
      assert.match(await p.waitForStdout(/smoke-1\s+\S+/, 15_000, from), /smoke-1\s+(succeeded|success|ok)/i);

      const health = spawnSync(process.execPath, [join(ROOT, 'scripts', 'healthcheck.mjs')], { env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', MCLIENT_PORT: String(p.port) }, encoding: 'utf8' });
      assert.equal(health.status, 0, health.stderr);
      assert.match(health.stdout, /^healthy: http:\/\/127\.0\.0\.1:\d+\/healthz answered 200/);
    } finally {
      await agent.close();
    }
    const exit = await p.kill('SIGTERM');
    p = undefined;
    assert.deepEqual(exit, { code: 0, signal: null });
    const help = spawnSync(process.execPath, [join(APP, 'bin', 'mserver.js'), '--help'], { cwd: APP, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /mserver backup <file>/);
    const st = statSync(dbPath);
    assert.equal(st.mode & 0o777, 0o600);
    if (UID !== undefined) assert.equal(st.uid, UID, 'the database belongs to the user the server ran as');
  });
});
