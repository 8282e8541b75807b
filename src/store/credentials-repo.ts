// Agent credentials (migration 007): the token of each agent as its sha256 only, and its enrolment state.
import type { CredentialKind, CredentialRecord, CredentialState, CredentialStore } from '../core/identity.ts';
import type { Db } from './database.ts';

interface Row {
  agent_id: string;
  state: CredentialState;
  kind: CredentialKind;
  token_hash: string | null;
  old_token_hash: string | null;
  old_expires_at: number | null;
  fleet_until: number | null;
  created_at: number;
  updated_at: number;
  decided_by: string | null;
  last_address: string | null;
  last_seen: number | null;
}

const toRecord = (r: Row): CredentialRecord => ({
  agentId: r.agent_id,
  state: r.state,
  kind: r.kind,
  tokenHash: r.token_hash,
  oldTokenHash: r.old_token_hash,
  oldExpiresAt: r.old_expires_at,
  fleetUntil: r.fleet_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  decidedBy: r.decided_by,
  lastAddress: r.last_address,
  lastSeen: r.last_seen,
});

export function createCredentialsRepo(db: Db): CredentialStore {
  const one = db.prepare('SELECT * FROM agent_credentials WHERE agent_id = ?');
  let generation = 0;
  const byHash = db.prepare('SELECT * FROM agent_credentials WHERE token_hash = @h OR old_token_hash = @h');
  const all = db.prepare('SELECT * FROM agent_credentials ORDER BY agent_id');
  const insert = db.prepare(`
    INSERT INTO agent_credentials (agent_id, state, kind, token_hash, created_at, updated_at, decided_by)
    VALUES (@agentId, @state, @kind, @tokenHash, @at, @at, @decidedBy)`);
  const state = db.prepare('UPDATE agent_credentials SET state = @state, updated_at = @at, decided_by = @by WHERE agent_id = @id');
  const token = db.prepare(`
    UPDATE agent_credentials SET kind = 'own', token_hash = @tokenHash, old_token_hash = @oldTokenHash,
      old_expires_at = @oldExpiresAt, fleet_until = @fleetUntil, updated_at = @at WHERE agent_id = @id`);
  const endGrace = db.prepare('UPDATE agent_credentials SET old_token_hash = NULL, old_expires_at = NULL, fleet_until = NULL, updated_at = @at WHERE agent_id = @id');
  const seen = db.prepare('UPDATE agent_credentials SET last_address = @address, last_seen = @at WHERE agent_id = @id');
  const remove = db.prepare('DELETE FROM agent_credentials WHERE agent_id = ?');
  return {
    generation: () => generation,
    get(agentId) {
      const r = one.get(agentId) as Row | undefined;
      return r ? toRecord(r) : undefined;
    },
    byTokenHash(hash) {
      const r = byHash.get({ h: hash }) as Row | undefined;
      return r ? toRecord(r) : undefined;
    },
    list() {
      return (all.all() as Row[]).map(toRecord);
    },
    insert(r) {
      generation++;
      insert.run({ agentId: r.agentId, state: r.state, kind: r.kind, tokenHash: r.tokenHash, at: r.at, decidedBy: r.decidedBy ?? null });
    },
    setState(agentId, s, at, by) {
      state.run({ id: agentId, state: s, at, by });
    },
    setToken(agentId, t, at) {
      token.run({ id: agentId, ...t, at });
    },
    endGrace(agentId, at) {
      endGrace.run({ id: agentId, at });
    },
    seen(agentId, address, at) {
      seen.run({ id: agentId, address, at });
    },
    remove(agentId) {
      generation++;
      remove.run(agentId);
    },
  };
}
