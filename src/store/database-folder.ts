// Makes sure DATABASE_PATH's folder exists before SQLite opens the file, and says in one line what is
// wrong when it cannot: a file where a folder should be, a folder the user may not write, or a kernel
// file system. Folders are created one level at a time: Node 20's recursive mkdir spins forever on some
// paths under /proc, and a plain mkdir fails at once with a code that names the cause.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StartupError } from '../startup-error.ts';

const CAUSE: Record<string, string> = {
  EACCES: 'permission denied for the user running mserver',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such folder, and it cannot be created here',
  EEXIST: 'a file of that name is in the way',
};

function problem(path: string, text: string): StartupError {
  return new StartupError([`DATABASE_PATH=${path}: ${text}; choose a writable folder (the default is ./data/mserver.db)`]);
}

function causeOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return `${CAUSE[code] ?? (err as Error).message} (${code})`;
}

/** Creates the database's folder if it is missing; throws a StartupError naming DATABASE_PATH otherwise. */
export function prepareDatabaseFolder(path: string): void {
  if (path === ':memory:' || path === '') return;
  const file = resolve(path);
  const kernel = /^\/(proc|sys)(\/|$)/.exec(file);
  if (kernel) throw problem(path, `/${kernel[1]} is a kernel file system, not storage`);
  const missing: string[] = [];
  let dir = dirname(file);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw problem(path, `cannot look at ${dir}: ${causeOf(err)}`);
      missing.unshift(dir);
      const up = dirname(dir);
      if (up === dir) throw problem(path, `no folder of it exists`);
      dir = up;
      continue;
    }
    if (!isDir) throw problem(path, `${dir} is a file, not a folder`);
    break;
  }
  for (const m of missing) {
    try {
      // 0700: the database holds the audit trail and agents' outputs (file-modes.ts).
      mkdirSync(m, { mode: 0o700 });
    } catch (err) {
      throw problem(path, `cannot create the folder ${m}: ${causeOf(err)}`);
    }
  }
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch (err) {
    throw problem(path, `cannot write in ${dirname(file)}: ${causeOf(err)}`);
  }
}
