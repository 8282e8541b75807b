// Dashboard sessions and one-time login links (migration 011): hashes only, never the ids themselves.
import type { Db } from './database.ts';

export type WebSessionKind = 'console' | 'discord';

export interface WebSessionRecord {
  id: number;
  csrf: string;
  kind: WebSessionKind;
  actorId: string;
  actorName: string;
  createdAt: number;
  expiresAt: number;
}

export type NewWebSession = Omit<WebSessionRecord, 'id'> & { hash: string };

export interface LoginLinkRecord {
  actorId: string;
  actorName: string;
  expiresAt: number;
  usedAt: number | null;
}

interface SessionRow {
  id: number;
  csrf: string;
  kind: WebSessionKind;
  actor_id: string;
  actor_name: string;
  created_at: number;
  expires_at: number;
}

export function createWebSessionsRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO web_sessions (hash, csrf, kind, actor_id, actor_name, created_at, expires_at) VALUES (@hash, @csrf, @kind, @actorId, @actorName, @createdAt, @expiresAt)',
  );
  const byHash = db.prepare('SELECT id, csrf, kind, actor_id, actor_name, created_at, expires_at FROM web_sessions WHERE hash = ?');
  const drop = db.prepare('DELETE FROM web_sessions WHERE hash = ?');
  const pruneSessions = db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?');
  const addLink = db.prepare('INSERT INTO web_login_links (hash, actor_id, actor_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const link = db.prepare('SELECT actor_id, actor_name, expires_at, used_at FROM web_login_links WHERE hash = ?');
  // One UPDATE decides who redeems a link: two clicks racing cannot both open a session.
  const useLink = db.prepare('UPDATE web_login_links SET used_at = @at WHERE hash = @hash AND used_at IS NULL AND expires_at > @at');
  const pruneLinks = db.prepare('DELETE FROM web_login_links WHERE expires_at <= ?');
  return {
    add(s: NewWebSession): number {
      return Number(insert.run(s).lastInsertRowid);
    },
    byHash(hash: string): WebSessionRecord | undefined {
      const r = byHash.get(hash) as SessionRow | undefined;
      return r ? { id: r.id, csrf: r.csrf, kind: r.kind, actorId: r.actor_id, actorName: r.actor_name, createdAt: r.created_at, expiresAt: r.expires_at } : undefined;
    },
    remove: (hash: string) => drop.run(hash).changes === 1,
    addLink(hash: string, actorId: string, actorName: string, at: number, expiresAt: number): void {
      addLink.run(hash, actorId, actorName, at, expiresAt);
    },
    link(hash: string): LoginLinkRecord | undefined {
      const r = link.get(hash) as { actor_id: string; actor_name: string; expires_at: number; used_at: number | null } | undefined;
      return r ? { actorId: r.actor_id, actorName: r.actor_name, expiresAt: r.expires_at, usedAt: r.used_at } : undefined;
    },
    /** True when this call redeemed the link (unused and not expired until now). */
    useLink: (hash: string, at: number) => useLink.run({ hash, at }).changes === 1,
    /** Forgets sessions and links past their expiry; a link is kept until then to say "used". */
    prune(at: number): void {
      pruneSessions.run(at);
      pruneLinks.run(at);
    },
  };
}

export type WebSessionsRepo = ReturnType<typeof createWebSessionsRepo>;
