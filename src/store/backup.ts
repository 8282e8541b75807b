// Online backups with SQLite's backup API: the copy is taken page by page while mserver keeps writing
// (better-sqlite3 runs the steps between event-loop turns), checked with integrity_check, and only then
// renamed to its name, 0600 from its first byte. A failed backup leaves no file behind and the live
// database untouched.
import { accessSync, closeSync, constants, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database.ts';
import { msg, render, type Message } from '../i18n/message.ts';

/** A backup refused or failed for a reason the operator can act on; `message` is its English text. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  readonly text: Message;
  constructor(text: Message) {
    super(render('en', text));
    this.text = text;
  }
}

export interface BackupResult {
  path: string;
  bytes: number;
  /** PRAGMA user_version of the copy. */
  schema: number;
  ms: number;
}

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

/** Copies `db` to `dest` (overwriting an earlier backup there) and checks the copy before naming it. */
export async function backupDatabase(db: Db, dest: string): Promise<BackupResult> {
  const started = Date.now();
  const path = resolve(dest);
  const dir = dirname(path);
  const live = resolve(db.name);
  if ([live, `${live}-wal`, `${live}-shm`, `${live}-journal`].includes(path) || realOrSame(path) === realOrSame(live)) {
    throw new BackupError(msg('console.backup.isLive', { path, example: join(dirname(live), 'backups', 'mserver-copy.db') }));
  }
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new BackupError(msg('console.backup.isDirectory', { path, example: join(path, 'mserver-backup.db') }));
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(msg('console.backup.cannotWrite', { dir, why: why(err) }));
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Created empty with 0600 first: SQLite keeps the mode of a file it opens, so the copy is never readable by others.
    closeSync(openSync(tmp, 'wx', 0o600));
    await db.backup(tmp);
    const copy = new Database(tmp, { fileMustExist: true });
    let schema: number;
    try {
      // A backup is one self-contained file: no -wal beside it to forget when it is moved.
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(msg('console.backup.integrity', { check: String(check) }));
      schema = copy.pragma('user_version', { simple: true }) as number;
    } finally {
      copy.close();
    }
    renameSync(tmp, path);
    return { path, bytes: statSync(path).size, schema, ms: Date.now() - started };
  } catch (err) {
    rmSync(tmp, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError(msg('console.backup.failed', { path, why: why(err) }));
  }
}

/** The real path when it exists (a symlink to the live file is the live file), else the path itself. */
function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const SCHEDULED = /^mserver-\d{8}T\d{6}Z\.db$/;

/** `mserver-20261206T030000Z.db`: sorts by time, and is the only kind of file pruning ever removes. */
export function scheduledBackupName(at: Date): string {
  return `mserver-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`;
}

/** Deletes all but the newest `keep` scheduled backups in `dir`; returns the removed paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const names = readdirSync(dir).filter((n) => SCHEDULED.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const n of old) rmSync(join(dir, n), { force: true });
  return old.map((n) => join(dir, n));
}

/** One scheduled backup: into `dir` (created 0700 when missing), then old copies pruned. */
export async function scheduledBackup(db: Db, dir: string, keep: number, at: Date): Promise<{ result: BackupResult; removed: string[] }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const result = await backupDatabase(db, join(dir, scheduledBackupName(at)));
  return { result, removed: pruneBackups(dir, keep) };
}
