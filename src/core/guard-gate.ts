// Between the policy's decision and the request row: the key guard may refuse a start/restart (a
// duplicate key stands) or escalate a stop (a key hand-over is running) to a critical approval whose
// warning the approver reads. An override of a refusal is an admin's request with a reason, and still
// needs that approval. Kept out of dispatcher.ts so the dispatcher only asks one question.
import { msg, type Message } from '../i18n/message.ts';
import type { GuardInput, GuardVerdict } from './key-guard.ts';
import type { Decision, Policy } from './policy.ts';
import type { Actor, Via } from './ports.ts';

export interface DispatchGuard {
  check(input: GuardInput): GuardVerdict;
}

export type Gated = { kind: 'pass'; decision: Decision; warning: readonly Message[] | null } | { kind: 'refuse'; reason: Message };

export interface GateInput extends GuardInput {
  decision: Decision;
  actor: Actor;
  via: Via;
  /** The requester asks to run past a refusal of the guard. */
  override: boolean;
  reason: string | undefined;
}

/** A decision made critical: a second person's approval (the console's typed confirmation, as the policy does there). */
function escalated(d: Decision, via: Via): Decision {
  const rule = { ...d.rule, approval: true, approvals: Math.max(1, d.rule.approvals) };
  return via === 'console' ? { kind: 'confirm', rule } : { kind: 'approve', rule };
}

export function gate(guard: DispatchGuard | undefined, policy: Pick<Policy, 'levelOf'>, input: GateInput): Gated {
  const verdict = guard?.check(input) ?? { kind: 'ok' };
  if (verdict.kind === 'ok') return { kind: 'pass', decision: input.decision, warning: null };
  if (verdict.kind === 'escalate') return { kind: 'pass', decision: escalated(input.decision, input.via), warning: verdict.warning };
  if (!input.override) return { kind: 'refuse', reason: verdict.reason };
  if (policy.levelOf(input.actor, input.via) !== 'admin') {
    return { kind: 'refuse', reason: msg('core.guard.overrideAdminOnly', { reason: verdict.reason }) };
  }
  if ((input.reason?.trim().length ?? 0) < 3) {
    return { kind: 'refuse', reason: msg('core.guard.overrideNeedsReason') };
  }
  return { kind: 'pass', decision: escalated(input.decision, input.via), warning: verdict.warning };
}

/** A run with no one to ask (a schedule's tick): anything the guard does not simply allow is refused. */
export function unattendedRefusal(guard: DispatchGuard | undefined, input: GuardInput): Message | undefined {
  const verdict = guard?.check(input) ?? { kind: 'ok' };
  if (verdict.kind === 'ok') return undefined;
  return verdict.kind === 'refuse' ? verdict.reason : msg('core.guard.unattended', { command: input.command, warning: verdict.warning });
}
