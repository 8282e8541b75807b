// The doctor's checks on this machine: the database file, the disk under it, the hub's port and the
// hub's TLS files. Each returns lines; none throws.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, statSync, statfsSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config.ts';
import { loadMigrations } from '../store/database.ts';
import { fail, ok, warn, type CheckLine } from './check.ts';

const MiB = 1024 * 1024;

function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

const writable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

export function checkDatabase(config: Config): CheckLine[] {
  const path = resolve(config.databasePath);
  const dir = dirname(path);
  const name = 'database';
  if (!existsSync(path)) {
    const at = nearestExisting(dir);
    if (!writable(at)) return [fail(name, `${path} does not exist yet and ${at} is not writable, so mserver cannot create it`, `create ${dir} owned by the user mserver runs as (mkdir -p ${dir} && chown <user> ${dir} && chmod 700 ${dir})`)];
    return [ok(name, `${path} does not exist yet: mserver creates it at first start`)];
  }
  if (!writable(path) || !writable(dir)) {
    return [fail(name, `${path} or its folder is not writable by this user (SQLite needs both, for the -wal and -shm files)`, `run the doctor as the user mserver runs as, or chown that user ${path} ${dir}`)];
  }
  const lines: CheckLine[] = [];
  const latest = Math.max(...loadMigrations().map((m) => m.version));
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().get() as number;
    if (version > latest) lines.push(fail(name, `${path} has schema ${version}, from a newer mserver (this one knows up to ${latest}); it will refuse to start`, `run the newer mserver, or restore ${path}.before-${version}`));
    else if (version === 0 && tables > 0) lines.push(fail(name, `${path} is an SQLite file but not an mserver database`, 'restore an mserver backup there, or set DATABASE_PATH to another file'));
    else if (version < latest) lines.push(ok(name, `${path} writable, schema ${version}: migrated to ${latest} at the next start (a copy ${path}.before-${latest} is taken first)`));
    else lines.push(ok(name, `${path} writable, schema ${version} (current)`));
  } catch (err) {
    lines.push(fail(name, `${path} cannot be read as SQLite (${(err as Error).message})`, 'restore the latest backup (README, "Backups and restore")'));
  } finally {
    db?.close();
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    lines.push(warn('database permissions', `${path} has mode ${mode.toString(8).padStart(4, '0')}: other users can read it (it holds the agent token and the audit trail)`, `chmod 600 ${path} && chmod 700 ${dir}`));
  } else {
    lines.push(ok('database permissions', `${path} mode ${mode.toString(8).padStart(4, '0')}`));
  }
  return lines;
}

export function checkDisk(config: Config): CheckLine {
  const at = nearestExisting(dirname(config.databasePath));
  try {
    const s = statfsSync(at);
    const free = Number(s.bavail) * Number(s.bsize);
    const share = Number(s.bavail) / Math.max(1, Number(s.blocks));
    const text = `${(free / MiB).toFixed(0)} MiB free (${(share * 100).toFixed(0)}%) under ${at}`;
    const fix = 'free space on that filesystem or move DATABASE_PATH (and BACKUP_DIR) to a larger one';
    if (free < 100 * MiB) return fail('disk', `${text}: SQLite writes will fail soon`, fix);
    if (free < 1024 * MiB || share < 0.05) return warn('disk', `${text}: little room for the database, its WAL and backups`, fix);
    return ok('disk', text);
  } catch (err) {
    return warn('disk', `free space under ${at} unknown (${(err as Error).message})`, 'check it with df');
  }
}

