// The payout history of one agent as a chart reads it: each stored snapshot with how long its oldest
// unclaimed era has waited and how many eras are left before it expires, bounded in size. Snapshots are
// stored only when something changed, but a long range of a restless agent can still hold thousands.
import { payoutStanding, type PayoutLevel, type PayoutThresholds } from './notifications/payout-level.ts';

export interface PayoutSnapshotFacts {
  at: number;
  activeEra: number | null;
  unclaimedCount: number | null;
  oldestUnclaimedEra: number | null;
  erasLeft: number | null;
  historyDepth: number;
}

export interface PayoutPoint {
  at: number;
  unclaimedCount: number;
  oldestUnclaimedEra: number | null;
  /** Eras since the oldest unclaimed era, when known: what the warning threshold is about. */
  oldestAge: number | null;
  erasLeft: number | null;
  level: PayoutLevel;
}

export function payoutPoint(s: PayoutSnapshotFacts, t: PayoutThresholds): PayoutPoint {
  const standing = payoutStanding(
    {
      stash: undefined,
      chain: undefined,
      activeEra: s.activeEra ?? undefined,
      historyDepth: s.historyDepth,
      // Only the count is stored in a column; the level rule needs the oldest era, which is.
      unclaimed: [],
      oldestUnclaimedEra: s.oldestUnclaimedEra ?? undefined,
      erasLeft: s.erasLeft ?? undefined,
      raw: null,
    },
    t,
  );
  return {
    at: s.at,
    unclaimedCount: s.unclaimedCount ?? 0,
    oldestUnclaimedEra: s.oldestUnclaimedEra,
    oldestAge: standing.oldestAge ?? null,
    erasLeft: standing.erasLeft ?? null,
    level: standing.level,
  };
}

/** Worse is an older oldest era (or fewer eras left): the point a bucket keeps, so no crossing is hidden. */
function worse(a: PayoutPoint, b: PayoutPoint): boolean {
  if ((a.oldestAge ?? -1) !== (b.oldestAge ?? -1)) return (a.oldestAge ?? -1) > (b.oldestAge ?? -1);
  return a.unclaimedCount > b.unclaimedCount;
}

/**
 * At most `max` points over [since, until]: when more arrive, the range is cut into `max - 1` equal
 * slices and each keeps its worst point; the newest point is always kept (the state now).
 */
export function downsample(points: Iterable<PayoutPoint>, since: number, until: number, max: number, count: number): PayoutPoint[] {
  if (count <= max) return [...points];
  const slices = max - 1;
  const width = Math.max(1, (until - since + 1) / slices);
  const kept: Array<PayoutPoint | undefined> = new Array(slices);
  let last: PayoutPoint | undefined;
  for (const p of points) {
    const i = Math.min(slices - 1, Math.max(0, Math.floor((p.at - since) / width)));
    const cur = kept[i];
    if (!cur || worse(p, cur)) kept[i] = p;
    last = p;
  }
  const out = kept.filter((p): p is PayoutPoint => p !== undefined);
  if (last && out[out.length - 1] !== last) out.push(last);
  return out;
}
