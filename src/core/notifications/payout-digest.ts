// The fleet's payouts at a glance, most urgent first: what the daily digest and /payouts show.
import type { AgentView } from '../agent-directory.ts';
import { compareUrgency, payoutStanding, type PayoutLevel, type PayoutThresholds } from './payout-level.ts';

export type DigestAgent = Pick<AgentView, 'id' | 'hostName' | 'connected' | 'payout' | 'lastSummaryAt'>;

export interface DigestRow {
  agentId: string;
  hostName: string | null;
  connected: boolean;
  stash: string | undefined;
  level: PayoutLevel;
  unclaimed: number;
  oldestEra: number | undefined;
  oldestAge: number | undefined;
  erasLeft: number | undefined;
  lastSummaryAt: number | null;
}

export interface PayoutDigest {
  /** Agents with unclaimed eras, most urgent first. */
  pending: DigestRow[];
  /** Agents with nothing to claim. */
  claimed: string[];
  /** Agents that report no payout_info (or none seen yet). */
  noInfo: string[];
  critical: number;
  warning: number;
}

export function buildPayoutDigest(agents: readonly DigestAgent[], t: PayoutThresholds): PayoutDigest {
  const pending: DigestRow[] = [];
  const claimed: string[] = [];
  const noInfo: string[] = [];
  for (const a of agents) {
    const p = a.payout;
    if (!p) {
      noInfo.push(a.id);
      continue;
    }
    const s = payoutStanding(p, t);
    if (p.unclaimed.length === 0 && p.oldestUnclaimedEra === undefined) {
      claimed.push(a.id);
      continue;
    }
    pending.push({
      agentId: a.id,
      hostName: a.hostName,
      connected: a.connected,
      stash: p.stash,
      level: s.level,
      unclaimed: p.unclaimed.length,
      oldestEra: p.oldestUnclaimedEra ?? p.unclaimed[0]?.era,
      oldestAge: s.oldestAge,
      erasLeft: s.erasLeft,
      lastSummaryAt: a.lastSummaryAt,
    });
  }
  pending.sort(compareUrgency);
  return {
    pending,
    claimed: claimed.sort(),
    noInfo: noInfo.sort(),
    critical: pending.filter((r) => r.level === 'critical').length,
    warning: pending.filter((r) => r.level === 'warning').length,
  };
}
