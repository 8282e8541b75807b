// What the scheduler tells the team: one line of text, and for a finished run the request and its
// outcomes so a transport can show them in full. The scheduler never posts itself: app.ts hands it a
// `notify` that routes each notice to its channel (Discord today; an outbox can sit behind it later).
import type { CommandUpdate } from '../core/ports.ts';
import type { RequestRecord } from '../store/requests-repo.ts';

export interface ScheduleNotice {
  text: string;
  level: 'info' | 'warn';
  run?: { request: RequestRecord; outcomes: CommandUpdate[] } | undefined;
}

/** `channelId` is the schedule's channel; undefined means the alerts channel. */
export type ScheduleNotify = (channelId: string | undefined, notice: ScheduleNotice) => void;
