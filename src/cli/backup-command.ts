// `mserver backup <file>`: an online copy of DATABASE_PATH taken from another process while mserver
// runs (SQLite's backup API reads a consistent snapshot beside the server's writes). The database is
// opened read-only, so nothing this command does can change or lock out the running server.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parseConfig, readEnvironment } from '../config.ts';
import { backupDatabase } from '../store/backup.ts';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runBackupCommand(args: string[], io: CliIO = stdio): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    io.err('usage: mserver backup <file>   (an online copy of DATABASE_PATH, checked with integrity_check, written 0600)');
    return 2;
  }
  const { env, envFile } = readEnvironment();
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    for (const p of parsed.problems) io.err(`mserver backup: configuration: ${p}`);
    io.err(`mserver backup: fix the variables above${envFile ? ` (environment or ${envFile})` : ''}.`);
    return 2;
  }
  const source = parsed.config.databasePath;
  if (!existsSync(source)) {
    io.err(`mserver backup: there is no database at ${source}: set DATABASE_PATH to the file mserver uses.`);
    return 1;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const r = await backupDatabase(db, args[0]!);
    io.out(`mserver backup: ${r.path} written (${(r.bytes / 1024).toFixed(0)} KiB, schema ${r.schema}, integrity_check ok, ${r.ms} ms, mode 0600).`);
    return 0;
  } catch (err) {
    io.err(`mserver backup: ${(err as Error).message}`);
    return 1;
  } finally {
    db?.close();
  }
}
