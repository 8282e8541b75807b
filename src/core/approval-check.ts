// Who may decide on an approval, and whether the request still stands when it is decided. Roles change
// between the request and the click: a requester who left the server or lost the command's level since
// asking no longer stands behind it, and an approver must hold both an approver role and the level the
// command needs (an approver role alone would let a member approve what they could never run).
import { msg, type Message } from '../i18n/message.ts';
import type { CommandSpec } from './catalog.ts';
import type { MemberRoles } from './member-roles.ts';
import { LEVELS, type Policy } from './policy.ts';
import type { Actor, Via } from './ports.ts';

export type RequesterCheck =
  | { kind: 'stands' }
  /** The request must be withdrawn: `reason` is shown in both channels and audited. */
  | { kind: 'withdraw'; reason: Message }
  /** The platform could not be asked: nothing is decided (fail closed), the click can be retried. */
  | { kind: 'unknown'; reason: string | Message };

/**
 * How an actor is checked again later. Requests made in Discord, and through the HTTP API with a token a
 * member owns, are checked against the member as the platform sees them now, at their Discord level (a
 * token's own cap was applied when it was used). The console, a token the console's operator owns, and
 * mserver itself hold the machine.
 */
export function recheckOf(actorId: string, via: Via): { lookup: boolean; via: Via } {
  if (via === 'discord') return { lookup: true, via: 'discord' };
  if (via === 'http' || via === 'web') return /^console:/.test(actorId) ? { lookup: false, via: 'console' } : { lookup: true, via: 'discord' };
  return { lookup: false, via };
}

export async function checkRequester(
  r: { actorId: string; actorName: string; via: Via; command: string; params: Record<string, unknown> },
  spec: CommandSpec,
  deps: { policy: Policy; members: MemberRoles },
): Promise<RequesterCheck> {
  const as = recheckOf(r.actorId, r.via);
  if (!as.lookup) return { kind: 'stands' };
  const now = await deps.members.lookup(r.actorId);
  if (now.kind === 'unknown') return { kind: 'unknown', reason: now.reason };
  if (now.kind === 'not_member') return { kind: 'withdraw', reason: msg('core.approval.requesterLeft', { name: r.actorName }) };
  const decision = deps.policy.evaluate({ spec, params: r.params, actor: now.actor, via: as.via });
  if (decision.kind === 'deny') {
    const level = deps.policy.levelOf(now.actor, as.via);
    return { kind: 'withdraw', reason: msg('core.approval.requesterLostLevel', { name: r.actorName, command: r.command, level, needed: decision.rule.minLevel }) };
  }
  return { kind: 'stands' };
}

/** Why this actor may not approve or deny a request for `spec`, or undefined when they may. */
export function approverProblem(actor: Actor, via: Via, spec: CommandSpec, policy: Policy): Message | undefined {
  if (!policy.isApprover(actor, via)) return msg('core.approval.notApprover');
  const needed = policy.rule(spec).minLevel;
  const held = policy.levelOf(actor, via);
  if (LEVELS.indexOf(held) < LEVELS.indexOf(needed)) {
    return msg('core.approval.approverLevel', { command: spec.name, needed, level: held });
  }
  return undefined;
}
