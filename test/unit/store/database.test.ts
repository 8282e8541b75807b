import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, openDatabase } from '../../../src/store/database.ts';
import type { Db } from '../../../src/store/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'mserver-db-'));
const open: Db[] = [];
after(() => {
  for (const db of open) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openAt(path: string): Db {
  const db = openDatabase(path);
  open.push(db);
  return db;
}

const tables = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter((n) => !n.startsWith('sqlite_'));

const EXPECTED_TABLES = ['agent_messages', 'agents', 'alert_actions', 'alert_state', 'approval_votes', 'audit', 'command_events', 'commands', 'key_handovers', 'key_sightings', 'outbox', 'payout_snapshots', 'requests', 'schedule_runs', 'schedules', 'session_keys', 'settings'];

describe('openDatabase', () => {
  const migrations = loadMigrations();
  const latest = Math.max(...migrations.map((m) => m.version));

  test('the migrations on disk are numbered from 1 without gaps', () => {
    assert.ok(migrations.length >= 1);
    assert.deepEqual(
      migrations.map((m) => m.version),
      migrations.map((_, i) => i + 1),
    );
    assert.equal(migrations[0]!.name, '001_init.sql');
  });

  test('a new file: creates missing directories, runs the migrations, sets user_version and WAL', () => {
    const path = join(dir, 'nested', 'deeper', 'first.db');
    const db = openAt(path);
    assert.ok(existsSync(path));
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.deepEqual(tables(db), EXPECTED_TABLES);
  });

  test('a second open applies nothing and keeps the data', () => {
    const path = join(dir, 'second.db');
    const db1 = openAt(path);
    db1.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('k', 'v', 1);
    const schema = db1.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
    db1.close();

    const db2 = openAt(path);
    assert.equal(db2.pragma('user_version', { simple: true }), latest);
    assert.deepEqual(db2.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all(), schema);
    assert.deepEqual(db2.prepare('SELECT key, value FROM settings').all(), [{ key: 'k', value: 'v' }]);
    assert.deepEqual(migrate(db2), []);
    assert.equal(db2.pragma('journal_mode', { simple: true }), 'wal');
  });

  test('migrate applies only versions above user_version, in order', () => {
    const db = openAt(join(dir, 'more.db'));
    const extra = [
      ...migrations,
      { version: latest + 1, name: 'x1', sql: 'CREATE TABLE extra_one (a INTEGER);' },
      { version: latest + 2, name: 'x2', sql: 'CREATE TABLE extra_two (b INTEGER);' },
    ];
    assert.deepEqual(migrate(db, extra), [latest + 1, latest + 2]);
    assert.equal(db.pragma('user_version', { simple: true }), latest + 2);
    assert.deepEqual(migrate(db, extra), []);
    assert.ok(tables(db).includes('extra_one') && tables(db).includes('extra_two'));
  });

  test('a failing migration leaves neither its schema nor a new user_version', () => {
    const db = openAt(join(dir, 'failing.db'));
    const bad = [...migrations, { version: latest + 1, name: 'bad', sql: 'CREATE TABLE half (a); INSERT INTO no_such_table VALUES (1);' }];
    assert.throws(() => migrate(db, bad), /no such table/);
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.ok(!tables(db).includes('half'));
  });

  test('a file written by another connection is migrated on open', () => {
    const path = join(dir, 'plain.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE unrelated (x)');
    raw.close();
    const db = openAt(path);
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.deepEqual(tables(db), [...EXPECTED_TABLES, 'unrelated'].sort());
  });
});
