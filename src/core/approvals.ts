// The approvals room of the dispatcher: the requester's reason, approvals (counted, one per approver),
// denials, and the withdrawal of a request whose requester no longer stands behind it. Split out of
// dispatcher.ts, which keeps the shared moves (load, move, execute, audit) and passes them in.
import { msg, render, type Message } from '../i18n/message.ts';
import type { RequestRecord, RequestState } from './records.ts';
import { approverProblem, checkRequester } from './approval-check.ts';
import type { CommandSpec } from './catalog.ts';
import type { CoreEvents, CoreStore, Dispatcher } from './dispatcher.ts';
import { UserError } from './errors.ts';
import type { EventBus } from './event-bus.ts';
import type { MemberRoles } from './member-roles.ts';
import type { Policy } from './policy.ts';
import type { Actor, Clock, Via } from './ports.ts';
import type { Run } from './run.ts';
import { stateText } from './state-text.ts';

/** What the dispatcher lends the room: its store, clock and events, and the moves every request shares. */
export interface ApprovalRoomDeps {
  policy: Policy;
  members: MemberRoles;
  store: CoreStore;
  clock: Clock;
  events: EventBus<CoreEvents>;
  load(requestId: number): RequestRecord;
  audit(kind: string, r: { id: number | null; command: string | null }, actor: Actor, via: Via, detail?: unknown): void;
  move(r: RequestRecord, from: RequestState, to: RequestState): RequestRecord;
  checkNotExpired(r: RequestRecord): void;
  execute(r: RequestRecord, actor: Actor, via: Via): Run;
  countApprovals(requestId: number): number;
  specOf(r: RequestRecord): CommandSpec;
}

export function createApprovalRoom(deps: ApprovalRoomDeps): Pick<Dispatcher, 'submitReason' | 'approve' | 'deny'> {
  const { policy, members, store, clock, events, load, audit, move, checkNotExpired, execute, countApprovals, specOf } = deps;

  /** Refuses (audited) an approver without the approver role or without the command's level. */
  function requireDecider(r: RequestRecord, actor: Actor, via: Via): void {
    const problem = approverProblem(actor, via, specOf(r), policy);
    if (problem === undefined) return;
    audit('refused', r, actor, via, { reason: render('en', problem) });
    throw new UserError('forbidden', problem);
  }

  /** The request no longer stands: nothing runs, and both channels are told why (request_decided). */
  function withdraw(r: RequestRecord, actor: Actor, via: Via, reason: Message): never {
    const done = move(r, 'awaiting_approval', 'withdrawn');
    // The audit trail keeps English (it is searched); the live readers get the Message in their language.
    audit('withdrawn', r, actor, via, { reason: render('en', reason) });
    events.emit('request_decided', { request: done, decision: 'withdrawn', actor, at: clock.now(), approvals: countApprovals(r.id), reason });
    throw new UserError('forbidden', msg('core.request.withdrawn', { id: String(r.id), reason }));
  }

  return {
    submitReason(requestId, actor, reason) {
      const r = load(requestId);
      if (r.actorId !== actor.id) throw new UserError('forbidden', msg('core.request.onlyRequesterReason', { name: r.actorName, id: String(r.id) }));
      if (r.state !== 'awaiting_approval' || r.reason !== null) throw new UserError('conflict', msg('core.request.hasReason', { id: String(r.id) }));
      checkNotExpired(r);
      const text = reason.trim().slice(0, 1000);
      if (text.length < 3) throw new UserError('bad_input', msg('core.request.reasonTooShort'));
      store.queue.flush();
      store.requests.setReason(r.id, text);
      audit('reason', r, actor, r.via, { reason: text });
      const request = load(r.id);
      events.emit('approval_requested', { request });
      return request;
    },

    async approve(requestId, actor, via) {
      const asked = load(requestId);
      const ready = (r: RequestRecord) => {
        if (r.state !== 'awaiting_approval') throw new UserError('conflict', msg('core.request.already', { id: String(r.id), state: stateText(r.state) }));
        if (r.reason === null) throw new UserError('conflict', msg('core.request.waitingReason', { id: String(r.id) }));
        checkNotExpired(r);
      };
      ready(asked);
      if (asked.actorId === actor.id) {
        audit('refused', asked, actor, via, { reason: 'requester tried to approve their own request' }); // i18n-exempt: an audit word, searched in English
        throw new UserError('forbidden', msg('core.request.ownApproval'));
      }
      requireDecider(asked, actor, via);
      const requester = await checkRequester(asked, specOf(asked), { policy, members });
      // The request may have been decided while the platform was asked: read it again.
      const r = load(requestId);
      ready(r);
      if (requester.kind === 'unknown') {
        const why = requester.reason;
        audit('refused', r, actor, via, { reason: 'requester could not be checked', detail: typeof why === 'string' ? why : render('en', why) }); // i18n-exempt: an audit word, searched in English
        throw new UserError('unavailable', msg('core.request.requesterUnknown', { id: String(r.id), name: r.actorName, why }));
      }
      if (requester.kind === 'withdraw') withdraw(r, actor, via, requester.reason);
      store.queue.flush();
      if (!store.requests.addVote({ requestId: r.id, actorId: actor.id, actorName: actor.name, decision: 'approve', at: clock.now() })) {
        throw new UserError('conflict', msg('core.request.alreadyVoted', { id: String(r.id) }));
      }
      audit('approved', r, actor, via);
      const approvals = countApprovals(r.id);
      if (approvals < r.approvalsNeeded) {
        events.emit('request_decided', { request: r, decision: 'approved', actor, at: clock.now(), approvals });
        return { request: r, approvals };
      }
      if (r.purpose !== null) {
        const granted = move(r, 'awaiting_approval', 'granted');
        audit('granted', r, actor, via, { purpose: r.purpose });
        events.emit('request_decided', { request: granted, decision: 'approved', actor, at: clock.now(), approvals });
        events.emit('authorization_granted', { request: granted, actor });
        return { request: granted, approvals };
      }
      const run = execute(r, actor, via);
      events.emit('request_decided', { request: run.request, decision: 'approved', actor, at: clock.now(), approvals });
      return { request: run.request, run, approvals };
    },

    deny(requestId, actor, via) {
      const r = load(requestId);
      if (r.state !== 'awaiting_approval') throw new UserError('conflict', msg('core.request.already', { id: String(r.id), state: stateText(r.state) }));
      checkNotExpired(r);
      if (r.actorId === actor.id) throw new UserError('forbidden', msg('core.request.denyOwn'));
      requireDecider(r, actor, via);
      store.queue.flush();
      store.requests.addVote({ requestId: r.id, actorId: actor.id, actorName: actor.name, decision: 'deny', at: clock.now() });
      const done = move(r, 'awaiting_approval', 'denied');
      audit('denied', r, actor, via);
      events.emit('request_decided', { request: done, decision: 'denied', actor, at: clock.now(), approvals: countApprovals(r.id) });
      return done;
    },

  };
}
