// What the scheduler tells the team: one line of text, and for a finished run the request and its
// outcomes so a transport can show them in full. The scheduler never posts itself: app.ts hands it a
// `notify` that routes each notice to its channel (Discord today; an outbox can sit behind it later).
import type { CommandUpdate } from '../core/ports.ts';
import { render, type Message } from '../i18n/message.ts';
import type { RequestRecord } from '../store/requests-repo.ts';

export interface ScheduleNotice {
  /** The notice in English, as logged (logs stay English). */
  text: string;
  /** The same lines as Messages, for a channel to render in its language (one line each). */
  lines: readonly Message[];
  level: 'info' | 'warn';
  run?: { request: RequestRecord; outcomes: CommandUpdate[] } | undefined;
}

/** A notice of these lines: English text for the log, the Messages for readers. */
export function notice(level: ScheduleNotice['level'], lines: readonly Message[], run?: ScheduleNotice['run']): ScheduleNotice {
  return { text: lines.map((m) => render('en', m)).join('\n'), lines, level, ...(run ? { run } : {}) };
}

/** `channelId` is the schedule's channel; undefined means the alerts channel. */
export type ScheduleNotify = (channelId: string | undefined, notice: ScheduleNotice) => void;
