// A schedule as typed by a person, checked before anything is stored: the name, the cron expression
// (with the field that is wrong), the IANA time zone and the channel. Parameters are the catalog's
// business and are checked by the dispatcher when the schedule is authorized.
import { UserError } from '../core/errors.ts';
import { msg, type Message } from '../i18n/message.ts';
import type { ScheduleDefinition } from '../store/schedules-repo.ts';
import { checkCron, checkTimezone, nextRuns } from './cron.ts';
import { quoted } from '../core/quote.ts';

export interface ScheduleInput {
  name: string;
  cron: string;
  /** Left out: the schedule's current zone (on a change) or SCHEDULE_TIMEZONE. */
  timezone?: string | null | undefined;
  target: string;
  command: string;
  params: unknown;
  /** Left out: the schedule's current channel (on a change) or the alerts channel. */
  channelId?: string | null | undefined;
}

export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;
const CHANNEL_PATTERN = /^\d{17,20}$/;

export function checkName(name: string): string {
  const n = name.trim();
  if (!NAME_PATTERN.test(n)) {
    throw new UserError('bad_input', msg('core.schedule.badName', { name: quoted(n) }));
  }
  return n;
}

/** Runs sampled to find the shortest gap between two firings (a list such as "0,1 0 3 * * *" shows it in each pair). */
const GAP_SAMPLE = 50;

/** The shortest time between two firings of an expression, in seconds, over its next GAP_SAMPLE runs. */
export function shortestGapS(cron: string, zone: string): number {
  const runs = nextRuns(cron, zone, GAP_SAMPLE).map((d) => d.getTime());
  let gap = Number.POSITIVE_INFINITY;
  for (let k = 1; k < runs.length; k++) gap = Math.min(gap, (runs[k]! - runs[k - 1]!) / 1000);
  return gap;
}

export type TimingCheck = { ok: true; cron: string; zone: string } | { ok: false; problem: Message };

/**
 * The cron expression and zone of a schedule, with the rules saving applies (valid fields, a zone, a date
 * that exists, SCHEDULE_MIN_INTERVAL_S). The dashboard's preview asks the same function as it is typed,
 * so it can never accept what saving refuses.
 */
export function checkTiming(cronText: string, zoneText: string, limits: { minIntervalS: number }): TimingCheck {
  const cron = cronText.trim().replace(/\s+/g, ' ');
  const c = checkCron(cron);
  if (!c.ok) return c;
  const zone = checkTimezone(zoneText);
  if (!zone.ok) return zone;
  try {
    // Valid field by field is not enough: an expression no date satisfies would never run.
    nextRuns(cron, zone.zone, 1);
  } catch (err) {
    return { ok: false, problem: msg('core.cron.neverFires', { cron, detail: (err as Error).message }) };
  }
  // A slip such as "* * * * * *" (every second) would send a command to the fleet every second.
  const gap = shortestGapS(cron, zone.zone);
  if (gap < limits.minIntervalS) {
    return { ok: false, problem: msg('core.cron.tooOften', { cron, gap: String(gap), min: String(limits.minIntervalS) }) };
  }
  return { ok: true, cron, zone: zone.zone };
}

/** The definition without its parameters, or a UserError saying what to fix. */
export function readDefinition(
  input: ScheduleInput,
  fallback: { timezone: string; channelId: string | null },
  limits: { minIntervalS: number } = { minIntervalS: 60 },
): Omit<ScheduleDefinition, 'params'> {
  const name = checkName(input.name);
  const timing = checkTiming(input.cron, input.timezone?.trim() || fallback.timezone, limits);
  if (!timing.ok) throw new UserError('bad_input', msg('core.schedule.problem', { name, problem: timing.problem }));
  const { cron, zone } = timing;
  const channelId = input.channelId === undefined ? fallback.channelId : input.channelId?.trim() || null;
  if (channelId !== null && !CHANNEL_PATTERN.test(channelId)) {
    throw new UserError('bad_input', msg('core.schedule.badChannel', { name, channel: channelId.slice(0, 40) }));
  }
  const target = input.target.trim();
  if (target === '') throw new UserError('bad_input', msg('core.schedule.noTarget', { name }));
  return { name, cron, timezone: zone, target, command: input.command.trim(), channelId };
}
