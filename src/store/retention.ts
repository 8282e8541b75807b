// Retention (issue 15): each family of history is pruned in the background, oldest first, in small
// batches of their own transactions with a turn of the event loop between them, so neither a writer
// nor the loop ever waits long; with auto_vacuum = INCREMENTAL the freed pages go back to the file
// system a few hundred at a time. A request waiting for a decision, a running command (and its
// request), a granted authorization, the newest payout snapshot of each agent and the last 100 runs of
// each schedule are never pruned; pending notifications live in the outbox, which this does not touch
// (the notices table, their transport-neutral record for the API and the dashboard, is a family here).
import type { RetentionConfig } from '../config.ts';
import type { Clock } from '../core/ports.ts';
import type { Db } from './database.ts';

export interface SweepReport {
  commands: number;
  requests: number;
  audit: number;
  payouts: number;
  scheduleRuns: number;
  agentMessages: number;
  notices: number;
  /** Pages returned to the file system. */
  pagesFreed: number;
  ms: number;
}

export interface RetentionDeps {
  db: Db;
  config: RetentionConfig;
  clock: Clock;
  log: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
  /** Called after each sweep that removed something (tests, the bench). */
  onSwept?: ((report: SweepReport) => void) | undefined;
}

export interface Retention {
  /** One full sweep now (a sweep already running is awaited instead). */
  sweep(): Promise<SweepReport>;
  start(): void;
  stop(): Promise<void>;
}

