// How urgent an agent's unclaimed rewards are. Rewards of an era are lost once it is older than the
// history depth (84 eras on Polkadot and Kusama); well-run validators claim within a few days.
import type { PayoutView } from '../payout.ts';

export type PayoutLevel = 'ok' | 'warning' | 'critical';

export const LEVEL_RANK: Record<PayoutLevel, number> = { ok: 0, warning: 1, critical: 2 };

export interface PayoutThresholds {
  /** Warning when the oldest unclaimed era is older than this many eras. */
  warnEras: number;
  /** Critical when the oldest unclaimed era has this many eras or fewer before it expires. */
  criticalErasLeft: number;
}

export interface PayoutStanding {
  level: PayoutLevel;
  /** Eras since the oldest unclaimed era (1 for the era that just ended). */
  oldestAge: number | undefined;
  /** Eras left before the oldest unclaimed era's rewards are lost. */
  erasLeft: number | undefined;
}

export function payoutStanding(view: PayoutView, t: PayoutThresholds): PayoutStanding {
  const pending = view.unclaimed.length > 0 || view.oldestUnclaimedEra !== undefined;
  if (!pending) return { level: 'ok', oldestAge: undefined, erasLeft: undefined };
  const oldest = view.oldestUnclaimedEra ?? view.unclaimed[0]?.era;
  let oldestAge = oldest !== undefined && view.activeEra !== undefined ? view.activeEra - oldest : undefined;
  let erasLeft = view.erasLeft;
  if (oldestAge === undefined && erasLeft !== undefined) oldestAge = view.historyDepth - erasLeft;
  if (erasLeft === undefined && oldestAge !== undefined) erasLeft = view.historyDepth - oldestAge;
  const level: PayoutLevel =
    erasLeft !== undefined && erasLeft <= t.criticalErasLeft ? 'critical' : oldestAge !== undefined && oldestAge > t.warnEras ? 'warning' : 'ok';
  return { level, oldestAge, erasLeft };
}

export interface Urgency {
  agentId: string;
  level: PayoutLevel;
  erasLeft: number | undefined;
  oldestAge: number | undefined;
  unclaimed: number;
}

/** Most urgent first: the level, then the fewest eras left, the oldest era, the most eras unclaimed. */
export function compareUrgency(a: Urgency, b: Urgency): number {
  return (
    LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
    (a.erasLeft ?? Infinity) - (b.erasLeft ?? Infinity) ||
    (b.oldestAge ?? -Infinity) - (a.oldestAge ?? -Infinity) ||
    b.unclaimed - a.unclaimed ||
    a.agentId.localeCompare(b.agentId)
  );
}
