// A command nobody is waiting for (a schedule, or mserver itself) that did not succeed is said in the
// alerts channel: otherwise it would fail unseen. Requests whose outcome is posted elsewhere (the key
// check) are left out.
import type { Dispatcher } from '../core/dispatcher.ts';
import type { RequestRecord } from '../store/requests-repo.ts';
import type { NoticeAction } from '../core/notice.ts';
import type { Outbox } from './outbox.ts';

export function startRunFailureNotifier(deps: {
  dispatcher: Pick<Dispatcher, 'events'>;
  outbox: Outbox;
  reportedElsewhere: (request: RequestRecord) => boolean;
  /** Buttons under the alert (Run again, for a scheduled run). */
  actionsFor?: (request: RequestRecord) => NoticeAction[];
}): { stop(): void } {
  const off = deps.dispatcher.events.on('run_finished', ({ request, outcomes }) => {
    if (request.via !== 'schedule' && request.via !== 'system') return;
    if (deps.reportedElsewhere(request)) return;
    const failed = outcomes.filter((o) => o.state !== 'success');
    if (failed.length === 0) return;
    const facts = { kind: 'run_failed', request: { id: request.id, command: request.command, via: request.via, actorName: request.actorName }, failed, total: outcomes.length } as const;
    deps.outbox.enqueueNotice('alerts', { facts, actions: deps.actionsFor?.(request) }, { dedupeKey: `run:${request.id}` });
  });
  return { stop: off };
}
