// What went wrong at start-up, as lines naming the variable to change, or undefined for a fault that
// is mserver's own (logged with its stack). An EACCES is the port's fault only when listen() raised it.
import type { Config } from './config.ts';
import { msg, render } from './i18n/message.ts';
import { StartupError } from './startup-error.ts';

const SQLITE_CODES = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_PERM', 'SQLITE_IOERR', 'SQLITE_FULL']);

/** In the operator's language: MSERVER_LOCALE (the channels' language), never LANG. */
export function startupProblem(err: unknown, config: Config): string[] | undefined {
  const locale = config.locale.channels;
  if (err instanceof StartupError) return err.localized(locale);
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = `${config.mclient.host}:${config.mclient.port}`;
  if (e.syscall === 'listen' || e.syscall === 'bind') {
    if (e.code === 'EADDRINUSE') return [render(locale, msg('startup.port.inUse', { port: String(config.mclient.port), where }))];
    if (e.code === 'EACCES') return [render(locale, msg('startup.port.denied', { port: String(config.mclient.port), where }))];
    if (e.code === 'EADDRNOTAVAIL') return [render(locale, msg('startup.host.notHere', { host: config.mclient.host }))];
  }
  if (e.syscall === 'getaddrinfo' || e.code === 'ENOTFOUND') return [render(locale, msg('startup.host.unresolved', { host: config.mclient.host, code: String(e.code) }))];
  if (typeof e.code === 'string' && SQLITE_CODES.has(e.code)) {
    return [render(locale, msg('startup.database.sqlite', { path: config.databasePath, code: e.code, error: e.message }))];
  }
  return undefined;
}
