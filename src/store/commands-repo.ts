// The commands sent to each agent, tied to the request that caused them, and every state each one went
// through: with requests-repo, the command audit trail.
import type { CommandState } from '../core/ports.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

export interface NewCommand {
  id: string;
  requestId: number | null;
  agentId: string;
  command: string;
  params: Record<string, unknown>;
  state: 'sent' | 'not_connected';
  at: number;
  error?: string;
}

export interface CommandRecord {
  id: string;
  requestId: number | null;
  agentId: string;
  command: string;
  params: Record<string, unknown>;
  state: CommandState;
  progress: string | null;
  sentAt: number;
  finishedAt: number | null;
  result: unknown;
  error: string | null;
  truncated: boolean;
}

export interface CommandChange {
  id: string;
  state: CommandState;
  at: number;
  final: boolean;
  progress?: string | undefined;
  resultJson?: string | null | undefined;
  truncated?: boolean | undefined;
  error?: string | undefined;
}

export interface CommandEvent {
  state: string;
  at: number;
  detail: string | null;
}

export interface HistoryRow extends CommandRecord {
  actorId: string | null;
  actorName: string | null;
  via: string | null;
  target: string | null;
}

export interface HistoryFilter {
  agentId?: string | undefined;
  actorId?: string | undefined;
  command?: string | undefined;
  limit?: number | undefined;
}

interface CommandRow {
  id: string;
  request_id: number | null;
  agent_id: string;
  command: string;
  params: string;
  state: CommandState;
  progress: string | null;
  sent_at: number;
  finished_at: number | null;
  result: string | null;
  error: string | null;
  truncated: number;
  actor_id?: string | null;
  actor_name?: string | null;
  via?: string | null;
  target?: string | null;
}

function toCommand(row: CommandRow): CommandRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    agentId: row.agent_id,
    command: row.command,
    params: (fromJsonColumn(row.params) ?? {}) as Record<string, unknown>,
    state: row.state,
    progress: row.progress,
    sentAt: row.sent_at,
    finishedAt: row.finished_at,
    result: fromJsonColumn(row.result),
    error: row.error,
    truncated: row.truncated === 1,
  };
}

