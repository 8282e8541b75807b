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
import type { Translator } from '../i18n/translate.ts';

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

export function checkDatabase(config: Config, t: Translator): CheckLine[] {
  const path = resolve(config.databasePath);
  const dir = dirname(path);
  const name = t('startup.doctor.name.database');
  if (!existsSync(path)) {
    const at = nearestExisting(dir);
    if (!writable(at)) return [fail(name, t('startup.doctor.db.missingUnwritable', { path, at }), t('startup.doctor.db.missingUnwritableFix', { dir }))];
    return [ok(name, t('startup.doctor.db.missing', { path }))];
  }
  if (!writable(path) || !writable(dir)) {
    return [fail(name, t('startup.doctor.db.unwritable', { path }), t('startup.doctor.db.unwritableFix', { path, dir }))];
  }
  const lines: CheckLine[] = [];
  const latest = Math.max(...loadMigrations().map((m) => m.version));
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().get() as number;
    const v = { path, version: String(version), latest: String(latest) };
    if (version > latest) lines.push(fail(name, t('startup.doctor.db.newer', v), t('startup.doctor.db.newerFix', v)));
    else if (version === 0 && tables > 0) lines.push(fail(name, t('startup.doctor.db.notMserver', v), t('startup.doctor.db.notMserverFix')));
    else if (version < latest) lines.push(ok(name, t('startup.doctor.db.migrate', v)));
    else lines.push(ok(name, t('startup.doctor.db.current', v)));
  } catch (err) {
    lines.push(fail(name, t('startup.doctor.db.unreadable', { path, error: (err as Error).message }), t('startup.doctor.db.unreadableFix')));
  } finally {
    db?.close();
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    lines.push(warn(t('startup.doctor.name.databasePermissions'), t('startup.doctor.db.modeOpen', { path, mode: mode.toString(8).padStart(4, '0') }), `chmod 600 ${path} && chmod 700 ${dir}`));
  } else {
    lines.push(ok(t('startup.doctor.name.databasePermissions'), t('startup.doctor.db.mode', { path, mode: mode.toString(8).padStart(4, '0') })));
  }
  return lines;
}

export function checkDisk(config: Config, t: Translator): CheckLine {
  const name = t('startup.doctor.name.disk');
  const at = nearestExisting(dirname(config.databasePath));
  try {
    const s = statfsSync(at);
    const free = Number(s.bavail) * Number(s.bsize);
    const share = Number(s.bavail) / Math.max(1, Number(s.blocks));
    const text = t('startup.doctor.disk.text', { free: (free / MiB).toFixed(0), share: (share * 100).toFixed(0), at });
    const fix = t('startup.doctor.disk.fix');
    if (free < 100 * MiB) return fail(name, t('startup.doctor.disk.failSoon', { text }), fix);
    if (free < 1024 * MiB || share < 0.05) return warn(name, t('startup.doctor.disk.little', { text }), fix);
    return ok(name, text);
  } catch (err) {
    return warn(name, t('startup.doctor.disk.unknown', { at, error: (err as Error).message }), t('startup.doctor.disk.unknownFix'));
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

export async function checkHubPort(config: Config, t: Translator): Promise<CheckLine> {
  const { host, port } = config.mclient;
  const name = t('startup.doctor.name.hubPort');
  const where = `${host}:${port}`;
  if (port === 0) return ok(name, t('startup.doctor.port.any'));
  const code = await new Promise<string | undefined>((done) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    srv.listen(port, host, () => srv.close(() => done(undefined)));
  });
  if (code === undefined) return ok(name, t('startup.doctor.port.free', { where }));
  if (code === 'EADDRINUSE') {
    if (await heldByMserver(host, port)) return ok(name, t('startup.doctor.port.mserver', { where }));
    return fail(name, t('startup.doctor.port.inUse', { where }), t('startup.doctor.port.inUseFix', { port: String(port) }));
  }
  if (code === 'EACCES') return fail(name, t('startup.doctor.port.denied', { where }), t('startup.doctor.port.deniedFix'));
  return fail(name, t('startup.doctor.port.cannot', { where, code }), t('startup.doctor.port.cannotFix'));
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

export function checkTls(config: Config, env: Record<string, string | undefined>, now: Date, t: Translator): CheckLine[] {
  const { cert, key } = tlsPaths(config, env);
  const certName = t('startup.doctor.name.hubTlsCert');
  const keyName = t('startup.doctor.name.hubTlsKey');
  if (!cert && !key) return [ok(t('startup.doctor.name.hubTls'), t('startup.doctor.tls.off'))];
  if (!cert || !key) return [fail(t('startup.doctor.name.hubTls'), t('startup.doctor.tls.onlyOne', { name: cert ? 'MCLIENT_TLS_CERT' : 'MCLIENT_TLS_KEY' }), t('startup.doctor.tls.onlyOneFix'))];
  let x509: X509Certificate;
  let pem: Buffer;
  try {
    x509 = new X509Certificate(readFileSync(cert));
  } catch (err) {
    return [fail(certName, t('startup.doctor.tls.certUnreadable', { path: cert, cause: (err as NodeJS.ErrnoException).code ?? (err as Error).message }), t('startup.doctor.tls.certUnreadableFix'))];
  }
  const lines: CheckLine[] = [];
  const expires = new Date(x509.validTo);
  const days = Math.floor((expires.getTime() - now.getTime()) / 86_400_000);
  const renew = t('startup.doctor.tls.renew');
  const date = expires.toISOString();
  if (days < 0) lines.push(fail(certName, t('startup.doctor.tls.expired', { path: cert, date }), renew));
  else if (days < 14) lines.push(warn(certName, t('startup.doctor.tls.expiresSoon', { path: cert, date, count: days }), renew));
  else lines.push(ok(certName, t('startup.doctor.tls.valid', { path: cert, subject: x509.subject.replace(/\n/g, ', '), date, count: days })));
  try {
    pem = readFileSync(key);
    const privateKey = createPrivateKey(pem);
    if (!x509.checkPrivateKey(privateKey)) lines.push(fail(keyName, t('startup.doctor.tls.keyMismatch', { key, cert }), t('startup.doctor.tls.keyMismatchFix')));
    else lines.push(ok(keyName, t('startup.doctor.tls.keyOk', { key })));
  } catch (err) {
    lines.push(fail(keyName, t('startup.doctor.tls.keyUnreadable', { key, cause: (err as NodeJS.ErrnoException).code ?? (err as Error).message }), t('startup.doctor.tls.keyUnreadableFix')));
  }
  return lines;
}
