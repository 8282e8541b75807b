// The key guard's memory (key_sightings, key_handovers) and the buttons under alerts (alert_actions).
// Implements the core's KeyGuardStore port; the rules live in src/core/key-guard.ts.
import type { AlertAction, AlertActionsPort } from '../core/alert-actions.ts';
import type { Handover, KeyGuardStore, KeySighting } from '../core/key-guard.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

interface SightingRow {
  agent_id: string;
  container: string;
  key_type: string;
  public_key: string;
  source: KeySighting['source'];
  seen_at: number;
}

interface HandoverRow {
  id: number;
  agent_id: string;
  container: string;
  session_key: string;
  stash: string | null;
  state: Handover['state'];
  rotated_by: string;
  rotated_at: number;
  submitted_by: string | null;
  submitted_at: number | null;
  done_at: number | null;
  chain_state: Handover['chainState'];
  chain_at: number | null;
}

const handoverOf = (r: HandoverRow): Handover => ({
  id: r.id,
  agentId: r.agent_id,
  container: r.container,
  sessionKey: r.session_key,
  stash: r.stash,
  state: r.state,
  rotatedBy: r.rotated_by,
  rotatedAt: r.rotated_at,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  doneAt: r.done_at,
  chainState: r.chain_state,
  chainAt: r.chain_at,
});

const handoverRow = (h: Omit<Handover, 'id'>) => ({
  agent_id: h.agentId,
  container: h.container,
  session_key: h.sessionKey,
  stash: h.stash,
  state: h.state,
  rotated_by: h.rotatedBy,
  rotated_at: h.rotatedAt,
  submitted_by: h.submittedBy,
  submitted_at: h.submittedAt,
  done_at: h.doneAt,
  chain_state: h.chainState,
  chain_at: h.chainAt,
});

export function createKeySafetyRepo(db: Db): KeyGuardStore & AlertActionsPort & { handoverHistory(limit?: number): Handover[] } {
  const sightings = db.prepare('SELECT * FROM key_sightings');
  const put = db.prepare(`
    INSERT INTO key_sightings (agent_id, container, key_type, public_key, source, seen_at)
    VALUES (@agentId, @container, @keyType, @publicKey, @source, @at)
    ON CONFLICT (agent_id, container, key_type) DO UPDATE SET public_key = excluded.public_key, source = excluded.source, seen_at = excluded.seen_at`);
  const drop = db.prepare('DELETE FROM key_sightings WHERE agent_id = ? AND container = ? AND key_type = ?');
  const open = db.prepare("SELECT * FROM key_handovers WHERE state IN ('pending', 'submitted') ORDER BY id");
  const history = db.prepare('SELECT * FROM key_handovers ORDER BY id DESC LIMIT ?');
  const addHandover = db.prepare(`
    INSERT INTO key_handovers (agent_id, container, session_key, stash, state, rotated_by, rotated_at, submitted_by, submitted_at, done_at, chain_state, chain_at)
    VALUES (@agent_id, @container, @session_key, @stash, @state, @rotated_by, @rotated_at, @submitted_by, @submitted_at, @done_at, @chain_state, @chain_at)`);
  const saveHandover = db.prepare(`
    UPDATE key_handovers SET agent_id = @agent_id, container = @container, session_key = @session_key, stash = @stash, state = @state,
      rotated_by = @rotated_by, rotated_at = @rotated_at, submitted_by = @submitted_by, submitted_at = @submitted_at, done_at = @done_at,
      chain_state = @chain_state, chain_at = @chain_at
    WHERE id = @id`);
  const addAction = db.prepare('INSERT INTO alert_actions (kind, label, command, target, params, created_at) VALUES (@kind, @label, @command, @target, @params, @at)');
  const getAction = db.prepare('SELECT * FROM alert_actions WHERE id = ?');

  return {
    sightings: () =>
      (sightings.all() as SightingRow[]).map((r) => ({ agentId: r.agent_id, container: r.container, keyType: r.key_type, publicKey: r.public_key, source: r.source, at: r.seen_at })),
    putSighting: (s) => void put.run(s),
    dropSighting: (agentId, container, keyType) => void drop.run(agentId, container, keyType),
    openHandovers: () => (open.all() as HandoverRow[]).map(handoverOf),
    handoverHistory: (limit = 50) => (history.all(limit) as HandoverRow[]).map(handoverOf),
    addHandover: (h) => Number(addHandover.run(handoverRow(h)).lastInsertRowid),
    saveHandover: (h) => void saveHandover.run({ ...handoverRow(h), id: h.id }),
    addAction: (a, at) => Number(addAction.run({ kind: a.kind, label: a.label, command: a.command ?? null, target: a.target, params: JSON.stringify(a.params), at }).lastInsertRowid),
    action(id) {
      const r = getAction.get(id) as { id: number; kind: AlertAction['kind']; label: string; command: string | null; target: string; params: string } | undefined;
      if (!r) return undefined;
      return { id: r.id, kind: r.kind, label: r.label, command: r.command ?? undefined, target: r.target, params: (fromJsonColumn(r.params) ?? {}) as Record<string, unknown> };
    },
  };
}

export type KeySafetyRepo = ReturnType<typeof createKeySafetyRepo>;