// Rows go in by the group: one statement for 64 rows costs little more than one for a single row, and
// a broadcast to 10,000 agents writes 10,000 rows when it starts and 10,000 outcomes as they come back.
const GROUP = 64;
type Statement = ReturnType<Db['prepare']>;
const INSERT_COLUMNS = '(id, request_id, agent_id, command, params, state, sent_at, finished_at, error)';
const insertSql = (n: number) => `INSERT INTO commands ${INSERT_COLUMNS} VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
const finishSql = (n: number) => `
  WITH v (id, state, at, result, error, truncated) AS (VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?)').join(', ')})
  UPDATE commands SET state = v.state, finished_at = v.at, result = v.result, error = v.error, truncated = v.truncated
  FROM v WHERE commands.id = v.id`;

/**
 * Every history query is served by an index, however long the history (test/unit/store/query-plans.test.ts
 * checks each shape with EXPLAIN QUERY PLAN):
 * - no filter: the table read backwards from its newest row (rowid order is sending order);
 * - an agent alone: the requests that named it (request_agents; `all` is one row '*'), newest first, each
 *   one's command looked up by (request_id, agent_id): no index keyed by agent on commands, which a
 *   broadcast would write at one place per agent;
 * - a person or a command (with or without an agent): their requests from the newest (requests_actor*,
 *   requests_command), each one's commands looked up by (request_id, agent_id).
 * Commands sent without a request (by the hub directly) have no requester, so they can match an agent
 * or command filter but never a person. Rows come newest-sent first (rowid order) in every case.
 * `paged`: the API's page (PAGE_CONDITIONS) is also checked on each row walked.
 */
/**
 * The API's page conditions on a command row: its cursor, time range, request and outcome (all bound,
 * null when not asked). Used by historySql({ paged: true }) and api-pages-repo.ts.
 */
export const PAGE_CONDITIONS = `c.rowid < @before AND c.rowid >= @first AND (@request IS NULL OR c.request_id = @request)
      AND (@state IS NULL OR c.state = @state OR (@state = 'running' AND c.state IN ('sent', 'progress')))
      AND (@since IS NULL OR c.sent_at >= @since) AND (@until IS NULL OR c.sent_at <= @until)`;

export function historySql(f: HistoryFilter, opts: { paged?: boolean } = {}): string {
  const columns = 'c.rowid AS seq, c.*, r.actor_id, r.actor_name, r.via, r.target';
  const bare = 'c.rowid AS seq, c.*, NULL AS actor_id, NULL AS actor_name, NULL AS via, NULL AS target';
  if (!f.agentId && !f.actorId && !f.command) {
    return `SELECT ${columns} FROM commands c LEFT JOIN requests r ON r.id = c.request_id
      WHERE c.rowid <= (SELECT MAX(rowid) FROM commands)${opts.paged ? ` AND ${PAGE_CONDITIONS}` : ''} ORDER BY c.rowid DESC LIMIT @limit`;
  }
  const direct = ['c.request_id IS NULL'];
  if (f.agentId) direct.push('c.agent_id = @agent');
  if (f.command) direct.push('c.command = @command');
  if (opts.paged) direct.push(`${PAGE_CONDITIONS}`);
  const withoutRequest = `SELECT * FROM (SELECT ${bare} FROM commands c WHERE ${direct.join(' AND ')} ORDER BY c.rowid DESC LIMIT @limit)`;
  const branches: string[] = [];
  if (!f.actorId && !f.command) {
    // An agent alone: the requests that named it, and those to `all`, newest first.
    for (const named of ['@agent', "'*'"]) {
      branches.push(`SELECT * FROM (SELECT ${columns} FROM request_agents ra CROSS JOIN commands c INDEXED BY commands_request_agent CROSS JOIN requests r
        WHERE ra.agent_id = ${named} AND c.request_id = ra.request_id AND c.agent_id = @agent AND r.id = ra.request_id${opts.paged ? ` AND ${PAGE_CONDITIONS}` : ''} ORDER BY ra.request_id DESC LIMIT @limit)`);
    }
  } else {
    // A person is named by id (Discord, console:user) or by the name shown in the trail: two walks.
    const people = f.actorId ? ['r.actor_id = @actor', 'r.actor_name = @actor COLLATE NOCASE'] : [undefined];
    for (const person of people) {
      // person is one of the two literal fragments above.
      const where = person === undefined ? ['c.request_id = r.id'] : ['c.request_id = r.id', person];
      if (f.command) where.push('r.command = @command');
      if (f.agentId) where.push('c.agent_id = @agent');
      if (opts.paged) where.push(`${PAGE_CONDITIONS}`);
      // CROSS JOIN keeps requests the outer loop: SQLite would otherwise be free to scan commands. Within
      // one request the commands were sent together, in agent order.
      branches.push(`SELECT * FROM (SELECT ${columns} FROM requests r CROSS JOIN commands c INDEXED BY commands_request_agent
        WHERE ${where.join(' AND ')} ORDER BY r.id DESC, c.agent_id DESC LIMIT @limit)`);
    }
  }
  if (!f.actorId) branches.push(withoutRequest);
  // UNION, not UNION ALL: a request whose requester's id is also their name is found by both walks.
  return `${branches.join(f.actorId ? ' UNION ' : ' UNION ALL ')} ORDER BY seq DESC LIMIT @limit`;
}

export function createCommandsRepo(db: Db) {
  const insertOne = db.prepare(insertSql(1));
  const insertGroup = db.prepare(insertSql(GROUP));
  const finishOne = db.prepare(finishSql(1));
  const finishGroup = db.prepare(finishSql(GROUP));
  let finishing: CommandChange[] = [];
  const insertEvent = db.prepare('INSERT INTO command_events (command_id, state, at, detail) VALUES (?, ?, ?, ?)');
  const progress = db.prepare("UPDATE commands SET state = 'progress', progress = @progress WHERE id = @id");
  const getCommand = db.prepare('SELECT * FROM commands WHERE id = ?');
  // Ids are cmd_<13-digit ms>_<digits>: text order is time order, and the primary key index answers.
  const newestId = db.prepare("SELECT id FROM commands WHERE id GLOB 'cmd_[0-9]*' ORDER BY id DESC LIMIT 1").pluck();
  const byRequest = db.prepare('SELECT * FROM commands WHERE request_id = ? ORDER BY agent_id');
  const oldest = db.prepare('SELECT sent_at FROM commands ORDER BY rowid LIMIT 1').pluck();
  const open = db.prepare("SELECT * FROM commands WHERE state IN ('sent', 'progress')");
  const events = db.prepare('SELECT state, at, detail FROM command_events WHERE command_id = ? ORDER BY id');

  const historyStatements = new Map<string, Statement>();

  function historyStatement(f: HistoryFilter): Statement {
    const sql = historySql(f);
    // The filter shape is fixed by the code above; values are always bound.
    let stmt = historyStatements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      historyStatements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Runs `one` or `group` over `count` rows, GROUP rows per statement; `fill` writes row `i`'s values
   * into `into` from `at`. The values go straight into the statement's arguments, with no array per row.
   */
  function grouped(count: number, width: number, fill: (i: number, into: unknown[], at: number) => void, one: Statement, group: Statement): void {
    const args = new Array<unknown>(GROUP * width);
    let i = 0;
    for (; i + GROUP <= count; i += GROUP) {
      for (let k = 0; k < GROUP; k++) fill(i + k, args, k * width);
      group.run(args);
    }
    const single = new Array<unknown>(width);
    for (; i < count; i++) {
      fill(i, single, 0);
      one.run(single);
    }
  }

  const insertCommands = db.transaction((rows: readonly NewCommand[]) => {
    // A request's commands share one params object: serialized once.
    let lastParams: unknown;
    let lastJson = '';
    grouped(
      rows.length,
      9,
      (i, into, at) => {
        const c = rows[i]!;
        if (c.params !== lastParams) {
          lastParams = c.params;
          lastJson = JSON.stringify(c.params);
        }
        into[at] = c.id;
        into[at + 1] = c.requestId;
        into[at + 2] = c.agentId;
        into[at + 3] = c.command;
        into[at + 4] = lastJson;
        into[at + 5] = c.state;
        into[at + 6] = c.at;
        into[at + 7] = c.state === 'not_connected' ? c.at : null;
        into[at + 8] = c.error ?? null;
      },
      insertOne,
      insertGroup,
    );
  });

  const markInterrupted = db.transaction((at: number) => {
    const rows = (open.all() as CommandRow[]).map(toCommand);
    for (const c of rows) {
      const error = 'mserver stopped while the command was running';
      finishOne.run([c.id, 'interrupted', at, null, error, 0]);
    }
    return rows.map((c) => ({ ...c, state: 'interrupted' as const, finishedAt: at, error: 'mserver stopped while the command was running' }));
  });

  return {
    /** All in one transaction: the rows exist before any frame leaves. */
    insertCommands(rows: readonly NewCommand[]): void {
      insertCommands(rows);
    },
    /** The millisecond of the newest stored command id, so new ids never reuse one. */
    newestIdMs(): number {
      const id = newestId.get() as string | undefined;
      const ms = id ? Number(id.split('_')[1]) : 0;
      return Number.isFinite(ms) ? ms : 0;
    },
    /**
     * A final state, written with others of the same batch by flushFinished(): the write queue calls
     * that before it commits, so the outcome is stored in the same transaction as if written now.
     */
    finishLater(c: CommandChange): void {
      finishing.push(c);
    },
    flushFinished(): void {
      if (finishing.length === 0) return;
      const rows = finishing;
      finishing = [];
      grouped(
        rows.length,
        6,
        (i, into, at) => {
          const c = rows[i]!;
          into[at] = c.id;
          into[at + 1] = c.state;
          into[at + 2] = c.at;
          into[at + 3] = c.resultJson ?? null;
          into[at + 4] = c.error ?? null;
          into[at + 5] = c.truncated ? 1 : 0;
        },
        finishOne,
        finishGroup,
      );
    },
    /** One state change, now; meant to run inside a transaction. */
    applyChange(c: CommandChange): void {
      if (c.final) {
        finishOne.run([c.id, c.state, c.at, c.resultJson ?? null, c.error ?? null, c.truncated ? 1 : 0]);
      } else {
        progress.run({ id: c.id, progress: c.progress ?? null });
        insertEvent.run(c.id, c.state, c.at, c.progress ?? null);
      }
    },
    addEvent(commandId: string, state: string, at: number, detail: string | null): void {
      insertEvent.run(commandId, state, at, detail);
    },
    get(id: string): CommandRecord | undefined {
      const row = getCommand.get(id) as CommandRow | undefined;
      return row ? toCommand(row) : undefined;
    },
    byRequest(requestId: number): CommandRecord[] {
      return (byRequest.all(requestId) as CommandRow[]).map(toCommand);
    },
    /**
     * Every state the command went through, in time order. The first and the final state live in the
     * command's own row (sent_at, finished_at): only the states in between (progress) and what came
     * after the end (late answers) have rows of their own, which halves the writes of a broadcast.
     */
    events(commandId: string): CommandEvent[] {
      const row = getCommand.get(commandId) as CommandRow | undefined;
      if (!row) return [];
      const initial = row.state === 'not_connected' ? 'not_connected' : 'sent';
      const ranked: Array<CommandEvent & { rank: number }> = [{ state: initial, at: row.sent_at, detail: initial === 'not_connected' ? row.error : null, rank: 0 }];
      for (const e of events.all(commandId) as CommandEvent[]) ranked.push({ ...e, rank: e.state === 'late_response' ? 3 : 1 });
      if (row.finished_at !== null && row.state !== 'not_connected') ranked.push({ state: row.state, at: row.finished_at, detail: row.error, rank: 2 });
      return ranked.sort((a, b) => a.at - b.at || a.rank - b.rank).map(({ state, at, detail }) => ({ state, at, detail }));
    },
    /** When the oldest stored command was sent (rowid order is sending order): how far the history reaches. */
    oldestSentAt(): number | undefined {
      return (oldest.get() as number | undefined) ?? undefined;
    },
    /** At start-up: whatever was still running when mserver stopped. */
    markInterrupted(at: number): CommandRecord[] {
      return markInterrupted(at);
    },
    history(f: HistoryFilter = {}): HistoryRow[] {
      const limit = Math.min(Math.max(f.limit ?? 20, 1), 1000);
      const stmt = historyStatement(f);
      const args: Record<string, unknown> = { limit };
      if (f.agentId) args.agent = f.agentId;
      if (f.actorId) args.actor = f.actorId;
      if (f.command) args.command = f.command;
      return (stmt.all(args) as CommandRow[]).map((row) => ({
        ...toCommand(row),
        actorId: row.actor_id ?? null,
        actorName: row.actor_name ?? null,
        via: row.via ?? null,
        target: row.target ?? null,
      }));
    },
  };
}

export type CommandsRepo = ReturnType<typeof createCommandsRepo>;
