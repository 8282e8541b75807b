// A standing approval lets a schedule run a critical command unattended, but not forever: it lasts
// SCHEDULE_APPROVAL_TTL_DAYS. A week before it runs out one new approval is asked, acting for the
// owner, in the approvals channel; once granted it replaces the old one without touching the arming.
import type { Dispatcher } from '../core/dispatcher.ts';
import type { Actor, Clock } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import type { RequestRecord, RequestsRepo } from '../store/requests-repo.ts';
import type { ScheduleRecord, SchedulesRepo } from '../store/schedules-repo.ts';
import { zonedTimeText } from '../transports/format/time-text.ts';
import { msg, type Message } from '../i18n/message.ts';
import { notice, type ScheduleNotice } from './schedule-notice.ts';

export const DAY_MS = 86_400_000;
/** A new approval is asked this long before the standing one runs out (half the lifetime when shorter). */
const RENEW_BEFORE_MS = 7 * DAY_MS;

export interface StandingApprovalsDeps {
  dispatcher: Pick<Dispatcher, 'authorize'>;
  requests: Pick<RequestsRepo, 'latestWithPurpose'>;
  schedules: SchedulesRepo;
  clock: Clock;
  log: Logger;
  ttlMs: number;
  announce(s: ScheduleRecord, notice: ScheduleNotice): void;
  /** Withdraws the authorization a renewal replaces. */
  revoke(requestId: number, actor: Actor): void;
}

export function createStandingApprovals(deps: StandingApprovalsDeps) {
  const { dispatcher, schedules, clock, log, ttlMs } = deps;

  // i18n-exempt: the authorization's purpose, stored in requests.purpose and matched as it is (latestWithPurpose)
  const purposeOf = (s: ScheduleRecord, authorizationId: number) => `renewal of the approval of schedule ${s.name} (request #${authorizationId})`;

  return {
    /** When a standing approval (one an approver gave) runs out; undefined for a grant without approval. */
    ends(auth: RequestRecord | undefined): number | undefined {
      return auth && auth.state === 'granted' && auth.approvalsNeeded > 0 ? auth.updatedAt + ttlMs : undefined;
    },

    expiredReason(auth: RequestRecord): Message {
      return msg('core.standing.expired', { id: String(auth.id), count: Math.round(ttlMs / DAY_MS) });
    },

    /** Asks once, when the end is near, for a new approval acting for the owner as they are now. */
    renewIfDue(s: ScheduleRecord, auth: RequestRecord, owner: Actor, ends: number): void {
      if (clock.now() < ends - Math.min(RENEW_BEFORE_MS, ttlMs / 2)) return;
      const purpose = purposeOf(s, auth.id);
      if (deps.requests.latestWithPurpose(purpose)) return;
      const when = zonedTimeText(new Date(ends), s.timezone);
      try {
        const out = dispatcher.authorize(
          { command: s.command, target: s.target, params: s.params, actor: owner, via: s.via },
          {
            purpose,
            // i18n-exempt: the request's reason, stored in requests.reason beside the reasons members typed and shown as stored
            reason: `Renewal: the standing approval of schedule ${s.name} (request #${auth.id}) runs out ${when}; without a new one the schedule pauses then.`,
            origin: { channelId: s.channelId, renewalOf: s.id },
          },
        );
        deps.announce(s, notice('info', [msg('core.standing.renewalAsked', { name: s.name, when, id: String(out.request.id) })]));
      } catch (err) {
        // The owner may no longer run it: the tick's own check pauses the schedule.
        log.warn({ err, schedule: s.name }, 'could not ask to renew a schedule approval');
      }
    },

    /** A granted renewal takes the old approval's place; true when `request` was one. */
    onGranted(request: RequestRecord, actor: Actor): boolean {
      const renewalOf = (request.origin as { renewalOf?: unknown } | null)?.renewalOf;
      if (typeof renewalOf !== 'number') return false;
      const s = schedules.get(renewalOf);
      const old = s?.authorizationId;
      // Only while it still covers the same definition: a schedule changed meanwhile has its own approval.
      if (!s || old === null || old === undefined || request.purpose !== purposeOf(s, old)) return true;
      schedules.setAuthorization(s.id, request.id);
      deps.revoke(old, actor);
      const until = new Date(clock.now() + ttlMs);
      deps.announce(s, notice('info', [msg('core.standing.renewed', { name: s.name, by: actor.name, id: String(request.id), until: zonedTimeText(until, s.timezone) })]));
      return true;
    },
  };
}
