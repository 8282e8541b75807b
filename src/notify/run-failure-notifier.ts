// A command nobody is waiting for (a schedule, or mserver itself) that did not succeed is said in the
// alerts channel: otherwise it would fail unseen. Requests whose outcome another notice says (the key
// check's verdict) are left out; a scheduled run whose own post already says it in Discord is recorded as
// a notice (the API and the dashboard have no other word of it) but not posted a second time.
import type { Dispatcher } from '../core/dispatcher.ts';
import type { RequestRecord } from '../store/requests-repo.ts';
import type { NoticeAction } from '../core/notice.ts';
import type { Outbox } from './outbox.ts';

export function startRunFailureNotifier(deps: {
  dispatcher: Pick<Dispatcher, 'events'>;
  outbox: Outbox;
  reportedElsewhere: (request: RequestRecord) => boolean;
  /** The failure is already posted in Discord (a schedule's own post): recorded only. */
  postedElsewhere?: (request: RequestRecord) => boolean;
  /** Buttons under the alert (Run again, for a scheduled run). */
  actionsFor?: (request: RequestRecord) => NoticeAction[];
}): { stop(): void } {
  const off = deps.dispatcher.events.on('run_finished', ({ request, outcomes }) => {
    if (request.via !== 'schedule' && request.via !== 'system') return;
    if (deps.reportedElsewhere(request)) return;
    const failed = outcomes.filter((o) => o.state !== 'success');
    if (failed.length === 0) return;
    const facts = { kind: 'run_failed', request: { id: request.id, command: request.command, via: request.via, actorName: request.actorName }, failed, total: outcomes.length } as const;
    const recordOnly = deps.postedElsewhere?.(request) ?? false;
    deps.outbox.enqueueNotice('alerts', { facts, actions: recordOnly ? undefined : deps.actionsFor?.(request) }, { dedupeKey: `run:${request.id}`, recordOnly });
  });
  return { stop: off };
}