/** Rows per batch to start with; adapted so that one batch takes a few milliseconds. */
const FIRST_BATCH = 256;
const MIN_BATCH = 16;
const MAX_BATCH = 2048;
/** A batch slower than this halves the next one; one faster than a quarter of it doubles it. */
const BATCH_BUDGET_MS = 12;
/** Pages per incremental_vacuum step to start with; adapted to the same budget as the batches. */
const FIRST_VACUUM_PAGES = 256;
const MIN_VACUUM_PAGES = 16;
const MAX_VACUUM_PAGES = 1024;
const KEEP_SCHEDULE_RUNS = 100;
/** Request states that are over: nothing will happen to such a request any more. */
const ENDED = "('invalid', 'refused', 'cancelled', 'denied', 'expired', 'done', 'revoked', 'dispatched')";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createRetention(deps: RetentionDeps): Retention {
  const { db, config, clock, log } = deps;
  let batch = FIRST_BATCH;
  // Moving pages costs more where the file is cold, so the step is timed like a batch, not fixed: a
  // fixed 256 pages was the one untimed step, and the sweep's worst pauses of the loop (bench scenario 6).
  let vacuumPages = FIRST_VACUUM_PAGES;

  const s = {
    commandsAfter: db.prepare('SELECT rowid AS k, id, sent_at AS at, state FROM commands WHERE rowid > ? ORDER BY rowid LIMIT ?'),
    deleteEvents: db.prepare('DELETE FROM command_events WHERE command_id = ?'),
    deleteCommand: db.prepare('DELETE FROM commands WHERE rowid = ?'),
    requestsAfter: db.prepare(`SELECT id AS k, created_at AS at, (state IN ${ENDED} AND updated_at < @cutoff
        AND NOT EXISTS (SELECT 1 FROM commands WHERE request_id = r.id)
        AND NOT EXISTS (SELECT 1 FROM schedule_runs WHERE request_id = r.id)
        AND NOT EXISTS (SELECT 1 FROM schedules WHERE authorization_id = r.id)) AS prunable
      FROM requests r WHERE id > @after ORDER BY id LIMIT @limit`),
    deleteVotes: db.prepare('DELETE FROM approval_votes WHERE request_id = ?'),
    deleteNamed: db.prepare('DELETE FROM request_agents WHERE request_id = ?'),
    deleteRequest: db.prepare('DELETE FROM requests WHERE id = ?'),
    audit: db.prepare('DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < ? ORDER BY at LIMIT ?)'),
    payoutsAfter: db.prepare(`SELECT id AS k, at, EXISTS (SELECT 1 FROM payout_snapshots q WHERE q.agent_id = p.agent_id AND q.id > p.id) AS prunable
      FROM payout_snapshots p WHERE id > ? ORDER BY id LIMIT ?`),
    deletePayout: db.prepare('DELETE FROM payout_snapshots WHERE id = ?'),
    schedules: db.prepare('SELECT id FROM schedules').pluck(),
    scheduleRuns: db.prepare(`DELETE FROM schedule_runs WHERE id IN (
        SELECT id FROM schedule_runs WHERE schedule_id = @schedule AND fired_at < @cutoff AND state != 'running'
          AND id < COALESCE((SELECT id FROM schedule_runs WHERE schedule_id = @schedule ORDER BY id DESC LIMIT 1 OFFSET ${KEEP_SCHEDULE_RUNS - 1}), 0)
        ORDER BY id LIMIT @limit)`),
    // Runs of schedules deleted before foreign keys cascaded them.
    orphanRuns: db.prepare(`DELETE FROM schedule_runs WHERE id IN (
        SELECT id FROM schedule_runs r WHERE fired_at < @cutoff AND NOT EXISTS (SELECT 1 FROM schedules WHERE id = r.schedule_id) LIMIT @limit)`),
    messages: db.prepare('DELETE FROM agent_messages WHERE rowid IN (SELECT rowid FROM agent_messages WHERE at < ? ORDER BY at LIMIT ?)'),
    notices: db.prepare('DELETE FROM notices WHERE id IN (SELECT id FROM notices WHERE at < ? ORDER BY at LIMIT ?)'),
    freelist: db.prepare('PRAGMA freelist_count').pluck(),
    autoVacuum: db.prepare('PRAGMA auto_vacuum').pluck(),
  };

  /** Runs `step` (one transaction) until it reports nothing left, a turn of the loop between batches. */
  async function drain(step: (limit: number) => { removed: number; more: boolean }): Promise<number> {
    let total = 0;
    for (;;) {
      if (stopped) return total;
      const started = performance.now();
      const { removed, more } = db.transaction(() => step(batch))();
      const took = performance.now() - started;
      if (took > BATCH_BUDGET_MS) batch = Math.max(MIN_BATCH, batch >> 1);
      else if (took < BATCH_BUDGET_MS / 4) batch = Math.min(MAX_BATCH, batch << 1);
      total += removed;
      if (!more) return total;
      await turn();
    }
  }

  /**
   * Walks a table in key order from the oldest row, deleting the rows `prunable` allows, until a row at
   * or after the cutoff (keys grow with time, so nothing after it is old enough). Rows kept on purpose
   * (a running command) are stepped over, not revisited within the sweep.
   */
  async function walk<R extends { k: number; at: number }>(
    read: (after: number, limit: number) => R[],
    prunable: (row: R) => boolean,
    remove: (row: R) => void,
    cutoff: number,
  ): Promise<number> {
    let after = 0;
    return drain((limit) => {
      const rows = read(after, limit);
      let removed = 0;
      for (const row of rows) {
        if (row.at >= cutoff) return { removed, more: false };
        after = row.k;
        if (!prunable(row)) continue;
        remove(row);
        removed += 1;
      }
      return { removed, more: rows.length === limit };
    });
  }

  const cutoffOf = (keepMs: number, now: number) => (keepMs > 0 ? now - keepMs : undefined);

  async function run(): Promise<SweepReport> {
    const started = performance.now();
    const now = clock.now();
    const report: SweepReport = { commands: 0, requests: 0, audit: 0, payouts: 0, scheduleRuns: 0, agentMessages: 0, notices: 0, pagesFreed: 0, ms: 0 };

    const runsCutoff = cutoffOf(config.scheduleRunsMs, now);
    if (runsCutoff !== undefined) {
      for (const schedule of s.schedules.all() as number[]) {
        report.scheduleRuns += await drain((limit) => {
          const removed = s.scheduleRuns.run({ schedule, cutoff: runsCutoff, limit }).changes;
          return { removed, more: removed === limit };
        });
      }
      report.scheduleRuns += await drain((limit) => {
        const removed = s.orphanRuns.run({ cutoff: runsCutoff, limit }).changes;
        return { removed, more: removed === limit };
      });
    }

    const commandsCutoff = cutoffOf(config.commandsMs, now);
    if (commandsCutoff !== undefined) {
      type C = { k: number; at: number; id: string; state: string };
      report.commands = await walk(
        (after, limit) => s.commandsAfter.all(after, limit) as C[],
        (row) => row.state !== 'sent' && row.state !== 'progress',
        (row) => {
          s.deleteEvents.run(row.id);
          s.deleteCommand.run(row.k);
        },
        commandsCutoff,
      );
      // After the commands: a request is pruned only once none of its commands is left.
      report.requests = await walk(
        (after, limit) => s.requestsAfter.all({ after, limit, cutoff: commandsCutoff }) as Array<{ k: number; at: number; prunable: number }>,
        (row) => row.prunable === 1,
        (row) => {
          s.deleteVotes.run(row.k);
          s.deleteNamed.run(row.k);
          s.deleteRequest.run(row.k);
        },
        commandsCutoff,
      );
    }

    const auditCutoff = cutoffOf(config.auditMs, now);
    if (auditCutoff !== undefined) {
      report.audit = await drain((limit) => {
        const removed = s.audit.run(auditCutoff, limit).changes;
        return { removed, more: removed === limit };
      });
    }

    const payoutsCutoff = cutoffOf(config.payoutsMs, now);
    if (payoutsCutoff !== undefined) {
      report.payouts = await walk(
        (after, limit) => s.payoutsAfter.all(after, limit) as Array<{ k: number; at: number; prunable: number }>,
        (row) => row.prunable === 1,
        (row) => s.deletePayout.run(row.k),
        payoutsCutoff,
      );
    }

    const messagesCutoff = cutoffOf(config.agentMessagesMs, now);
    if (messagesCutoff !== undefined) {
      report.agentMessages = await drain((limit) => {
        const removed = s.messages.run(messagesCutoff, limit).changes;
        return { removed, more: removed === limit };
      });
    }

    const noticesCutoff = cutoffOf(config.noticesMs, now);
    if (noticesCutoff !== undefined) {
      report.notices = await drain((limit) => {
        const removed = s.notices.run(noticesCutoff, limit).changes;
        return { removed, more: removed === limit };
      });
    }

    // Freed pages go back to the file system a few at a time (each step is a short write of its own).
    if (s.autoVacuum.get() === 2) {
      while (!stopped && (s.freelist.get() as number) > 0) {
        const before = s.freelist.get() as number;
        const started = performance.now();
        db.pragma(`incremental_vacuum(${vacuumPages})`);
        const took = performance.now() - started;
        if (took > BATCH_BUDGET_MS) vacuumPages = Math.max(MIN_VACUUM_PAGES, vacuumPages >> 1);
        else if (took < BATCH_BUDGET_MS / 4) vacuumPages = Math.min(MAX_VACUUM_PAGES, vacuumPages << 1);
        const after = s.freelist.get() as number;
        report.pagesFreed += before - after;
        if (after >= before) break;
        await turn();
      }
    }
    report.ms = Math.round(performance.now() - started);
    return report;
  }

  let running: Promise<SweepReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let stopped = false;

  function sweep(): Promise<SweepReport> {
    if (stopped) return Promise.resolve({ commands: 0, requests: 0, audit: 0, payouts: 0, scheduleRuns: 0, agentMessages: 0, notices: 0, pagesFreed: 0, ms: 0 });
    running ??= run()
      .then((report) => {
        const removed = report.commands + report.requests + report.audit + report.payouts + report.scheduleRuns + report.agentMessages + report.notices;
        if (removed > 0 || report.pagesFreed > 0) {
          log.info({ ...report }, 'retention: old history pruned');
          deps.onSwept?.(report);
        }
        return report;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    sweep,
    start() {
      const tick = () => {
        sweep().catch((err: unknown) => log.error({ err }, 'retention sweep failed: tried again at the next one'));
      };
      timer = setInterval(tick, config.sweepMs);
      timer.unref();
      // The first sweep soon after start-up, not a whole interval later (a restart after a long stop).
      first = setTimeout(tick, Math.min(config.sweepMs, 5000));
      first.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running?.catch(() => undefined);
    },
  };
}
