// The only module that imports node-cron. Everything time-based on a calendar (schedules, the payout
// digest) goes through here, so the library can be swapped and its quirks are handled once.
import cron from 'node-cron';

export type CronCheck = { ok: true } | { ok: false; problem: string };

/** Five fields (minute hour day month weekday) or six with seconds first. */
export function checkCron(expression: string): CronCheck {
  const expr = expression.trim();
  const fields = expr.split(/\s+/).length;
  if (fields < 5 || fields > 6) {
    return { ok: false, problem: `"${expr}" has ${fields} field(s); a cron expression has 5 (minute hour day month weekday) or 6 (seconds first), like "0 9 * * *"` };
  }
  const detail = cron.validateDetailed(expr);
  if (!detail.valid) {
    const why = detail.errors.map((e) => `${e.field}${e.value !== undefined ? ` "${e.value}"` : ''}: ${e.message}`).join('; ');
    return { ok: false, problem: `"${expr}" is not a valid cron expression (${why || 'unreadable'})` };
  }
  return { ok: true };
}

/** The next `count` times the expression fires in `timezone`, after now. */
export function nextRuns(expression: string, timezone: string, count: number): Date[] {
  const task = cron.createTask(expression.trim(), () => undefined, { timezone, name: `preview-${Math.random()}` });
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}

export interface CronJob {
  stop(): void;
  nextRun(): Date | null;
}

/**
 * Calls `tick` each time the expression fires. Overlap is the caller's business (a schedule records
 * the skipped tick); errors thrown by `tick` are handed to `onError`, never to node-cron's console log.
 */
export function startCronJob(
  expression: string,
  timezone: string,
  tick: (firedAt: Date) => void | Promise<void>,
  onError: (err: unknown) => void,
  name?: string,
): CronJob {
  const task = cron.schedule(
    expression.trim(),
    async (ctx) => {
      try {
        await tick(ctx.date);
      } catch (err) {
        onError(err);
      }
    },
    { timezone, ...(name ? { name } : {}), suppressMissedWarning: true },
  );
  return {
    stop: () => void task.destroy(),
    nextRun: () => task.getNextRun(),
  };
}
