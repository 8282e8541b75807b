// Schedule notices for Discord: a finished run as the same embed /send shows (with the notice as its
// first line), anything else as one message. They go through the outbox like every notification, so
// a missed-run report made at start-up or a run's outcome is posted once Discord is reachable, in order.
import type { Logger } from '../../log.ts';
import type { Outbox } from '../../notify/outbox.ts';
import type { ScheduleNotify } from '../../scheduler/schedule-notice.ts';
import { clip, LIMITS } from './message-text.ts';
import { renderRun } from './run-message.ts';

export function createScheduleNotifier(opts: { outbox: Outbox; log: Logger }): ScheduleNotify {
  const { outbox, log } = opts;
  return (channelId, notice) => {
    const content = clip(`⏰ ${notice.text}`, LIMITS.content);
    const message = notice.run
      ? { content, embeds: renderRun(notice.run.request, notice.run.outcomes, true, { attach: false }).embeds.map((e) => e.toJSON()) }
      : { content };
    const id = outbox.enqueue(channelId ?? 'alerts', message, notice.run ? { dedupeKey: `schedule-run:${notice.run.request.id}` } : {});
    if (id === undefined && !notice.run) log.info({ notice: notice.text }, 'schedule notice not posted (no channel)');
  };
}
