// Runs that fell while mserver was down are not replayed (a restart replaying a day of restarts would
// be worse than the outage) and not dropped silently either: each schedule that missed any gets one
// `missed` row for the whole gap and one line, and the lines of one channel go out as one post.
import { msg, type Message } from '../i18n/message.ts';
import type { Logger } from '../log.ts';
import type { ScheduleRecord, SchedulesRepo } from '../store/schedules-repo.ts';
import { zonedTimeText } from '../transports/format/time-text.ts';
import { MISSED_SCAN_DAYS, occurrencesBetween } from './cron.ts';
import { notice, type ScheduleNotify } from './schedule-notice.ts';

export interface Gap {
  schedule: ScheduleRecord;
  /** The last tick that was accounted for (fired, skipped, or the time it was armed). */
  after: number;
  /** When mserver came back. */
  until: number;
}

export async function reportMissedRuns(gaps: Gap[], deps: { schedules: SchedulesRepo; log: Logger; notify: ScheduleNotify; isStopped: () => boolean }): Promise<number> {
  const byChannel = new Map<string | undefined, Message[]>();
  let total = 0;
  for (const { schedule: s, after, until } of gaps) {
    const occ = await occurrencesBetween(s.cron, s.timezone, after, until);
    if (occ.count === 0 || !occ.first || !occ.last || deps.isStopped()) continue;
    total += occ.count;
    deps.schedules.addRun({ scheduleId: s.id, firedAt: occ.first.getTime(), state: 'missed', ticks: occ.count, finishedAt: occ.last.getTime() });
    const span = occ.count === 1
      ? msg('core.missed.at', { at: zonedTimeText(occ.first, s.timezone) })
      : msg('core.missed.span', { first: zonedTimeText(occ.first, s.timezone), last: zonedTimeText(occ.last, s.timezone) });
    const line = occ.truncated
      ? msg('core.missed.older', { name: s.name, count: occ.count, days: MISSED_SCAN_DAYS, span })
      : msg('core.missed.line', { name: s.name, count: occ.count, span });
    deps.log.warn({ schedule: s.name, missed: occ.count, first: occ.first.toISOString(), last: occ.last.toISOString() }, notice('warn', [line]).text);
    const key = s.channelId ?? undefined;
    byChannel.set(key, [...(byChannel.get(key) ?? []), line]);
  }
  for (const [channelId, lines] of byChannel) deps.notify(channelId, notice('warn', lines));
  return total;
}
