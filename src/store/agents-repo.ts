import type { AgentRecord, AgentSeen } from '../core/records.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

// The records live in the core (it speaks in them); re-exported for the store's other users.
export type { AgentRecord, AgentSeen };

interface AgentRow {
  id: string;
  host_name: string | null;
  version: string | null;
  containers: string | null;
  address: string | null;
  first_seen: number;
  last_seen: number;
  connected: number;
  connected_at: number | null;
  disconnected_at: number | null;
  last_summary: string | null;
  last_summary_at: number | null;
}

function toRecord(row: AgentRow): AgentRecord {
  const containers = fromJsonColumn(row.containers);
  return {
    id: row.id,
    hostName: row.host_name,
    version: row.version,
    containers: Array.isArray(containers) ? containers.filter((c): c is string => typeof c === 'string') : [],
    address: row.address,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    connected: row.connected === 1,
    connectedAt: row.connected_at,
    disconnectedAt: row.disconnected_at,
    lastSummary: fromJsonColumn(row.last_summary),
    lastSummaryAt: row.last_summary_at,
  };
}


export function createAgentsRepo(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO agents (id, host_name, version, containers, address, first_seen, last_seen, connected, connected_at)
    VALUES (@id, @host_name, @version, @containers, @address, @at, @at, 1, @at)
    ON CONFLICT (id) DO UPDATE SET
      host_name = COALESCE(excluded.host_name, agents.host_name),
      version = COALESCE(excluded.version, agents.version),
      containers = COALESCE(excluded.containers, agents.containers),
      address = excluded.address,
      last_seen = excluded.last_seen,
      connected = 1,
      connected_at = excluded.connected_at,
      forgotten_at = NULL`);
  const update = db.prepare(`
    UPDATE agents SET
      host_name = COALESCE(@host_name, host_name),
      version = COALESCE(@version, version),
      containers = COALESCE(@containers, containers),
      last_seen = MAX(last_seen, @at)
    WHERE id = @id`);
  const disconnected = db.prepare(
    'UPDATE agents SET connected = 0, disconnected_at = @at, last_seen = MAX(last_seen, @at) WHERE id = @id',
  );
  const allDisconnected = db.prepare('UPDATE agents SET connected = 0, disconnected_at = @at WHERE connected = 1');
  const summary = db.prepare(
    'UPDATE agents SET last_summary = @summary, last_summary_at = @at, last_seen = MAX(last_seen, @at) WHERE id = @id',
  );
  const message = db.prepare(`
    INSERT INTO agent_messages (agent_id, type, at, body) VALUES (@agent_id, @type, @at, @body)
    ON CONFLICT (agent_id, type) DO UPDATE SET at = excluded.at, body = excluded.body, count = agent_messages.count + 1`);
  const all = db.prepare('SELECT * FROM agents WHERE forgotten_at IS NULL ORDER BY id');
  const names = db.prepare('SELECT id, host_name, containers FROM agents WHERE forgotten_at IS NULL');
  const one = db.prepare('SELECT * FROM agents WHERE id = ? AND forgotten_at IS NULL');
  const byHost = db.prepare('SELECT * FROM agents WHERE host_name = ? AND forgotten_at IS NULL ORDER BY last_seen DESC');
  const forget = db.prepare('UPDATE agents SET forgotten_at = @at, connected = 0 WHERE id = @id');
  const messages = db.prepare('SELECT type, at, body, count FROM agent_messages WHERE agent_id = ? ORDER BY type');

  const fields = (a: Partial<AgentSeen>) => ({
    host_name: a.hostName ?? null,
    version: a.version ?? null,
    containers: a.containers ? JSON.stringify(a.containers) : null,
  });

  return {
    connected(a: AgentSeen): void {
      upsert.run({ id: a.id, address: a.address, at: a.at, ...fields(a) });
    },
    /** Identity details that arrive after the connection (register, summary). */
    update(a: Omit<AgentSeen, 'address'>): void {
      update.run({ id: a.id, at: a.at, ...fields(a) });
    },
    /** A decommissioned host leaves the lists, `all` and the offline alerts; its history stays. */
    forget(id: string, at: number): boolean {
      return forget.run({ id, at }).changes > 0;
    },
    disconnected(id: string, at: number): void {
      disconnected.run({ id, at });
    },
    /** At start-up nobody is connected, whatever the file says after a crash. */
    resetConnections(at: number): number {
      return allDisconnected.run({ at }).changes;
    },
    saveSummary(id: string, summaryJson: string, at: number): void {
      summary.run({ id, summary: summaryJson, at });
    },
    recordMessage(agentId: string, type: string, body: string, at: number): void {
      message.run({ agent_id: agentId, type, at, body });
    },
    messages(agentId: string): Array<{ type: string; at: number; body: string; count: number }> {
      return messages.all(agentId) as Array<{ type: string; at: number; body: string; count: number }>;
    },
    /** Ids, host names and containers only: cheap enough to refresh an in-memory index. */
    names(): Array<{ id: string; hostName: string | null; containers: string[] }> {
      return (names.all() as Array<{ id: string; host_name: string | null; containers: string | null }>).map((r) => {
        const c = fromJsonColumn(r.containers);
        return { id: r.id, hostName: r.host_name, containers: Array.isArray(c) ? (c as string[]) : [] };
      });
    },
    list(): AgentRecord[] {
      return (all.all() as AgentRow[]).map(toRecord);
    },
    get(id: string): AgentRecord | undefined {
      const row = one.get(id) as AgentRow | undefined;
      return row ? toRecord(row) : undefined;
    },
    byHostName(hostName: string): AgentRecord[] {
      return (byHost.all(hostName) as AgentRow[]).map(toRecord);
    },
  };
}

export type AgentsRepo = ReturnType<typeof createAgentsRepo>;
