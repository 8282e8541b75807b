// Schedule notices for Discord: a finished run as the same embed /send shows (with the notice as its
// first line), anything else as one message. They go through the outbox like every notification, so
// a missed-run report made at start-up or a run's outcome is posted once Discord is reachable, in order.
import type { Logger } from '../../log.ts';
import type { Outbox } from '../../notify/outbox.ts';
import type { ScheduleNotify } from '../../scheduler/schedule-notice.ts';
import { clip, LIMITS } from './message-text.ts';
import { renderRun } from './run-message.ts';
import type { Locale } from '../../i18n/locale.ts';
import { translator } from '../../i18n/translate.ts';

/** `locale`: the channels' language (MSERVER_LOCALE): a schedule's outcome has no single reader. */
export function createScheduleNotifier(opts: { outbox: Outbox; log: Logger; locale?: Locale }): ScheduleNotify {
  const { outbox, log } = opts;
  const t = translator(opts.locale ?? 'en');
  return (channelId, notice) => {
    const content = clip(`⏰ ${notice.text}`, LIMITS.content);
    const message = notice.run
      ? { content, embeds: renderRun(notice.run.request, notice.run.outcomes, true, { attach: false, t }).embeds.map((e) => e.toJSON()) }
      : { content };
    const id = outbox.enqueue(channelId ?? 'alerts', message, notice.run ? { dedupeKey: `schedule-run:${notice.run.request.id}` } : {});
    if (id === undefined && !notice.run) log.info({ notice: notice.text }, 'schedule notice not posted (no channel)');
  };
}
