// Security and policy events (refused agents, refusals, decisions), next to the command trail.
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

export interface AuditEvent {
  at: number;
  kind: string;
  requestId?: number | null | undefined;
  actorId?: string | null | undefined;
  actorName?: string | null | undefined;
  via?: string | null | undefined;
  agentId?: string | null | undefined;
  command?: string | null | undefined;
  detail?: unknown;
}

export interface AuditRecord extends AuditEvent {
  id: number;
}

export interface AuditFilter {
  agentId?: string | undefined;
  actorId?: string | undefined;
  command?: string | undefined;
  requestId?: number | undefined;
  kind?: string | undefined;
  limit?: number | undefined;
}

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
      const where: string[] = [];
      const args: Record<string, unknown> = { limit: Math.min(Math.max(f.limit ?? 50, 1), 1000) };
      if (f.agentId !== undefined) {
        // Request events name their agents through the request; agent events name the agent directly.
        where.push('(agent_id = @agent OR request_id IN (SELECT r.id FROM requests r, json_each(r.agents) j WHERE j.value = @agent))');
        args.agent = f.agentId;
      }
      if (f.actorId !== undefined) {
        where.push('(actor_id = @actor OR actor_name = @actor COLLATE NOCASE)');
        args.actor = f.actorId;
      }
      for (const [column, key, value] of [
        ['command', 'command', f.command],
        ['request_id', 'request', f.requestId],
        ['kind', 'kind', f.kind],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = @${key}`);
        args[key] = value;
      }
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
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
