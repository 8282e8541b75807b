// auto_vacuum = INCREMENTAL lets retention give freed pages back to the file system. A new file gets it
// before its first table (database.ts); an existing file keeps the mode it was created with until a
// VACUUM rewrites it, and a VACUUM cannot run inside a transaction (so not in a migration) and holds
// the database for as long as it copies it. At start-up, before any agent connects, a file small enough
// to copy in seconds is switched at once; a larger one is left as it is with a line saying how to switch
// it during a maintenance stop: pruning still bounds it (SQLite reuses freed pages), it just does not shrink.
import { statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from './database.ts';

const INCREMENTAL = 2;
/** About the size a VACUUM copies in under ten seconds on a modest disk. */
export const VACUUM_AT_START_MAX_BYTES = 512 * 1024 * 1024;

export interface VacuumLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export type VacuumOutcome = 'already' | 'switched' | 'too_large' | 'no_space' | 'memory' | 'failed';

export function ensureIncrementalVacuum(db: Db, path: string, log: VacuumLog, maxBytes = VACUUM_AT_START_MAX_BYTES): VacuumOutcome {
  if (path === ':memory:') return 'memory';
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return 'already';
  const bytes = statSync(path).size;
  const mb = Math.round(bytes / 1048576);
  const how = `stop mserver and run: sqlite3 ${path} 'PRAGMA auto_vacuum = INCREMENTAL; VACUUM;'`;
  if (bytes > maxBytes) {
    log.warn(
      { database: path, mb },
      `the database was created without auto_vacuum, and at ${mb} MB a VACUUM to switch it would hold start-up for a long time: not done. Retention still bounds it (freed pages are reused), but the file will not shrink. To switch once, ${how}`,
    );
    return 'too_large';
  }
  // A VACUUM writes a full copy beside the file before it replaces it.
  const fs = statfsSync(dirname(path));
  if (fs.bavail * fs.bsize < bytes * 2) {
    log.warn({ database: path, mb }, `the database was created without auto_vacuum, and the disk has no room for the copy a VACUUM writes: not switched. Free space, then restart (or ${how})`);
    return 'no_space';
  }
  log.info({ database: path, mb }, 'the database was created without auto_vacuum: switching it to INCREMENTAL with one VACUUM (once; agents connect when it is done)');
  const started = performance.now();
  db.pragma('auto_vacuum = INCREMENTAL');
  try {
    db.exec('VACUUM');
  } catch (err) {
    // Never a reason not to start: the file keeps its mode, retention still bounds it.
    log.warn({ database: path, err: (err as Error).message }, `the VACUUM to switch auto_vacuum failed: the database is unchanged and mserver starts as it is. To switch it, ${how}`);
    return 'failed';
  }
  log.info({ database: path, ms: Math.round(performance.now() - started), mb: Math.round(statSync(path).size / 1048576) }, 'database switched to auto_vacuum = INCREMENTAL: pruned history now returns its space to the file system');
  return 'switched';
}