/** Does something answering like the hub's /healthz (over http, or https when the hub has TLS) hold the port? */
function answersHealthz(get: typeof httpsGet, host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const req = get({ host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port, path: '/healthz', timeout: 2000, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        try {
          const j = JSON.parse(body) as { ok?: unknown; agents?: unknown };
          done(res.statusCode === 200 && j.ok === true && typeof j.agents === 'number');
        } catch {
          done(false);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

const heldByMserver = async (host: string, port: number): Promise<boolean> =>
  (await answersHealthz(httpGet as typeof httpsGet, host, port)) || answersHealthz(httpsGet, host, port);

export async function checkHubPort(config: Config): Promise<CheckLine> {
  const { host, port } = config.mclient;
  const name = 'hub port';
  if (port === 0) return ok(name, 'MCLIENT_PORT=0: any free port is taken at start');
  const code = await new Promise<string | undefined>((done) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    srv.listen(port, host, () => srv.close(() => done(undefined)));
  });
  if (code === undefined) return ok(name, `${host}:${port} is free`);
  if (code === 'EADDRINUSE') {
    if (await heldByMserver(host, port)) return ok(name, `${host}:${port} is held by a running mserver (its /healthz answers)`);
    return fail(name, `${host}:${port} is in use by another program`, `stop it (ss -ltnp 'sport = :${port}' shows which) or set MCLIENT_PORT to a free port`);
  }
  if (code === 'EACCES') return fail(name, `${host}:${port} may not be opened by this user (ports below 1024 need privileges)`, 'use a port above 1023, or grant CAP_NET_BIND_SERVICE');
  return fail(name, `${host}:${port} cannot be opened (${code})`, 'set MCLIENT_HOST to an address of this machine (0.0.0.0 for all)');
}

/**
 * The hub's TLS files, as config.ts parsed them (MCLIENT_TLS_CERT and MCLIENT_TLS_KEY). The environment
 * is read too, so that a configuration refused for having only one of them still gets its line here.
 */
export function tlsPaths(config: Config, env: Record<string, string | undefined>): { cert?: string; key?: string } {
  const text = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v : undefined);
  const cert = config.mclient.tls?.certPath ?? text(env.MCLIENT_TLS_CERT);
  const key = config.mclient.tls?.keyPath ?? text(env.MCLIENT_TLS_KEY);
  return { ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

export function checkTls(config: Config, env: Record<string, string | undefined>, now: Date): CheckLine[] {
  const { cert, key } = tlsPaths(config, env);
  if (!cert && !key) return [ok('hub TLS', 'off (plain ws://): fine on a private network or behind a TLS reverse proxy; set MCLIENT_TLS_CERT and MCLIENT_TLS_KEY for wss://')];
  if (!cert || !key) return [fail('hub TLS', `only ${cert ? 'MCLIENT_TLS_CERT' : 'MCLIENT_TLS_KEY'} is set`, 'set both MCLIENT_TLS_CERT and MCLIENT_TLS_KEY, or neither')];
  let x509: X509Certificate;
  let pem: Buffer;
  try {
    x509 = new X509Certificate(readFileSync(cert));
  } catch (err) {
    return [fail('hub TLS certificate', `${cert} cannot be read as a PEM certificate (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'point MCLIENT_TLS_CERT at the PEM certificate (full chain) readable by the user mserver runs as')];
  }
  const lines: CheckLine[] = [];
  const expires = new Date(x509.validTo);
  const days = Math.floor((expires.getTime() - now.getTime()) / 86_400_000);
  const renew = 'renew the certificate, then reload mserver (systemctl reload mserver sends SIGHUP)';
  if (days < 0) lines.push(fail('hub TLS certificate', `${cert} expired on ${expires.toISOString()}`, renew));
  else if (days < 14) lines.push(warn('hub TLS certificate', `${cert} expires in ${days} day(s), on ${expires.toISOString()}`, renew));
  else lines.push(ok('hub TLS certificate', `${cert} for ${x509.subject.replace(/\n/g, ', ')}, valid until ${expires.toISOString()} (${days} days)`));
  try {
    pem = readFileSync(key);
    const privateKey = createPrivateKey(pem);
    if (!x509.checkPrivateKey(privateKey)) lines.push(fail('hub TLS key', `${key} is not the key of ${cert}`, 'set MCLIENT_TLS_KEY to the private key issued with that certificate'));
    else lines.push(ok('hub TLS key', `${key} readable and matches the certificate`));
  } catch (err) {
    lines.push(fail('hub TLS key', `${key} cannot be read as a PEM private key (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'point MCLIENT_TLS_KEY at the PEM key, readable by the user mserver runs as (chmod 600)'));
  }
  return lines;
}
