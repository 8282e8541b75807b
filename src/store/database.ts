// Opens the SQLite file: WAL, foreign keys, and the numbered migrations in ./migrations, each in a
// transaction that also bumps PRAGMA user_version, so a crash never leaves a half-applied schema.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { secureDatabaseFiles, type FileModeLog } from './file-modes.ts';
import { prepareDatabaseFolder } from './database-folder.ts';

export type Db = Database.Database;

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

/** `log` hears of database files found readable by other users, and tightened. */
export function openDatabase(path: string, log?: FileModeLog): Db {
  // The folder first, one level at a time and each problem in one line; then the files' modes.
  prepareDatabaseFolder(path);
  secureDatabaseFiles(path, log);
  const db = new Database(path);
  // Takes effect only on a new, empty file (before its first table): see vacuum-mode.ts for older ones.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
