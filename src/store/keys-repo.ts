// Session keys reported by agents. Rows are only ever added: the history of rotations is the point.
import type { Db } from './database.ts';

export interface SessionKeyRecord {
  id: number;
  agentId: string;
  container: string;
  sessionKey: string;
  action: string | null;
  commandId: string | null;
  solicited: boolean;
  receivedAt: number;
}

interface Row {
  id: number;
  agent_id: string;
  container: string;
  session_key: string;
  action: string | null;
  command_id: string | null;
  solicited: number;
  received_at: number;
}

const toRecord = (r: Row): SessionKeyRecord => ({
  id: r.id,
  agentId: r.agent_id,
  container: r.container,
  sessionKey: r.session_key,
  action: r.action,
  commandId: r.command_id,
  solicited: r.solicited === 1,
  receivedAt: r.received_at,
});

export function createKeysRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO session_keys (agent_id, container, session_key, action, command_id, solicited, received_at)
    VALUES (@agent_id, @container, @session_key, @action, @command_id, @solicited, @received_at)`);
  const all = db.prepare('SELECT * FROM session_keys ORDER BY received_at DESC, id DESC LIMIT ?');
  const forAgent = db.prepare('SELECT * FROM session_keys WHERE agent_id = ? ORDER BY received_at DESC, id DESC LIMIT ?');

  return {
    add(k: Omit<SessionKeyRecord, 'id'>): number {
      const info = insert.run({
        agent_id: k.agentId,
        container: k.container,
        session_key: k.sessionKey,
        action: k.action,
        command_id: k.commandId,
        solicited: k.solicited ? 1 : 0,
        received_at: k.receivedAt,
      });
      return Number(info.lastInsertRowid);
    },
    /** Newest first. */
    list(agentId?: string, limit = 50): SessionKeyRecord[] {
      const rows = (agentId ? forAgent.all(agentId, limit) : all.all(limit)) as Row[];
      return rows.map(toRecord);
    },
  };
}

export type KeysRepo = ReturnType<typeof createKeysRepo>;
