// Keyset pages for the HTTP API: newest first, `before` the last id a page showed, so a page stays
// correct while rows are added (an offset would shift). Totals only where a count is cheap.
import type { CommandState } from '../core/ports.ts';
import { historySql, PAGE_CONDITIONS, type HistoryRow } from './commands-repo.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';
import type { SessionKeyRecord } from './keys-repo.ts';

export interface PageArgs {
  /** Only rows older than this id (the cursor). */
  before?: number | undefined;
  limit: number;
}

/** A history row as the API pages it: the command and its request's actor, with its rowid as the cursor. */
export interface HistoryPageRow extends Omit<HistoryRow, 'params' | 'target'> {
  seq: number;
  params: unknown;
}

export interface AuditPageRow {
  id: number;
  at: number;
  kind: string;
  requestId: number | null;
  actorId: string | null;
  actorName: string | null;
  via: string | null;
  agentId: string | null;
  command: string | null;
  detail: unknown;
}

const MAX_ID = Number.MAX_SAFE_INTEGER;

export interface HistoryPageFilter extends PageArgs {
  agentId?: string | undefined;
  command?: string | undefined;
  actorId?: string | undefined;
  requestId?: number | undefined;
  /** An outcome, or 'running' for the commands not answered yet (sent or in progress). */
  state?: string | undefined;
  /** Sent at or after (ms). */
  since?: number | undefined;
  /** Sent at or before (ms). */
  until?: number | undefined;
}

type Statement = ReturnType<Db['prepare']>;

const PAGE_COLUMNS = `c.rowid AS seq, c.id, c.request_id, c.agent_id, c.command, c.params, c.state, c.progress, c.sent_at, c.finished_at,
           c.result, c.error, c.truncated, r.actor_id, r.actor_name, r.via`;



/** The agent, command and person filters as conditions (when an index other than theirs leads). */
const FILTER_CONDITIONS = `(@agent IS NULL OR c.agent_id = @agent) AND (@command IS NULL OR c.command = @command) AND (@actor IS NULL OR r.actor_id = @actor)`;

/** Outcomes kept in the partial index commands_unsuccessful (migration 012). */
const UNSUCCESSFUL = new Set(['failed', 'timeout', 'not_connected', 'disconnected', 'interrupted', 'cancelled']);

/**
 * One history page's SQL, chosen by the filter so that an index leads (test/unit/store/query-plans.test.ts):
 * a request by its commands (commands_request_agent); an outcome other than success by commands_unsuccessful,
 * `running` by commands_open;
 * an agent, person or command by the chat's own history walks (commands-repo.ts historySql); nothing
 * selective, by the table read backwards from the cursor. Every other filter is then checked on the rows
 * walked. Exported for the query-plan test.
 */
export function historyPageSql(f: Pick<HistoryPageFilter, 'agentId' | 'command' | 'actorId' | 'requestId' | 'state'>): string {
  if (f.requestId !== undefined) {
    // One request's commands (at most the fleet) are found by the index and sorted: no index orders them by rowid.
    return `SELECT ${PAGE_COLUMNS} FROM commands c INDEXED BY commands_request_agent LEFT JOIN requests r ON r.id = c.request_id
    WHERE c.request_id = @request AND ${PAGE_CONDITIONS} AND ${FILTER_CONDITIONS} ORDER BY c.rowid DESC LIMIT @limit`;
  }
  // A partial index serves a query only when the query repeats the index's own condition word for word.
  if (f.state !== undefined && UNSUCCESSFUL.has(f.state)) {
    return `SELECT ${PAGE_COLUMNS} FROM commands c INDEXED BY commands_unsuccessful LEFT JOIN requests r ON r.id = c.request_id
    WHERE c.state = @state AND c.state NOT IN ('sent', 'progress', 'success') AND ${PAGE_CONDITIONS} AND ${FILTER_CONDITIONS}
    ORDER BY c.rowid DESC LIMIT @limit`;
  }
  if (f.state === 'running') {
    // Few at any time (the open commands), so sorting them costs nothing.
    return `SELECT ${PAGE_COLUMNS} FROM commands c INDEXED BY commands_open LEFT JOIN requests r ON r.id = c.request_id
    WHERE c.state IN ('sent', 'progress') AND ${PAGE_CONDITIONS} AND ${FILTER_CONDITIONS} ORDER BY c.rowid DESC LIMIT @limit`;
  }
  if (f.agentId || f.actorId || f.command) return historySql({ agentId: f.agentId, actorId: f.actorId, command: f.command }, { paged: true });
  return HISTORY_PAGE_SQL;
}

/** The SQL of one history page with nothing selective: the table read backwards from the cursor. */
export const HISTORY_PAGE_SQL = `
    SELECT ${PAGE_COLUMNS} FROM commands c LEFT JOIN requests r ON r.id = c.request_id
    WHERE ${PAGE_CONDITIONS} AND ${FILTER_CONDITIONS} ORDER BY c.rowid DESC LIMIT @limit`;

