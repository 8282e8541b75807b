// Opens the SQLite file: WAL, foreign keys, and the numbered migrations in ./migrations, each in a
// transaction that also bumps PRAGMA user_version, so a crash never leaves a half-applied schema.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { secureDatabaseFiles, type FileModeLog } from './file-modes.ts';
import { prepareDatabaseFolder } from './database-folder.ts';

export type Db = Database.Database;

/** The file is not one this mserver may run on: reported as one line, and nothing in it is changed. */
export class DatabaseRefusedError extends Error {
  override readonly name = 'DatabaseRefusedError';
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

export function migrate(db: Db, migrations: Migration[] = loadMigrations()): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}

/**
 * Refuses a file this code must not migrate: one from a newer mserver (its schema is unknown here), or
 * an SQLite file with tables but no mserver schema version (a wrong file restored in its place).
 */
export function checkSchema(db: Db, path: string, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  if (current > latest) {
    throw new DatabaseRefusedError(
      `the database ${path} is from a newer mserver (schema ${current}; this mserver knows up to ${latest}): run that newer version, or restore ${path}.before-${current}, the copy taken before the upgrade`,
    );
  }
  if (current === 0) {
    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().get() as number;
    if (tables > 0) throw new DatabaseRefusedError(`${path} is an SQLite file but not an mserver database (it has ${tables} table(s) and no mserver schema version): restore an mserver backup there, or set DATABASE_PATH to another file`);
  }
}

/**
 * Before migrations change a database that has data, a copy of it as it was: `<path>.before-<version>`
 * (the schema version the upgrade brings), taken once, 0600. A downgrade is then a file copy away.
 */
export function copyBeforeUpgrade(db: Db, path: string, migrations: Migration[]): string | undefined {
  if (path === ':memory:') return undefined;
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current);
  if (current === 0 || pending.length === 0) return undefined;
  const copy = `${path}.before-${Math.max(...pending.map((m) => m.version))}`;
  if (existsSync(copy)) return undefined;
  // VACUUM INTO takes a consistent snapshot and accepts an empty file, created first so it is never readable by others.
  closeSync(openSync(copy, 'wx', 0o600));
  try {
    db.prepare('VACUUM INTO ?').run(copy);
    chmodSync(copy, 0o600);
  } catch (err) {
    rmSync(copy, { force: true });
    throw err;
  }
  return copy;
}

export interface OpenHooks {
  /** Hears of database files found readable by other users, and tightened. */
  log?: FileModeLog;
  /** Told where the copy taken before an upgrade went (once per upgrade). */
  onUpgradeCopy?(copy: string): void;
}

export function openDatabase(path: string, migrations: Migration[] = loadMigrations(), hooks: OpenHooks = {}): Db {
  // The folder first, one level at a time and each problem in one line; then the files' modes: a new
  // database is private from its first byte (it holds the audit trail and agents' outputs).
  prepareDatabaseFolder(path);
  secureDatabaseFiles(path, hooks.log);
  const db = new Database(path);
  try {
    // Takes effect only on a new, empty file (before its first table): see vacuum-mode.ts for older ones.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw new DatabaseRefusedError(`${path} is not an SQLite database (was another file restored there?): restore an mserver backup, or set DATABASE_PATH to another file`);
    throw err;
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    checkSchema(db, path, migrations);
    const copy = copyBeforeUpgrade(db, path, migrations);
    if (copy) hooks.onUpgradeCopy?.(copy);
  } catch (err) {
    db.close();
    throw err;
  }
  migrate(db, migrations);
  return db;
}
