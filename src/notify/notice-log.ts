// Every notice, recorded transport-neutrally (architecture point 3): its facts, level and agent in the
// notices table, once per dedupe key however many channels it goes to, and announced on `events` so the
// API's event stream can show it as it happens. Runs whether or not Discord is on.
import { createEventBus, type EventBus } from '../core/event-bus.ts';
import type { NoticeOut } from '../core/notice.ts';
import { noticeAgent, noticeLevel } from '../core/notice-level.ts';
import type { Logger } from '../log.ts';
import type { NoticeRecord, NoticesRepo } from '../store/notices-repo.ts';
import type { ChannelKind } from './outbox.ts';

export interface NoticeLogEvents {
  /** A notice stored now (not one whose dedupe key was already there). */
  recorded: NoticeRecord;
}

export interface NoticeLog {
  record(channel: ChannelKind, notice: NoticeOut, dedupeKey: string | undefined): NoticeRecord | undefined;
  events: EventBus<NoticeLogEvents>;
}

export function createNoticeLog(deps: { repo: Pick<NoticesRepo, 'add' | 'has'>; now: () => number; log: Pick<Logger, 'error'> }): NoticeLog {
  const events = createEventBus<NoticeLogEvents>((err, name) => deps.log.error({ err, event: name }, 'a notice listener failed'));
  return {
    events,
    record(channel, notice, dedupeKey) {
      const facts = notice.facts;
      const stored = deps.repo.add({ at: deps.now(), level: noticeLevel(facts), channel, agentId: noticeAgent(facts), facts, dedupeKey });
      // Announced once its transaction is over (a notifier stores a notice with the alert state it
      // settles): a notice rolled back with it is never shown as if it had happened.
      if (stored) queueMicrotask(() => deps.repo.has(stored.id) && events.emit('recorded', stored));
      return stored;
    },
  };
}
