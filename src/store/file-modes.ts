// The database holds the audit trail, agents' outputs and, in settings, a generated agent token: only
// mserver's own user may read it. Its folder is created 0700 and the file 0600 before SQLite opens it;
// SQLite gives the -wal, -shm and -journal files the mode of the database file. Files an older mserver
// left readable by others are tightened at start, each with a log line.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const DB_FILE_MODE = 0o600;
export const DB_DIR_MODE = 0o700;
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

export interface FileModeLog {
  warn(fields: Record<string, unknown>, msg: string): void;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

export function secureDatabaseFiles(path: string, log: FileModeLog | undefined): void {
  // In-memory and temporary databases have no file; Windows has no such modes.
  if (path === '' || path === ':memory:' || path.startsWith('file:') || process.platform === 'win32') return;
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: DB_DIR_MODE });
  else {
    // A folder mserver did not create may be shared (a home, /var/lib): it is reported, not changed.
    const mode = statSync(dir).mode;
    if (mode & 0o077) log?.warn({ dir, mode: octal(mode) }, 'the database folder is open to other users: consider chmod 700 on it (the database files themselves are kept 0600)');
  }
  try {
    closeSync(openSync(path, 'wx', DB_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  for (const suffix of SIDE_FILES) {
    const file = `${path}${suffix}`;
    if (!existsSync(file)) continue;
    const mode = statSync(file).mode;
    if ((mode & 0o077) === 0) continue;
    chmodSync(file, DB_FILE_MODE);
    log?.warn({ file, was: octal(mode), now: octal(DB_FILE_MODE) }, 'database file was readable by other users: tightened to 0600');
  }
}
