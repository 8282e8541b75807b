// `mserver backup <file>`: an online copy of DATABASE_PATH taken from another process while mserver
// runs (SQLite's backup API reads a consistent snapshot beside the server's writes). The database is
// opened read-only, so nothing this command does can change or lock out the running server.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parseConfig, readEnvironment, startupLocale } from '../config.ts';
import { translator } from '../i18n/translate.ts';
import { backupDatabase, BackupError } from '../store/backup.ts';
import { render } from '../i18n/message.ts';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runBackupCommand(args: string[], io: CliIO = stdio): Promise<number> {
  const { env, envFile } = readEnvironment();
  // What the operator reads follows MSERVER_LOCALE, as start-up problems do.
  const t = translator(startupLocale(env));
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    io.err(t('startup.backup.usage'));
    return 2;
  }
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    for (const p of parsed.problems) io.err(t('startup.backup.configuration', { problem: p }));
    io.err(envFile ? t('startup.backup.fixIn', { file: envFile }) : t('startup.backup.fix'));
    return 2;
  }
  const source = parsed.config.databasePath;
  if (!existsSync(source)) {
    io.err(t('startup.backup.noDatabase', { path: source }));
    return 1;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const r = await backupDatabase(db, args[0]!);
    io.out(t('startup.backup.written', { path: r.path, kib: String(Math.round(r.bytes / 1024)), schema: String(r.schema), ms: String(r.ms) }));
    return 0;
  } catch (err) {
    io.err(t('startup.backup.failed', { error: err instanceof BackupError ? render(t.locale, err.text) : (err as Error).message }));
    return 1;
  } finally {
    db?.close();
  }
}
