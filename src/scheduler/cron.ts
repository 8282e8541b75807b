// The only module that imports node-cron. Everything time-based on a calendar (schedules, the payout
// digest) goes through here, so the library can be swapped and its quirks are handled once.
import cron from 'node-cron';
import { msg, type Message } from '../i18n/message.ts';

export type CronCheck = { ok: true } | { ok: false; problem: Message };

/** Five fields (minute hour day month weekday) or six with seconds first. */
export function checkCron(expression: string): CronCheck {
  const expr = expression.trim();
  const fields = expr.split(/\s+/).length;
  if (fields < 5 || fields > 6) {
    return { ok: false, problem: msg('core.cron.fieldCount', { expr, count: fields }) };
  }
  const detail = cron.validateDetailed(expr);
  if (!detail.valid) {
    const why = detail.errors.map((e) => fieldProblem(e.field, e.value, e.message, fields === 6));
    return { ok: false, problem: msg('core.cron.invalid', { expr, why: why.length > 0 ? why : msg('core.cron.unreadable') }) };
  }
  return { ok: true };
}

/** node-cron's field names, in the order of a 6-field expression, with what each field takes. */
const FIELDS: Record<string, { name: Message; range: Message }> = {
  second: { name: msg('core.cron.second'), range: msg('core.cron.range', { from: '0', to: '59' }) },
  minute: { name: msg('core.cron.minute'), range: msg('core.cron.range', { from: '0', to: '59' }) },
  hour: { name: msg('core.cron.hour'), range: msg('core.cron.range', { from: '0', to: '23' }) },
  dayOfMonth: { name: msg('core.cron.dayOfMonth'), range: msg('core.cron.range', { from: '1', to: '31' }) },
  month: { name: msg('core.cron.month'), range: msg('core.cron.monthRange') },
  dayOfWeek: { name: msg('core.cron.weekday'), range: msg('core.cron.weekdayRange') },
};
const ORDINAL = [msg('core.cron.ord1'), msg('core.cron.ord2'), msg('core.cron.ord3'), msg('core.cron.ord4'), msg('core.cron.ord5'), msg('core.cron.ord6')];

/** node-cron's English (`61 is a invalid expression for minute`) in mserver's words, the field named. */
function fieldProblem(field: string | undefined, value: string | undefined, message: string, withSeconds: boolean): Message {
  const f = field ? FIELDS[field] : undefined;
  // node-cron's own English, for a field it does not name: shown as it is, a value in our message.
  if (!f) return msg('core.cron.library', { message });
  const position = Object.keys(FIELDS).indexOf(field!) - (withSeconds ? 0 : 1);
  const where = msg('core.cron.where', { name: f.name, ordinal: ORDINAL[position] ?? msg('core.cron.ordUnknown') });
  if (/impossible/.test(message)) return msg('core.cron.impossibleDay', { where, value: message.replace(/ is an impossible.*$/, '') });
  return msg('core.cron.badField', { where, value: value ?? '?', range: f.range });
}

export type ZoneCheck = { ok: true; zone: string } | { ok: false; problem: Message };

/** An IANA time zone, in the IANA spelling when it is one of the listed names (`europe/berlin` becomes `Europe/Berlin`). */
export function checkTimezone(zone: string): ZoneCheck {
  const z = zone.trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: z });
  } catch {
    return { ok: false, problem: msg('core.cron.badZone', { zone: z.slice(0, 64) }) };
  }
  const lower = z.toLowerCase();
  return { ok: true, zone: ['UTC', ...Intl.supportedValuesOf('timeZone')].find((name) => name.toLowerCase() === lower) ?? z };
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

export interface Occurrences {
  count: number;
  first: Date | undefined;
  last: Date | undefined;
  /** True when the gap was longer than the scan: only its last MISSED_SCAN_DAYS were counted. */
  truncated: boolean;
}

export const MISSED_SCAN_DAYS = 31;
const MINUTE = 60_000;
const MINUTES_PER_TURN = 1440;

/**
 * The times the expression fired in (afterMs, untilMs]: what a schedule missed while mserver was down.
 * node-cron only looks forward from now, so each minute of the gap is matched (the seconds field then
 * places the ticks inside a matching minute). A day of minutes is checked per turn of the event loop,
 * and at most the last MISSED_SCAN_DAYS days, so a long outage never stalls the start-up.
 */
export async function occurrencesBetween(expression: string, timezone: string, afterMs: number, untilMs: number): Promise<Occurrences> {
  const out: Occurrences = { count: 0, first: undefined, last: undefined, truncated: false };
  if (untilMs <= afterMs) return out;
  const expr = expression.trim();
  const seconds = [...cron.parse(expr).second].sort((a, b) => a - b);
  const task = cron.createTask(expr, () => undefined, { timezone, name: `gap-${Math.random()}` });
  try {
    const earliest = untilMs - MISSED_SCAN_DAYS * 86_400_000;
    out.truncated = afterMs < earliest;
    const from = Math.max(afterMs, earliest);
    let minute = Math.floor(from / MINUTE) * MINUTE;
    while (minute <= untilMs) {
      const end = Math.min(untilMs, minute + MINUTES_PER_TURN * MINUTE);
      for (; minute <= end; minute += MINUTE) {
        if (!task.match(new Date(minute + seconds[0]! * 1000))) continue;
        for (const s of seconds) {
          const at = minute + s * 1000;
          if (at <= from || at > untilMs) continue;
          out.count++;
          out.first ??= new Date(at);
          out.last = new Date(at);
        }
      }
      if (minute <= untilMs) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    void task.destroy();
  }
  return out;
}
