// Security and policy events (refused agents, refusals, decisions), next to the command trail.
import type { AuditEvent, AuditFilter, AuditRecord } from '../core/records.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

// The records live in the core (it speaks in them); re-exported for the store's other users.
export type { AuditEvent, AuditFilter, AuditRecord };

interface Row {
  id: number;
  at: number;
  kind: string;
  request_id: number | null;
  actor_id: string | null;
  actor_name: string | null;
  via: string | null;
  agent_id: string | null;
  command: string | null;
  detail: string | null;
}

/**
 * The audit query for a filter, served by an index however long the trail (checked with EXPLAIN QUERY
 * PLAN in test/unit/store/query-plans.test.ts). By agent: the rows naming the agent, and the rows of the
 * requests that named it (request_agents; a request to `all` is listed under '*'), each walk newest
 * first; by person: by id and by name, two walks. Values are always bound.
 */
export function auditSql(f: AuditFilter): string {
  const other: string[] = [];
  if (f.command !== undefined) other.push('a.command = @command');
  if (f.requestId !== undefined) other.push('a.request_id = @request');
  if (f.kind !== undefined) other.push('a.kind = @kind');
  const people = f.actorId !== undefined ? ['a.actor_id = @actor', 'a.actor_name = @actor COLLATE NOCASE'] : [undefined];
  const branches: string[] = [];
  const and = (conds: Array<string | undefined>) => conds.filter((c): c is string => c !== undefined).join(' AND ');
  for (const person of people) {
    if (f.agentId === undefined) {
      const where = and([person, ...other]);
      branches.push(`SELECT * FROM (SELECT a.* FROM audit a ${where ? `WHERE ${where}` : 'WHERE a.id <= (SELECT MAX(id) FROM audit)'} ORDER BY a.id DESC LIMIT @limit)`);
      continue;
    }
    branches.push(`SELECT * FROM (SELECT a.* FROM audit a INDEXED BY audit_agent WHERE ${and(['a.agent_id = @agent', person, ...other])} ORDER BY a.id DESC LIMIT @limit)`);
    for (const named of ['@agent', "'*'"]) {
      branches.push(`SELECT * FROM (SELECT a.* FROM request_agents ra CROSS JOIN audit a INDEXED BY audit_request
        WHERE ${and([`ra.agent_id = ${named}`, 'a.request_id = ra.request_id', person, ...other])} ORDER BY ra.request_id DESC, a.id DESC LIMIT @limit)`);
    }
  }
  if (branches.length === 1) return branches[0]!;
  // UNION drops a row found twice (an agent event of a request that named the agent; id and name alike).
  return `${branches.join(' UNION ')} ORDER BY id DESC LIMIT @limit`;
}

export function createAuditRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO audit (at, kind, request_id, actor_id, actor_name, via, agent_id, command, detail)
    VALUES (@at, @kind, @request_id, @actor_id, @actor_name, @via, @agent_id, @command, @detail)`);
  const statements = new Map<string, ReturnType<Db['prepare']>>();

  return {
    add(e: AuditEvent): number {
      return Number(
        insert.run({
          at: e.at,
          kind: e.kind,
          request_id: e.requestId ?? null,
          actor_id: e.actorId ?? null,
          actor_name: e.actorName ?? null,
          via: e.via ?? null,
          agent_id: e.agentId ?? null,
          command: e.command ?? null,
          detail: e.detail === undefined ? null : JSON.stringify(e.detail),
        }).lastInsertRowid,
      );
    },
    list(f: AuditFilter = {}): AuditRecord[] {
      const args: Record<string, unknown> = { limit: Math.min(Math.max(f.limit ?? 50, 1), 1000) };
      if (f.agentId !== undefined) args.agent = f.agentId;
      if (f.actorId !== undefined) args.actor = f.actorId;
      if (f.command !== undefined) args.command = f.command;
      if (f.requestId !== undefined) args.request = f.requestId;
      if (f.kind !== undefined) args.kind = f.kind;
      const sql = auditSql(f);
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        statements.set(sql, stmt);
      }
      return (stmt.all(args) as Row[]).map((r) => ({
        id: r.id,
        at: r.at,
        kind: r.kind,
        requestId: r.request_id,
        actorId: r.actor_id,
        actorName: r.actor_name,
        via: r.via,
        agentId: r.agent_id,
        command: r.command,
        detail: fromJsonColumn(r.detail),
      }));
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
