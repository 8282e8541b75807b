// Makes sure DATABASE_PATH's folder exists before SQLite opens the file, and says in one line what is
// wrong when it cannot: a file where a folder should be, a folder the user may not write, or a kernel
// file system. Folders are created one level at a time: Node 20's recursive mkdir spins forever on some
// paths under /proc, and a plain mkdir fails at once with a code that names the cause.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StartupError } from '../startup-error.ts';
import { msg, render } from '../i18n/message.ts';
import type { Locale } from '../i18n/locale.ts';
import type { MessageKey } from '../i18n/translate.ts';

const CAUSES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'ENOENT', 'EEXIST']);

/** The problem in a start-up error, rendered in the operator's language when it is shown. */
function problem(path: string, text: (locale: Locale) => string): StartupError {
  return new StartupError([(locale) => render(locale, msg('startup.folder.problem', { path, text: text(locale) }))]);
}

function causeOf(err: unknown): (locale: Locale) => string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return (locale) => {
    const text = CAUSES.has(code) ? render(locale, msg(`startup.cause.${code}` as MessageKey & `startup.cause.${string}`)) : (err as Error).message;
    return render(locale, msg('startup.folder.cause', { text, code }));
  };
}

/** Creates the database's folder if it is missing; throws a StartupError naming DATABASE_PATH otherwise. */
export function prepareDatabaseFolder(path: string): void {
  if (path === ':memory:' || path === '') return;
  const file = resolve(path);
  const kernel = /^\/(proc|sys)(\/|$)/.exec(file);
  if (kernel) throw problem(path, (l) => render(l, msg('startup.folder.kernel', { fs: kernel[1]! })));
  const missing: string[] = [];
  let dir = dirname(file);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw problem(path, (l) => render(l, msg('startup.folder.cannotLook', { dir, cause: causeOf(err)(l) })));
      missing.unshift(dir);
      const up = dirname(dir);
      if (up === dir) throw problem(path, (l) => render(l, msg('startup.folder.noFolder')));
      dir = up;
      continue;
    }
    if (!isDir) throw problem(path, (l) => render(l, msg('startup.folder.notFolder', { dir })));
    break;
  }
  for (const m of missing) {
    try {
      // 0700: the database holds the audit trail and agents' outputs (file-modes.ts).
      mkdirSync(m, { mode: 0o700 });
    } catch (err) {
      throw problem(path, (l) => render(l, msg('startup.folder.cannotCreate', { dir: m, cause: causeOf(err)(l) })));
    }
  }
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch (err) {
    throw problem(path, (l) => render(l, msg('startup.folder.cannotWrite', { dir: dirname(file), cause: causeOf(err)(l) })));
  }
}
