// The payout alert rule for one agent: compare what a summary says with what was last alerted on, and
// say what changed (new unclaimed eras, eras claimed, eras expired unclaimed, a threshold crossed), or
// nothing. Summaries repeat every minute; only a change is worth a message.
import type { PayoutView } from '../payout.ts';
import { payoutStanding, type PayoutLevel, type PayoutThresholds } from './payout-level.ts';

/** What is remembered per agent, across restarts, so that a restart does not alert again. */
export interface PayoutAlertState {
  level: PayoutLevel;
  eras: number[];
}

export interface PayoutChange {
  agentId: string;
  at: number;
  stash: string | undefined;
  level: PayoutLevel;
  /** undefined: the first time mserver sees this agent's payouts. */
  previous: PayoutLevel | undefined;
  newEras: number[];
  claimedEras: number[];
  /** Gone from the unclaimed list because they passed the history depth: their rewards are lost. */
  expiredEras: number[];
  unclaimed: number;
  oldestEra: number | undefined;
  oldestAge: number | undefined;
  erasLeft: number | undefined;
}

const LEVELS: readonly PayoutLevel[] = ['ok', 'warning', 'critical'];

/** A stored state, or undefined when it is not one (an older format, a broken row). */
export function readPayoutAlertState(v: unknown): PayoutAlertState | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (!LEVELS.includes(o.level as PayoutLevel) || !Array.isArray(o.eras) || !o.eras.every((e) => Number.isInteger(e))) return undefined;
  return { level: o.level as PayoutLevel, eras: o.eras as number[] };
}

export function comparePayout(
  agentId: string,
  previous: PayoutAlertState | undefined,
  view: PayoutView,
  t: PayoutThresholds,
  at: number,
): { next: PayoutAlertState; change: PayoutChange | undefined } {
  const standing = payoutStanding(view, t);
  const eras = [...new Set(view.unclaimed.map((u) => u.era))].sort((a, b) => a - b);
  const next: PayoutAlertState = { level: standing.level, eras };
  const base = {
    agentId,
    at,
    stash: view.stash,
    level: standing.level,
    unclaimed: eras.length,
    oldestEra: view.oldestUnclaimedEra ?? eras[0],
    oldestAge: standing.oldestAge,
    erasLeft: standing.erasLeft,
  };
  if (!previous) {
    // The first sight of an agent is its baseline: only an agent already in trouble is worth a message
    // (a new install with a healthy fleet must not post once per agent).
    const change = standing.level === 'ok' ? undefined : { ...base, previous: undefined, newEras: [], claimedEras: [], expiredEras: [] };
    return { next, change };
  }
  const before = new Set(previous.eras);
  const now = new Set(eras);
  const newEras = eras.filter((e) => !before.has(e));
  const gone = previous.eras.filter((e) => !now.has(e));
  // An era older than the history depth can no longer be claimed: if it left the list, it expired.
  const firstClaimable = view.activeEra !== undefined ? view.activeEra - view.historyDepth : undefined;
  const expiredEras = firstClaimable === undefined ? [] : gone.filter((e) => e < firstClaimable);
  const claimedEras = gone.filter((e) => !expiredEras.includes(e));
  const changed = newEras.length > 0 || gone.length > 0 || standing.level !== previous.level;
  return { next, change: changed ? { ...base, previous: previous.level, newEras, claimedEras, expiredEras } : undefined };
}
