// What the notification rules remember per agent across restarts (last payout alert level, offline
// reported or not). The state is JSON owned by src/core/notifications/; this repository only keeps it.
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

export type AlertKind = 'payout' | 'host';

export function createAlertStateRepo(db: Db) {
  const all = db.prepare('SELECT agent_id, state FROM alert_state WHERE kind = ?');
  const set = db.prepare(`
    INSERT INTO alert_state (kind, agent_id, state, updated_at) VALUES (@kind, @agent_id, @state, @at)
    ON CONFLICT (kind, agent_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`);
  const forget = db.prepare('DELETE FROM alert_state WHERE agent_id = ?');
  return {
    /** A forgotten agent: nothing is remembered about it, so no offline alert comes back after a restart. */
    forget(agentId: string): void {
      forget.run(agentId);
    },
    all(kind: AlertKind): Map<string, unknown> {
      const rows = all.all(kind) as Array<{ agent_id: string; state: string }>;
      return new Map(rows.map((r) => [r.agent_id, fromJsonColumn(r.state)]));
    },
    set(kind: AlertKind, agentId: string, state: unknown, at: number): void {
      set.run({ kind, agent_id: agentId, state: JSON.stringify(state), at });
    },
  };
}

export type AlertStateRepo = ReturnType<typeof createAlertStateRepo>;
