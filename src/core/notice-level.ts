// How urgent a notice is, who it is about and who may read it, derived from its facts in one place: the
// notices table stores the level and the agent, the API filters on them, the dashboard shows them. The
// Discord embeds keep their own colours (a green "back online" is still `info` here).
import type { NoticeFacts } from './notice.ts';
import type { Level } from './policy.ts';

export const NOTICE_LEVELS = ['info', 'warning', 'critical'] as const;
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];

/** The kinds about session keys: like key_update events, they need operator (they name keys and stashes). */
export const KEY_NOTICE_KINDS: ReadonlySet<NoticeFacts['kind']> = new Set(['key_rotated', 'key_verdict', 'duplicate_key', 'handover']);

/** The level a reader needs to see a notice of this kind. */
export function noticeReaderLevel(kind: string): Exclude<Level, 'none'> {
  return KEY_NOTICE_KINDS.has(kind as NoticeFacts['kind']) ? 'operator' : 'viewer';
}

export function noticeLevel(f: NoticeFacts): NoticeLevel {
  switch (f.kind) {
    case 'payout_changes':
      return f.changes.some((c) => c.level === 'critical') ? 'critical' : f.changes.some((c) => c.level === 'warning') ? 'warning' : 'info';
    case 'payout_digest':
      return f.digest.critical ? 'critical' : f.digest.warning ? 'warning' : 'info';
    case 'host_events':
      return f.events.some((e) => e.kind === 'offline') ? 'critical' : f.events.some((e) => e.kind === 'flapping') ? 'warning' : 'info';
    case 'disk_low':
    case 'duplicate_key':
    case 'impersonation':
      return 'critical';
    case 'run_failed':
    case 'interrupted':
    case 'agent_pending':
    case 'agent_new_address':
      return 'warning';
    case 'key_rotated':
      return f.key.askedBy ? 'info' : 'warning';
    case 'key_verdict': {
      const v = f.verdict;
      if (v.kind === 'not_held') return 'critical';
      if (v.kind === 'unknown' || !f.check.solicited || f.check.basis?.kind === 'no_stash') return 'warning';
      return 'info';
    }
    case 'handover':
      return f.step === 'mismatch' ? 'critical' : f.step === 'no_stash' || f.step === 'unreachable' ? 'warning' : 'info';
  }
}

/** The one agent a notice is about, or null when it is about none or several (a batch, a duplicate key on two hosts). */
export function noticeAgent(f: NoticeFacts): string | null {
  const one = (ids: readonly string[]) => {
    const distinct = new Set(ids);
    return distinct.size === 1 ? ids[0]! : null;
  };
  switch (f.kind) {
    case 'payout_changes':
      return one(f.changes.map((c) => c.agentId));
    case 'host_events':
      return one(f.events.map((e) => e.agentId));
    case 'run_failed':
      return one(f.failed.map((u) => u.agentId));
    case 'interrupted':
      return one(f.commands.map((c) => c.agentId));
    case 'duplicate_key':
      return one(f.duplicate.holders.map((h) => h.agentId));
    case 'key_rotated':
      return f.key.agentId;
    case 'key_verdict':
      return f.check.agentId;
    case 'handover':
      return f.handover.agentId;
    case 'impersonation':
      return f.claimedId;
    case 'agent_pending':
    case 'agent_new_address':
      return f.agentId;
    case 'payout_digest':
    case 'disk_low':
      return null;
  }
}
