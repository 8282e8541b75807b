import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createCredentialsRepo } from '../../../src/store/credentials-repo.ts';
import { DatabaseRefusedError, loadMigrations, migrate, openDatabase } from '../../../src/store/database.ts';
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

const EXPECTED_TABLES = ['agent_credentials', 'agent_messages', 'agents', 'alert_actions', 'alert_state', 'api_tokens', 'approval_votes', 'audit', 'command_events', 'commands', 'idempotency_keys', 'key_handovers', 'key_sightings', 'notices', 'outbox', 'payout_snapshots', 'request_agents', 'requests', 'schedule_runs', 'schedules', 'session_keys', 'settings', 'web_login_links', 'web_sessions'];

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
    // Private from the first byte: it holds the agent token.
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('k', 'v', 1);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(`${path}-wal`).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'nested')).mode & 0o777, 0o700);
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

  test('an SQLite file of another program is refused, unchanged', () => {
    const path = join(dir, 'plain.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE unrelated (x)');
    raw.close();
    assert.throws(() => openAt(path), (err: Error) => err instanceof DatabaseRefusedError && /is an SQLite file but not an mserver database .*restore an mserver backup there, or set DATABASE_PATH/.test(err.message));
    const check = new Database(path, { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), 0);
    assert.deepEqual(tables(check), ['unrelated']);
    check.close();
  });

  test('a file that is not SQLite at all is refused with one line', () => {
    const path = join(dir, 'text.db');
    writeFileSync(path, 'this is a text file restored by mistake, long enough to fill a header page..........');
    assert.throws(() => openAt(path), (err: Error) => err instanceof DatabaseRefusedError && /is not an SQLite database/.test(err.message) && !err.message.includes('\n'));
  });

  test('a database from a newer mserver is refused, naming the copy to restore', () => {
    const path = join(dir, 'newer.db');
    openAt(path).pragma(`user_version = ${latest + 3}`);
    assert.throws(() => openAt(path), (err: Error) => err instanceof DatabaseRefusedError && err.message === `the database ${path} is from a newer mserver (schema ${latest + 3}; this mserver knows up to ${latest}): run that newer version, or restore ${path}.before-${latest + 3}, the copy taken before the upgrade`);
  });

  test('before migrating a database with data, a 0600 copy as it was is taken once', () => {
    const path = join(dir, 'upgrade.db');
    const older = migrations.filter((m) => m.version < latest);
    const db1 = openDatabase(path, older);
    db1.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('kept', 'yes', 1);
    db1.close();
    const copy = `${path}.before-${latest}`;
    assert.ok(!existsSync(copy));

    const told: string[] = [];
    openDatabase(path, undefined, { onUpgradeCopy: (c) => told.push(c) }).close();
    assert.deepEqual(told, [copy]);
    assert.equal(statSync(copy).mode & 0o777, 0o600);
    const before = new Database(copy, { readonly: true });
    assert.equal(before.pragma('user_version', { simple: true }), latest - 1);
    assert.deepEqual(before.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('kept'), 'yes');
    before.close();

    // Once: a later open takes none, and a copy already there (a first, interrupted upgrade) is kept as it was.
    const taken = statSync(copy).mtimeMs;
    openAt(path).close();
    assert.equal(statSync(copy).mtimeMs, taken);
    const path2 = join(dir, 'upgrade2.db');
    openDatabase(path2, older).close();
    writeFileSync(`${path2}.before-${latest}`, 'the first copy');
    openAt(path2).close();
    assert.equal(readFileSync(`${path2}.before-${latest}`, 'utf8'), 'the first copy');

    // A new, empty database gets no copy.
    openAt(join(dir, 'fresh.db')).close();
    assert.ok(!existsSync(`${join(dir, 'fresh.db')}.before-${latest}`));
  });
});

describe('migration 007: agent identity', () => {
  test('agents known before it are accepted on the fleet token; none is forgotten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-007-'));
    try {
      const path = join(dir, 'old.db');
      const old = new Database(path);
      migrate(old, loadMigrations().filter((m) => m.version <= 6));
      old.prepare("INSERT INTO agents (id, address, first_seen, last_seen) VALUES ('val-01', '10.0.0.4', 1, 2)").run();
      old.close();
      const db = openDatabase(path);
      const creds = createCredentialsRepo(db).list();
      assert.equal(creds.length, 1);
      assert.deepEqual(
        { id: creds[0]!.agentId, state: creds[0]!.state, kind: creds[0]!.kind, address: creds[0]!.lastAddress, hash: creds[0]!.tokenHash },
        { id: 'val-01', state: 'active', kind: 'fleet', address: '10.0.0.4', hash: null },
      );
      assert.equal(db.prepare('SELECT forgotten_at FROM agents').pluck().get(), null);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
