// Dashboard sessions: opened by a one-time link the console prints (an admin session for the console's
// operator, as Jupyter's token link) or by Discord OAuth2 (a member). The cookie holds a random id; the
// database keeps its SHA-256. A member's level is never stored: it is read again from Discord (through
// MemberRoles, cached <= 60 s) at each call, so a role removed in Discord counts at the next click.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiTokenRecord, Principal } from '../../core/api-tokens.ts';
import { UserError } from '../../core/errors.ts';
import { msg } from '../../i18n/message.ts';
import type { MemberRoles } from '../../core/member-roles.ts';
import type { Level, Policy } from '../../core/policy.ts';
import type { Clock } from '../../core/ports.ts';
import type { WebSessionKind, WebSessionRecord, WebSessionsRepo } from '../../store/web-sessions-repo.ts';

export const SESSION_TTL_MS = 12 * 3_600_000;
export const LINK_TTL_MS = 10 * 60_000;
/** 32 random bytes, base64url: what a session id and a link code look like. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const secret = (): string => randomBytes(32).toString('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface WebSessionsDeps {
  repo: WebSessionsRepo;
  clock: Clock;
  policy: Policy;
  /** Discord's word on a member now; absent: Discord is off, and Discord sessions are refused. */
  members?: MemberRoles | undefined;
}

export type LinkRefusal = 'used' | 'expired' | 'invalid';

export interface OpenedSession {
  /** The cookie's value: shown to the browser once, never stored. */
  id: string;
  record: WebSessionRecord;
}

/** A session's principal; `level` may be 'none' (a member without a role), which callers refuse. */
export interface SessionPrincipal extends Principal {
  session: WebSessionRecord;
}

export function createWebSessions(deps: WebSessionsDeps) {
  const { repo, clock } = deps;
  let prunedAt = 0;
  const prune = (at: number) => {
    if (at - prunedAt < 60_000) return;
    prunedAt = at;
    repo.prune(at);
  };

  function open(kind: WebSessionKind, actor: { id: string; name: string }): OpenedSession {
    const at = clock.now();
    prune(at);
    const id = secret();
    const fields = { csrf: secret(), kind, actorId: actor.id, actorName: actor.name.slice(0, 100), createdAt: at, expiresAt: at + SESSION_TTL_MS };
    const rowId = repo.add({ hash: sha256(id), ...fields });
    return { id, record: { id: rowId, ...fields } };
  }

  /** What a member (or the console's operator) may do now. */
  async function levelNow(s: WebSessionRecord): Promise<{ level: Level; approver: boolean; name: string }> {
    // The console's operator holds the machine: the link they printed opens an admin session.
    if (s.kind === 'console') return { level: 'admin', approver: true, name: s.actorName };
    if (!deps.members) throw new UserError('unavailable', msg('web.discord.no_bot'));
    const found = await deps.members.lookup(s.actorId);
    if (found.kind === 'unknown') throw new UserError('unavailable', msg('web.discord.unknown', { reason: found.reason }));
    if (found.kind === 'not_member') return { level: 'none', approver: false, name: s.actorName };
    const level = deps.policy.levelOf(found.actor, 'discord');
    return { level, approver: level !== 'none' && deps.policy.isApprover(found.actor, 'discord'), name: found.actor.name || s.actorName };
  }

  return {
    open,

    /** A code for a one-time link opening a session for `actor`, valid LINK_TTL_MS. */
    createLink(actor: { id: string; name: string }): string {
      const at = clock.now();
      prune(at);
      const code = secret();
      repo.addLink(sha256(code), actor.id, actor.name, at, at + LINK_TTL_MS);
      return code;
    },

    redeemLink(code: string): OpenedSession | { refused: LinkRefusal } {
      if (!SECRET_SHAPE.test(code)) return { refused: 'invalid' };
      const hash = sha256(code);
      const at = clock.now();
      if (repo.useLink(hash, at)) {
        const link = repo.link(hash)!;
        return open('console', { id: link.actorId, name: link.actorName });
      }
      const link = repo.link(hash);
      if (!link) return { refused: 'invalid' };
      return { refused: link.usedAt !== null ? 'used' : 'expired' };
    },

    /** The live session behind a cookie value, or undefined (unknown, closed or expired). */
    find(id: string): WebSessionRecord | undefined {
      if (!SECRET_SHAPE.test(id)) return undefined;
      const hash = sha256(id);
      const s = repo.byHash(hash);
      if (!s) return undefined;
      if (clock.now() >= s.expiresAt) {
        repo.remove(hash);
        return undefined;
      }
      return s;
    },

    close(id: string): boolean {
      return SECRET_SHAPE.test(id) && repo.remove(sha256(id));
    },

    /** Who is calling through this session, at the level they hold now. */
    async principal(s: WebSessionRecord): Promise<SessionPrincipal> {
      const now = await levelNow(s);
      const actor = { id: s.actorId, name: `${now.name} (web)`, level: now.level, approver: now.approver };
      // The session seen as a token, so what is kept per token (Idempotency-Key) is kept per session:
      // a negative id never meets a real token's.
      const token: ApiTokenRecord = {
        id: -s.id,
        name: 'web',
        level: now.level === 'none' ? 'viewer' : now.level,
        approver: now.approver,
        ownerId: s.actorId,
        ownerName: s.actorName,
        createdBy: s.kind,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      };
      return { via: 'web', token, actor, level: now.level, approver: now.approver, session: s };
    },
  };
}

export type WebSessions = ReturnType<typeof createWebSessions>;
