// What went wrong at start-up, as lines naming the variable to change, or undefined for a fault that
// is mserver's own (logged with its stack). An EACCES is the port's fault only when listen() raised it.
import type { Config } from './config.ts';
import { StartupError } from './startup-error.ts';

const SQLITE_CODES = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_PERM', 'SQLITE_IOERR', 'SQLITE_FULL']);

export function startupProblem(err: unknown, config: Config): string[] | undefined {
  if (err instanceof StartupError) return err.problems;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = `${config.mclient.host}:${config.mclient.port}`;
  if (e.syscall === 'listen' || e.syscall === 'bind') {
    if (e.code === 'EADDRINUSE') return [`MCLIENT_PORT=${config.mclient.port}: ${where} is already in use (EADDRINUSE); stop what uses it or set MCLIENT_PORT to a free port`];
    if (e.code === 'EACCES') return [`MCLIENT_PORT=${config.mclient.port}: not allowed to listen on ${where} (EACCES); ports below 1024 need root or CAP_NET_BIND_SERVICE, so set MCLIENT_PORT to 1024 or above`];
    if (e.code === 'EADDRNOTAVAIL') return [`MCLIENT_HOST=${config.mclient.host}: no network interface of this machine has that address (EADDRNOTAVAIL); use 0.0.0.0, 127.0.0.1 or one of its addresses`];
  }
  if (e.syscall === 'getaddrinfo' || e.code === 'ENOTFOUND') return [`MCLIENT_HOST=${config.mclient.host}: not an address or a name this machine can resolve (${e.code})`];
  if (typeof e.code === 'string' && SQLITE_CODES.has(e.code)) {
    return [`DATABASE_PATH=${config.databasePath}: SQLite cannot use it (${e.code}: ${e.message}); check the file and its folder's permissions`];
  }
  return undefined;
}
