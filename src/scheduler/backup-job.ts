// BACKUP_CRON: an online backup into BACKUP_DIR on a schedule, keeping the newest BACKUP_KEEP. A tick
// that finds the previous backup still running is skipped (logged), never queued behind it.
import type { Logger } from '../log.ts';
import { scheduledBackup } from '../store/backup.ts';
import type { Store } from '../store/store.ts';
import { startCronJob, type CronJob } from './cron.ts';

export interface BackupJobOptions {
  cron: string;
  dir: string;
  keep: number;
  timezone: string;
  store: Pick<Store, 'db' | 'queue'>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export function startBackupJob(opts: BackupJobOptions): CronJob {
  const { store, log } = opts;
  let running = false;
  return startCronJob(
    opts.cron,
    opts.timezone,
    async (firedAt) => {
      if (running) {
        log.warn({ cron: opts.cron }, 'scheduled backup skipped: the previous one is still running');
        return;
      }
      running = true;
      try {
        store.queue.flush();
        const { result, removed } = await scheduledBackup(store.db, opts.dir, opts.keep, firedAt);
        log.info({ path: result.path, bytes: result.bytes, ms: result.ms, removed }, 'scheduled backup written and checked');
      } finally {
        running = false;
      }
    },
    (err) => log.error({ err, dir: opts.dir }, 'scheduled backup failed'),
    'mserver-backup',
  );
}
