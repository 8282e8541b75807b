// The store: one SQLite file, one repository per table family, and the write queue that batches the
// high-volume writes (outcomes, summaries) into single transactions.
import type { Logger } from 'pino';
import { createAgentsRepo } from './agents-repo.ts';
import { createAlertStateRepo } from './alert-state-repo.ts';
import { createApiPagesRepo } from './api-pages-repo.ts';
import { createApiTokensRepo, createIdempotencyRepo } from './api-tokens-repo.ts';
import { createAuditRepo } from './audit-repo.ts';
import { createCommandsRepo } from './commands-repo.ts';
import { createCredentialsRepo } from './credentials-repo.ts';
import { openDatabase, type Db } from './database.ts';
import { createKeysRepo } from './keys-repo.ts';
import { createKeySafetyRepo } from './key-safety-repo.ts';
import { createNoticesRepo } from './notices-repo.ts';
import { createOutboxRepo } from './outbox-repo.ts';
import { createPayoutsRepo } from './payouts-repo.ts';
import { createRequestsRepo } from './requests-repo.ts';
import { createSchedulesRepo } from './schedules-repo.ts';
import { createSettingsRepo } from './settings-repo.ts';
import { startCheckpointer } from './checkpointer.ts';
import { createWriteQueue } from './write-queue.ts';
import { createWebSessionsRepo } from './web-sessions-repo.ts';

export interface StoreHealth {
  /** The last write error; while set, the dispatcher refuses new commands rather than run them unrecorded. */
  lastError: string | undefined;
  /** After a failure: tries one small write, and clears the error when the database takes writes again. */
  recheck(): string | undefined;
}

// warn and info are optional: tools and benchmarks open a store with only an error sink.
export function createStore(path: string, log: Pick<Logger, 'error'> & Partial<Pick<Logger, 'warn' | 'info'>>) {
  const db: Db = openDatabase(path, undefined, {
    log: log.warn ? { warn: (fields, msg) => log.warn?.(fields, msg) } : undefined,
    onUpgradeCopy: (copy) => log.info?.({ copy }, 'database copied before its schema is upgraded (restore it to go back to the previous mserver)'),
  });
  const checkpointer = startCheckpointer(db, path, (message) => log.error({ message }, 'WAL checkpoint failed'));
  const settings = createSettingsRepo(db);
  const health: StoreHealth = {
    lastError: undefined,
    recheck() {
      if (health.lastError === undefined) return undefined;
      try {
        settings.set('health_probe', String(Date.now()), Date.now());
        log.error({ previous: health.lastError }, 'the database takes writes again: commands are accepted');
        health.lastError = undefined;
      } catch (err) {
        health.lastError = (err as Error).message;
      }
      return health.lastError;
    },
  };
  const commands = createCommandsRepo(db);
  const queue = createWriteQueue(db, {
    beforeCommit: () => commands.flushFinished(),
    onError(err, writes) {
      health.lastError = (err as Error).message;
      log.error({ err, writes }, 'database write failed');
    },
  });
  return {
    db,
    queue,
    health,
    agents: createAgentsRepo(db),
    credentials: createCredentialsRepo(db),
    requests: createRequestsRepo(db),
    commands,
    keys: createKeysRepo(db),
    keySafety: createKeySafetyRepo(db),
    payouts: createPayoutsRepo(db),
    audit: createAuditRepo(db),
    settings,
    schedules: createSchedulesRepo(db),
    outbox: createOutboxRepo(db),
    notices: createNoticesRepo(db),
    alertState: createAlertStateRepo(db),
    apiTokens: createApiTokensRepo(db),
    idempotency: createIdempotencyRepo(db),
    pages: createApiPagesRepo(db),
    webSessions: createWebSessionsRepo(db),
    /** Commits what is queued, checkpoints the WAL (in its worker) and closes the file. */
    async close(): Promise<void> {
      queue.flush();
      await checkpointer?.close();
      if (db.open) db.close();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
