// An existing database created without auto_vacuum is switched to INCREMENTAL once, at start-up, when it
// is small enough to copy quickly; a larger one is left as it is with a line saying how to switch it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, openDatabase } from '../../../src/store/database.ts';
import { ensureIncrementalVacuum } from '../../../src/store/vacuum-mode.ts';

const dir = mkdtempSync(join(tmpdir(), 'mserver-vacuum-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An mserver database as an older mserver created it: the schema of migration 006, no auto_vacuum. */
function oldFile(name: string): string {
  const path = join(dir, name);
  const raw = new Database(path);
  migrate(raw, loadMigrations().filter((m) => m.version <= 6));
  raw.exec('CREATE TABLE legacy (x TEXT)');
  raw.prepare('INSERT INTO legacy VALUES (?)').run('kept');
  raw.close();
  return path;
}

function recorder() {
  const lines: Array<{ level: string; msg: string }> = [];
  return { lines, log: { info: (_o: object, msg: string) => lines.push({ level: 'info', msg }), warn: (_o: object, msg: string) => lines.push({ level: 'warn', msg }) } };
}

test('a new file is created with auto_vacuum = INCREMENTAL', () => {
  const db = openDatabase(join(dir, 'new.db'));
  assert.equal(db.pragma('auto_vacuum', { simple: true }), 2);
  const r = recorder();
  assert.equal(ensureIncrementalVacuum(db, join(dir, 'new.db'), r.log), 'already');
  assert.deepEqual(r.lines, []);
  db.close();
});

test('an older, small file is switched with one VACUUM, said in the log, its data kept', () => {
  const path = oldFile('old.db');
  const db = openDatabase(path);
  assert.equal(db.pragma('auto_vacuum', { simple: true }), 0, 'opening alone cannot switch it');
  const r = recorder();
  assert.equal(ensureIncrementalVacuum(db, path, r.log), 'switched');
  assert.equal(db.pragma('auto_vacuum', { simple: true }), 2);
  assert.equal(db.prepare('SELECT x FROM legacy').pluck().get(), 'kept');
  assert.deepEqual(r.lines.map((l) => l.level), ['info', 'info']);
  assert.match(r.lines[0]!.msg, /switching it to INCREMENTAL with one VACUUM/);
  db.close();
});

test('an older file above the size bound is left as it is, with how to switch it', () => {
  const path = oldFile('large.db');
  const db = openDatabase(path);
  const r = recorder();
  assert.equal(ensureIncrementalVacuum(db, path, r.log, 1), 'too_large');
  assert.equal(db.pragma('auto_vacuum', { simple: true }), 0);
  assert.equal(r.lines.length, 1);
  assert.equal(r.lines[0]!.level, 'warn');
  assert.match(r.lines[0]!.msg, /PRAGMA auto_vacuum = INCREMENTAL; VACUUM;/);
  db.close();
});
