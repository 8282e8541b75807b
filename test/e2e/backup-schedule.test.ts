// BACKUP_CRON: checked copies in BACKUP_DIR, the newest BACKUP_KEEP kept and nothing else in the folder
// touched; a folder that cannot be written is logged at each tick and the server goes on.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startTestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

function readCopy<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('scheduled backups', () => {
  it('BACKUP_CRON writes checked copies into BACKUP_DIR and keeps the newest BACKUP_KEEP', async () => {
    const s = await startTestServer({ env: { LOG_LEVEL: 'info', BACKUP_CRON: '* * * * * *', BACKUP_KEEP: '2' } });
    const dir = join(s.dir, 'backups');
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'operator-notes.txt'), 'not a backup: never pruned');
      await waitUntil(() => s.logs.filter((l) => l.msg === 'scheduled backup written and checked').length >= 4, 'four scheduled backups', 20_000);
      await s.stop();
      const names = readdirSync(dir).sort();
      const copies = names.filter((n) => /^mserver-\d{8}T\d{6}Z\.db$/.test(n));
      assert.equal(copies.length, 2, names.join(', '));
      assert.ok(names.includes('operator-notes.txt'));
      assert.equal(names.length, 3, names.join(', '));
      for (const c of copies) {
        assert.equal(statSync(join(dir, c)).mode & 0o777, 0o600);
        readCopy(join(dir, c), (db) => assert.equal(db.pragma('integrity_check', { simple: true }), 'ok'));
      }
      const removed = s.logs.filter((l) => l.msg === 'scheduled backup written and checked').flatMap((l) => l.removed as string[]);
      assert.ok(removed.length >= 2, JSON.stringify(removed));
    } finally {
      await s.dispose();
    }
  });
});

describe('scheduled backups that cannot be written', () => {
  it('log the reason each time and leave the server working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-nobackup-'));
    writeFileSync(join(dir, 'a-file'), 'x');
    const target = join(dir, 'a-file', 'backups');
    const s = await startTestServer({ env: { LOG_LEVEL: 'info', BACKUP_CRON: '* * * * * *', BACKUP_DIR: target } });
    try {
      const failures = () => s.logs.filter((l) => l.msg === 'scheduled backup failed');
      await waitUntil(() => failures().length >= 2, 'two failed scheduled backups', 20_000);
      assert.match(JSON.stringify(failures()[0]), /ENOTDIR/);
      assert.equal(failures()[0]!.dir, target);
      s.app.store.settings.set('still', 'writable', Date.now());
      assert.equal(s.app.store.settings.get('still'), 'writable');
    } finally {
      await s.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