export function createApiPagesRepo(db: Db) {
  const requestIds = db.prepare(`SELECT id FROM requests WHERE id < @before AND (@state IS NULL OR state = @state) AND purpose IS NULL ORDER BY id DESC LIMIT @limit`).pluck();
  // A handful of shapes (historyPageSql): each prepared once.
  const historyStatements = new Map<string, Statement>();
  const historyStatement = (sql: string): Statement => {
    let stmt = historyStatements.get(sql);
    if (!stmt) historyStatements.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  // commands has no index on sent_at (a broadcast writes thousands of rows at once; one more index on each
  // costs every write), but rowid order is sending order: a time bound becomes a rowid bound found by
  // bisecting the rowids, each probe one primary-key seek. The page's query then walks only that range.
  const rowidAtOrAfter = db.prepare('SELECT rowid AS k, sent_at AS at FROM commands WHERE rowid >= ? ORDER BY rowid LIMIT 1');
  const rowidSpan = db.prepare('SELECT MIN(rowid) AS lo, MAX(rowid) AS hi FROM commands');

  /** The first rowid whose command was sent at or after `at` (one past the newest when none was). */
  function firstRowidSentFrom(at: number): number {
    const span = rowidSpan.get() as { lo: number | null; hi: number | null };
    if (span.lo === null || span.hi === null) return 0;
    let lo = span.lo;
    let hi = span.hi + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = rowidAtOrAfter.get(mid) as { k: number; at: number } | undefined;
      if (row === undefined || row.at >= at) hi = mid;
      else lo = row.k + 1;
    }
    return lo;
  }
  const audit = db.prepare(`
    SELECT id, at, kind, request_id, actor_id, actor_name, via, agent_id, command, detail FROM audit
    WHERE id < @before AND (@kind IS NULL OR kind = @kind) AND (@actor IS NULL OR actor_id = @actor)
      AND (@command IS NULL OR command = @command) AND (@request IS NULL OR request_id = @request)
    ORDER BY id DESC LIMIT @limit`);
  const keys = db.prepare(`
    SELECT id, agent_id, container, session_key, action, command_id, solicited, received_at FROM session_keys
    WHERE id < @before AND (@agent IS NULL OR agent_id = @agent) ORDER BY id DESC LIMIT @limit`);
  const agentCount = db.prepare('SELECT COUNT(*) FROM agents').pluck();
  const votes = db.prepare("SELECT COUNT(*) FROM approval_votes WHERE request_id = ? AND decision = 'approve'").pluck();

  return {
    /** Request ids (not standing authorizations), newest first. */
    requestIds(f: PageArgs & { state?: string | undefined }): number[] {
      return requestIds.all({ before: f.before ?? MAX_ID, state: f.state ?? null, limit: f.limit }) as number[];
    },
    approvals: (requestId: number) => Number(votes.get(requestId)),
    /** Every agent ever seen (for the agents gauge). */
    agentCount: () => Number(agentCount.get()),
    keys(f: PageArgs & { agentId?: string | undefined }): SessionKeyRecord[] {
      const rows = keys.all({ before: f.before ?? MAX_ID, agent: f.agentId ?? null, limit: f.limit }) as Array<Record<string, unknown>>;
      return rows.map((r) => ({
        id: r.id as number,
        agentId: r.agent_id as string,
        container: r.container as string,
        sessionKey: r.session_key as string,
        action: r.action as string | null,
        commandId: r.command_id as string | null,
        solicited: r.solicited === 1,
        receivedAt: r.received_at as number,
      }));
    },
    history(f: HistoryPageFilter): HistoryPageRow[] {
      const first = f.since === undefined ? 0 : firstRowidSentFrom(f.since);
      const last = f.until === undefined ? MAX_ID : firstRowidSentFrom(f.until + 1);
      const sql = historyPageSql(f);
      const page = { before: Math.min(f.before ?? MAX_ID, last), first, request: f.requestId ?? null, state: f.state ?? null, since: f.since ?? null, until: f.until ?? null, limit: f.limit };
      // Every shape takes these three (null when not asked); a shape that names fewer ignores the rest.
      const filters = { agent: f.agentId ?? null, command: f.command ?? null, actor: f.actorId ?? null };
      const rows = historyStatement(sql).all({ ...page, ...filters }) as Array<Record<string, unknown>>;
      return rows.map((r) => ({
        seq: r.seq as number,
        id: r.id as string,
        requestId: r.request_id as number | null,
        agentId: r.agent_id as string,
        command: r.command as string,
        params: fromJsonColumn(r.params as string) ?? {},
        state: r.state as CommandState,
        progress: r.progress as string | null,
        sentAt: r.sent_at as number,
        finishedAt: r.finished_at as number | null,
        result: fromJsonColumn(r.result as string | null),
        error: r.error as string | null,
        truncated: r.truncated === 1,
        actorId: r.actor_id as string | null,
        actorName: r.actor_name as string | null,
        via: r.via as string | null,
      }));
    },
    audit(f: PageArgs & { kind?: string | undefined; actorId?: string | undefined; command?: string | undefined; requestId?: number | undefined }): AuditPageRow[] {
      const rows = audit.all({
        before: f.before ?? MAX_ID,
        kind: f.kind ?? null,
        actor: f.actorId ?? null,
        command: f.command ?? null,
        request: f.requestId ?? null,
        limit: f.limit,
      }) as Array<Record<string, unknown>>;
      return rows.map((r) => ({
        id: r.id as number,
        at: r.at as number,
        kind: r.kind as string,
        requestId: r.request_id as number | null,
        actorId: r.actor_id as string | null,
        actorName: r.actor_name as string | null,
        via: r.via as string | null,
        agentId: r.agent_id as string | null,
        command: r.command as string | null,
        detail: fromJsonColumn(r.detail as string | null),
      }));
    },
  };
}

export type ApiPagesRepo = ReturnType<typeof createApiPagesRepo>;
