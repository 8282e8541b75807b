// A schedule acts for its owner long after the owner set it up. Roles are taken away, people leave, the
// policy file is tightened: at every tick (and at `run` and `resume`) the owner is checked against the
// policy as it is now, with the roles Discord reports now (MemberRoles, cached for at most a minute).
import { recheckOf } from '../core/approval-check.ts';
import type { Catalog } from '../core/catalog.ts';
import type { MemberRoles } from '../core/member-roles.ts';
import { LEVELS, type Policy } from '../core/policy.ts';
import type { Actor } from '../core/ports.ts';
import { msg, type Message } from '../i18n/message.ts';
import type { ScheduleRecord } from '../store/schedules-repo.ts';

export type OwnerAuthority =
  /** `actor`: the owner with the roles held now. */
  | { kind: 'holds'; actor: Actor }
  /** The owner no longer holds what the schedule needs: it is paused, with `reason` in the alert. */
  | { kind: 'lost'; reason: Message }
  /** The platform could not be asked: this run is refused (fail closed), the schedule stays armed. */
  | { kind: 'unknown'; reason: Message };

export async function checkOwner(s: ScheduleRecord, deps: { catalog: Catalog; policy: Policy; members: MemberRoles }): Promise<OwnerAuthority> {
  const spec = deps.catalog.get(s.command);
  if (!spec) return { kind: 'lost', reason: msg('core.owner.commandGone', { command: s.command }) };
  let actor: Actor = { id: s.ownerId, name: s.ownerName };
  const as = recheckOf(s.ownerId, s.via);
  if (as.lookup) {
    const now = await deps.members.lookup(s.ownerId);
    if (now.kind === 'unknown') return { kind: 'unknown', reason: msg('core.owner.unknown', { name: s.ownerName, why: now.reason }) };
    if (now.kind === 'not_member') return { kind: 'lost', reason: msg('core.owner.left', { name: s.ownerName }) };
    actor = now.actor;
  }
  const decision = deps.policy.evaluate({ spec, params: s.params, actor, via: as.via });
  if (decision.kind !== 'deny') return { kind: 'holds', actor };
  const level = deps.policy.levelOf(actor, as.via);
  if (LEVELS.indexOf(level) < LEVELS.indexOf(decision.rule.minLevel)) {
    return { kind: 'lost', reason: msg('core.owner.lostLevel', { name: s.ownerName, level, command: s.command, needed: decision.rule.minLevel }) };
  }
  return { kind: 'lost', reason: msg('core.owner.policy', { reason: decision.reason }) };
}
