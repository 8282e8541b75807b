// API tokens (hashes only) and the Idempotency-Key memory of the HTTP API (migration 009).
import type { ApiTokenRecord, ApiTokensRepo, NewApiToken, TokenLevel } from '../core/api-tokens.ts';
import type { Db } from './database.ts';

interface Row {
  id: number;
  name: string;
  level: TokenLevel;
  approver: number;
  owner_id: string;
  owner_name: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

const toRecord = (r: Row): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  level: r.level,
  approver: r.approver === 1,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

const COLUMNS = 'id, name, level, approver, owner_id, owner_name, created_by, created_at, expires_at, revoked_at, last_used_at';

export function createApiTokensRepo(db: Db): ApiTokensRepo {
  const insert = db.prepare(`
    INSERT INTO api_tokens (name, hash, level, approver, owner_id, owner_name, created_by, created_at, expires_at)
    VALUES (@name, @hash, @level, @approver, @ownerId, @ownerName, @createdBy, @createdAt, @expiresAt)`);
  const byHash = db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = ?`);
  const activeByName = db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE name = ? AND revoked_at IS NULL`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY id`);
  const revoke = db.prepare('UPDATE api_tokens SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL');
  // Once a minute is enough to say "last used"; a write per call would cost every API request a commit.
  const touch = db.prepare('UPDATE api_tokens SET last_used_at = @at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @at - 60000)');
  return {
    add: (t: NewApiToken) => Number(insert.run({ ...t, approver: t.approver ? 1 : 0 }).lastInsertRowid),
    byHash(hash) {
      const row = byHash.get(hash) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    activeByName(name) {
      const row = activeByName.get(name) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    list: () => (list.all() as Row[]).map(toRecord),
    revoke: (id, at) => revoke.run({ id, at }).changes === 1,
    touch(id, at) {
      touch.run({ id, at });
    },
  };
}

export interface IdempotencyRecord {
  bodyDigest: string;
  /** 0 while the first request is still being answered. */
  status: number;
  response: unknown;
  createdAt: number;
}

export function createIdempotencyRepo(db: Db) {
  const get = db.prepare('SELECT body_digest, status, response, created_at FROM idempotency_keys WHERE token_id = ? AND key = ?');
  const reserve = db.prepare(
    'INSERT INTO idempotency_keys (token_id, key, body_digest, status, response, created_at) VALUES (?, ?, ?, 0, NULL, ?) ON CONFLICT DO NOTHING',
  );
  const complete = db.prepare('UPDATE idempotency_keys SET status = ?, response = ? WHERE token_id = ? AND key = ?');
  const drop = db.prepare('DELETE FROM idempotency_keys WHERE token_id = ? AND key = ?');
  const prune = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  return {
    get(tokenId: number, key: string): IdempotencyRecord | undefined {
      const r = get.get(tokenId, key) as { body_digest: string; status: number; response: string | null; created_at: number } | undefined;
      if (!r) return undefined;
      return { bodyDigest: r.body_digest, status: r.status, response: r.response === null ? undefined : (JSON.parse(r.response) as unknown), createdAt: r.created_at };
    },
    /** True when this call holds the key now (no one used it before). */
    reserve: (tokenId: number, key: string, bodyDigest: string, at: number) => reserve.run(tokenId, key, bodyDigest, at).changes === 1,
    complete(tokenId: number, key: string, status: number, response: unknown): void {
      complete.run(status, JSON.stringify(response), tokenId, key);
    },
    /** The first request failed before anything was done: the key may be used again. */
    release(tokenId: number, key: string): void {
      drop.run(tokenId, key);
    },
    prune: (before: number) => prune.run(before).changes,
  };
}

export type IdempotencyRepo = ReturnType<typeof createIdempotencyRepo>;
