// Payout state per agent, kept as history of changes: summaries arrive every minute and mostly repeat.
import type { Db } from './database.ts';
import { DEFAULT_HISTORY_DEPTH, readPayout } from '../core/payout.ts';
import type { PayoutSnapshotFacts } from '../core/payout-series.ts';
import { fromJsonColumn } from './json-column.ts';

export interface PayoutSnapshot {
  agentId: string;
  at: number;
  stash: string | null;
  activeEra: number | null;
  unclaimedCount: number | null;
  oldestUnclaimedEra: number | null;
  erasLeft: number | null;
  digest: string;
  payoutInfo: unknown;
}

interface Row {
  agent_id: string;
  at: number;
  stash: string | null;
  active_era: number | null;
  unclaimed_count: number | null;
  oldest_unclaimed_era: number | null;
  eras_left: number | null;
  digest: string;
  payout_info: string;
}

const toSnapshot = (r: Row): PayoutSnapshot => ({
  agentId: r.agent_id,
  at: r.at,
  stash: r.stash,
  activeEra: r.active_era,
  unclaimedCount: r.unclaimed_count,
  oldestUnclaimedEra: r.oldest_unclaimed_era,
  erasLeft: r.eras_left,
  digest: r.digest,
  payoutInfo: fromJsonColumn(r.payout_info),
});

/**
 * Era numbers and counts come from an agent's arithmetic: each field may be a valid number and their sum
 * still overflow to Infinity, or be past 2^53 where integers round. Only exact integers are stored; the
 * raw payout_info beside them keeps whatever the agent sent.
 */
const era = (n: number | null): number | null => (n !== null && Number.isSafeInteger(n) ? n : null);

export function createPayoutsRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO payout_snapshots (agent_id, at, stash, active_era, unclaimed_count, oldest_unclaimed_era, eras_left, digest, payout_info)
    VALUES (@agent_id, @at, @stash, @active_era, @unclaimed_count, @oldest_unclaimed_era, @eras_left, @digest, @payout_info)`);
  const latestDigests = db.prepare(`
    SELECT agent_id, digest FROM payout_snapshots p
    WHERE id = (SELECT MAX(id) FROM payout_snapshots WHERE agent_id = p.agent_id)`);
  const history = db.prepare('SELECT * FROM payout_snapshots WHERE agent_id = ? ORDER BY id DESC LIMIT ?');
  // Both served by payout_snapshots_agent (agent_id, at DESC): the chart's range of one agent.
  const between = db.prepare(
    'SELECT at, active_era, unclaimed_count, oldest_unclaimed_era, eras_left, payout_info FROM payout_snapshots WHERE agent_id = ? AND at >= ? AND at <= ? ORDER BY at',
  );
  const countBetween = db.prepare('SELECT COUNT(*) FROM payout_snapshots WHERE agent_id = ? AND at >= ? AND at <= ?').pluck();

  return {
    add(s: PayoutSnapshot): void {
      insert.run({
        agent_id: s.agentId,
        at: s.at,
        stash: s.stash,
        active_era: era(s.activeEra),
        unclaimed_count: era(s.unclaimedCount),
        oldest_unclaimed_era: era(s.oldestUnclaimedEra),
        eras_left: era(s.erasLeft),
        digest: s.digest,
        payout_info: JSON.stringify(s.payoutInfo),
      });
    },
    /** The digest of each agent's newest snapshot, to skip summaries that change nothing. */
    latestDigests(): Map<string, string> {
      const rows = latestDigests.all() as Array<{ agent_id: string; digest: string }>;
      return new Map(rows.map((r) => [r.agent_id, r.digest]));
    },
    /** How many snapshots of one agent fall in [since, until]: whether the chart must be thinned. */
    countBetween(agentId: string, since: number, until: number): number {
      return Number(countBetween.get(agentId, since, until));
    },
    /** One agent's snapshots in [since, until], oldest first, read one at a time. */
    *between(agentId: string, since: number, until: number): Generator<PayoutSnapshotFacts> {
      for (const r of between.iterate(agentId, since, until) as Iterable<Row>) {
        // The history depth is only in what the agent sent (the columns keep what the alerts need).
        const depth = readPayout(fromJsonColumn(r.payout_info))?.historyDepth ?? DEFAULT_HISTORY_DEPTH;
        yield { at: r.at, activeEra: r.active_era, unclaimedCount: r.unclaimed_count, oldestUnclaimedEra: r.oldest_unclaimed_era, erasLeft: r.eras_left, historyDepth: depth };
      }
    },
    history(agentId: string, limit = 20): PayoutSnapshot[] {
      return (history.all(agentId, limit) as Row[]).map(toSnapshot);
    },
  };
}

export type PayoutsRepo = ReturnType<typeof createPayoutsRepo>;
