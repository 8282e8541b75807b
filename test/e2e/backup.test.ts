// Online backups while mserver works: the console's `backup <file>` and `mserver backup <file>` (another
// process) under a load of commands produce a copy that passes integrity_check, is 0600, and holds the
// last command that completed before the backup began; a path that cannot be written, or the live file
// itself, is a clear error and the server goes on. (Scheduled backups: backup-schedule.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Actor } from '../../src/core/ports.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const operator: Actor = { id: 'console:test', name: 'test (console)' };

function readCopy<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function run(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, out, err };
}

describe('backups', () => {
  let s: TestServer;
  let fleet: Fleet;
  let loading = true;
  let completed = 0;
  let failed = 0;
  const loadErrors: string[] = [];
  const loops: Promise<void>[] = [];

  const status = async (target: string): Promise<string> => {
    const out = await s.app.dispatcher.dispatch({ command: 'status', target, params: {}, actor: operator, via: 'console' });
    assert.equal(out.kind, 'running');
    if (out.kind !== 'running') return '';
    const [done] = await out.run.done;
    if (done?.state === 'success') completed++;
    else failed++;
    return done!.commandId;
  };

  before(async () => {
    s = await startTestServer({ console: true, env: { LOG_LEVEL: 'info' } });
    // About 4 MB of rows, so the backup API copies in many steps while the commands below are written.
    const fill = s.app.store.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
    s.app.store.db.transaction(() => {
      for (let i = 0; i < 2000; i++) fill.run(`filler-${i}`, 'x'.repeat(2000), i);
    })();
    fleet = await startFleet({ url: s.url, clients: 3, token: TEST_TOKEN, idPrefix: 'bk', summaryEveryMs: 0, responseDelayMs: [1, 5], progress: false, seed: 3 });
    await fleet.waitConnected(3, 10_000);
    await waitUntil(() => ['bk-1', 'bk-2', 'bk-3'].every((id) => s.app.hub.isConnected(id)), 'the hub registered the agents', 10_000);
    for (const target of ['bk-1', 'bk-2', 'bk-3']) {
      loops.push(
        (async () => {
          while (loading) await status(target);
        })().catch((err: unknown) => {
          loadErrors.push(`${new Date().toISOString()} ${(err as Error).message}`);
        }),
      );
    }
    await waitUntil(() => completed >= 30, 'the load is running', 20_000);
  });
  after(async () => {
    loading = false;
    await Promise.allSettled(loops);
    await fleet.stop();
    await s.dispose();
  });

  it('console: backup <file> under load: checked, 0600, holds the last command completed before it', async () => {
    const last = await status('bk-2');
    const file = join(s.dir, 'copies', 'console.db');
    mkdirSync(join(s.dir, 'copies'));
    const from = s.consoleOut.length;
    const during = completed;
    s.type(`backup ${file}`);
    const line = await s.waitForOutput(/Backup written|error/, 30_000, from);
    assert.match(line, new RegExp(`^Backup written: ${file} \\(\\d+ KiB, schema \\d+, integrity_check ok, \\d+ ms, mode 0600\\)\\.$`));
    await waitUntil(() => completed >= during + 20, 'commands keep completing after the backup', 20_000);
    assert.equal(failed, 0);
    assert.deepEqual(loadErrors, []);

    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(!existsSync(`${file}-wal`), 'the copy is one self-contained file');
    assert.deepEqual(readdirSync(join(s.dir, 'copies')), ['console.db'], 'no temporary file is left');
    readCopy(file, (db) => {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(db.prepare('SELECT agent_id, command, state FROM commands WHERE id = ?').get(last), { agent_id: 'bk-2', command: 'status', state: 'success' });
      assert.equal(db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'filler-%'").pluck().get(), 2000);
      assert.ok((db.prepare("SELECT count(*) FROM commands WHERE state = 'success'").pluck().get() as number) >= during);
    });
  });

  it('mserver backup <file> from another process while the server runs; an unwritable path is exit 1 and the server goes on', async () => {
    const last = await status('bk-3');
    s.app.store.queue.flush();
    const file = join(s.dir, 'cli.db');
    const env = { DATABASE_PATH: s.dbPath, MCLIENT_TOKEN: TEST_TOKEN };
    const r = await run(['backup', file], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^mserver backup: ${file} written \\(\\d+ KiB, schema \\d+, integrity_check ok, \\d+ ms, mode 0600\\)\\.\\n$`));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    readCopy(file, (db) => {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(db.prepare('SELECT state FROM commands WHERE id = ?').pluck().get(last), 'success');
    });

    const bad = await run(['backup', join(s.dir, 'no', 'such', 'folder', 'x.db')], env);
    assert.equal(bad.code, 1);
    assert.equal(bad.out, '');
    assert.match(bad.err, /^mserver backup: cannot write a backup in .*no\/such\/folder \(ENOENT: .*\): choose a folder that exists and that mserver's user may write\n$/);
    const afterBad = completed;
    await waitUntil(() => completed >= afterBad + 10, 'the server still runs commands', 20_000);
    assert.equal(failed, 0);
    assert.deepEqual(loadErrors, []);

    let from = s.consoleOut.length;
    s.type(`backup ${s.dir}`);
    assert.match(await s.waitForOutput(/error/, 10_000, from), /is a directory: give a file name/);
    // Never over the live file: the rename would replace the database under the running server.
    const before = statSync(s.dbPath).ino;
    const self = await run(['backup', s.dbPath], env);
    assert.equal(self.code, 1);
    assert.match(self.err, /is the live database \(or one of its files\): write the backup to another file/);
    from = s.consoleOut.length;
    s.type(`backup ${s.dbPath}-wal`);
    assert.match(await s.waitForOutput(/error/, 10_000, from), /is the live database/);
    assert.equal(statSync(s.dbPath).ino, before);
    const stillOk = completed;
    await waitUntil(() => completed >= stillOk + 10, 'the server still runs commands', 20_000);
  });
});
