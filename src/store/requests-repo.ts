// Requests (who asked for what, via what, and what became of it) and the approval votes on them.
import type { Risk } from '../core/catalog.ts';
import type { Via } from '../core/ports.ts';
import type { NewRequest, RequestRecord, RequestState, Vote } from '../core/records.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';
import { isMessage, msg, type Message } from '../i18n/message.ts';

// The records live in the core (it speaks in them); re-exported for the store's other users.
export type { NewRequest, RequestRecord, RequestState, Vote };

interface Row {
  id: number;
  command: string;
  target: string;
  agents: string;
  params: string;
  risk: Risk;
  digest: string;
  actor_id: string;
  actor_name: string;
  via: Via;
  state: RequestState;
  reason: string | null;
  approvals_needed: number;
  expires_at: number | null;
  origin: string | null;
  purpose: string | null;
  warning: string | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (r: Row): RequestRecord => ({
  id: r.id,
  command: r.command,
  target: r.target,
  agents: (fromJsonColumn(r.agents) as string[] | undefined) ?? [],
  params: (fromJsonColumn(r.params) ?? {}) as Record<string, unknown>,
  risk: r.risk,
  digest: r.digest,
  actorId: r.actor_id,
  actorName: r.actor_name,
  via: r.via,
  state: r.state,
  reason: r.reason,
  approvalsNeeded: r.approvals_needed,
  expiresAt: r.expires_at,
  origin: fromJsonColumn(r.origin),
  purpose: r.purpose,
  warning: warningFromColumn(r.warning),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createRequestsRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO requests (command, target, agents, params, risk, digest, actor_id, actor_name, via, state, reason,
                          approvals_needed, expires_at, origin, purpose, warning, created_at, updated_at)
    VALUES (@command, @target, @agents, @params, @risk, @digest, @actor_id, @actor_name, @via, @state, @reason,
            @approvals_needed, @expires_at, @origin, @purpose, @warning, @at, @at)`);
  const named = db.prepare('INSERT OR IGNORE INTO request_agents (agent_id, request_id) VALUES (?, ?)');
  const get = db.prepare('SELECT * FROM requests WHERE id = ?');
  // The state test makes every transition a compare-and-set: two clicks cannot both move a request.
  const transition = db.prepare('UPDATE requests SET state = @to, updated_at = @at WHERE id = @id AND state = @from');
  const setOrigin = db.prepare('UPDATE requests SET origin = @origin WHERE id = @id');
  const latestWithPurpose = db.prepare('SELECT * FROM requests WHERE purpose = ? ORDER BY id DESC LIMIT 1');
  const setReason = db.prepare('UPDATE requests SET reason = @reason WHERE id = @id AND reason IS NULL');
  const due = db.prepare(
    "SELECT * FROM requests WHERE state IN ('awaiting_confirmation', 'awaiting_approval') AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY id",
  );
  const waiting = db.prepare("SELECT * FROM requests WHERE state IN ('awaiting_confirmation', 'awaiting_approval') ORDER BY id");
  const vote = db.prepare(
    'INSERT INTO approval_votes (request_id, actor_id, actor_name, decision, at) VALUES (@requestId, @actorId, @actorName, @decision, @at)',
  );
  const votes = db.prepare('SELECT request_id AS requestId, actor_id AS actorId, actor_name AS actorName, decision, at FROM approval_votes WHERE request_id = ? ORDER BY at');

  // One transaction: the request and the agents it named are stored together.
  const addTx = db.transaction((r: NewRequest): number => {
    const id = Number(
      insert.run({
        command: r.command,
        target: r.target,
        agents: JSON.stringify(r.agents),
        params: JSON.stringify(r.params),
        risk: r.risk,
        digest: r.digest,
        actor_id: r.actorId,
        actor_name: r.actorName,
        via: r.via,
        state: r.state,
        reason: r.reason ?? null,
        approvals_needed: r.approvalsNeeded ?? 0,
        expires_at: r.expiresAt ?? null,
        origin: r.origin === undefined ? null : JSON.stringify(r.origin),
        purpose: r.purpose ?? null,
        warning: r.warning ? JSON.stringify(r.warning) : null,
        at: r.at,
      }).lastInsertRowid,
    );
    // The audit by agent finds a request here. `all` names every connected agent: one row stands for them.
    const target = r.target.trim().toLowerCase();
    if (target === 'all' || target === '*') named.run('*', id);
    else for (const agent of r.agents) named.run(agent, id);
    return id;
  });

  return {
    add(r: NewRequest): number {
      return addTx(r);
    },
    get(id: number): RequestRecord | undefined {
      const row = get.get(id) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    /** True when the request was in `from` and is now in `to`. */
    transition(id: number, from: RequestState, to: RequestState, at: number): boolean {
      return transition.run({ id, from, to, at }).changes === 1;
    },
    setReason(id: number, reason: string): boolean {
      return setReason.run({ id, reason }).changes === 1;
    },
    /** The newest request (any state) made for this purpose, such as the renewal of a schedule's approval. */
    latestWithPurpose(purpose: string): RequestRecord | undefined {
      const row = latestWithPurpose.get(purpose) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    setOrigin(id: number, origin: unknown): void {
      setOrigin.run({ id, origin: JSON.stringify(origin) });
    },
    due(now: number): RequestRecord[] {
      return (due.all(now) as Row[]).map(toRecord);
    },
    waiting(): RequestRecord[] {
      return (waiting.all() as Row[]).map(toRecord);
    },
    addVote(v: Vote): boolean {
      try {
        vote.run(v);
        return true;
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
        throw err;
      }
    },
    votes(requestId: number): Vote[] {
      return votes.all(requestId) as Vote[];
    },
  };
}

export type RequestsRepo = ReturnType<typeof createRequestsRepo>;

/**
 * The approvers' warning: a JSON list of Messages (key and values, so each approver reads it in their
 * language). Rows written before that hold English text, shown as it was written.
 */
function warningFromColumn(raw: string | null): readonly Message[] | null {
  if (raw === null || raw === '') return null;
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed) && parsed.every(isMessage)) return parsed;
    } catch {
      // Not ours: shown as text below.
    }
  }
  return [msg('common.verbatim', { text: raw })];
}

