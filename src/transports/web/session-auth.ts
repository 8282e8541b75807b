// The dashboard's half of /api/v1's authentication: a request without a bearer token but with the
// session cookie acts as the session's owner, via 'web'. A cookie is sent by the browser whoever made
// the page, so a request that changes something must also carry the session's CSRF token in a header,
// which only the dashboard's own script can read (from /auth/me). A member without a role is refused
// before any route runs, so no fleet data reaches them.
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../core/api-tokens.ts';
import { UserError } from '../../core/errors.ts';
import { localeOfAcceptLanguage, type Locale } from '../../i18n/locale.ts';
import { msg } from '../../i18n/message.ts';
import type { AuditEvent } from '../../store/audit-repo.ts';
import { cookiesOf, SESSION_COOKIE } from './cookies.ts';
import type { WebSessionRecord } from '../../store/web-sessions-repo.ts';
import { sameSecret, type WebSessions } from './web-sessions.ts';

export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SessionAuthDeps {
  sessions: WebSessions;
  audit: (e: AuditEvent) => void;
  now: () => number;
  /** What a member without a role is told they need (the roles configured for the viewer level). */
  roleNeeded: (locale: Locale) => string;
}

export interface SessionAuth {
  /** The session's cookie value when the request carries one. */
  cookie(req: FastifyRequest): string | undefined;
  /** The principal behind the cookie, or a 401/403 problem; undefined when there is no cookie. */
  authenticate(req: FastifyRequest): Promise<Principal | undefined>;
  /** Refuses (403, audited) an unsafe request without the session's CSRF token. */
  checkCsrf(req: FastifyRequest, session: WebSessionRecord, what: string): void;
  /** Ends the open requests (event streams) of a session that was just logged out. */
  endStreams(sessionId: number): void;
}

export function createSessionAuth(deps: SessionAuthDeps): SessionAuth {
  const cookie = (req: FastifyRequest) => cookiesOf(req).get(SESSION_COOKIE) || undefined;
  // A fleet stream stays open for hours: logging out must not leave it running until its next recheck.
  const openBySession = new Map<number, Set<IncomingMessage>>();
  function track(req: FastifyRequest, sessionId: number): void {
    const set = openBySession.get(sessionId) ?? new Set<IncomingMessage>();
    openBySession.set(sessionId, set);
    if (set.has(req.raw)) return;
    set.add(req.raw);
    req.raw.once('close', () => {
      set.delete(req.raw);
      if (set.size === 0) openBySession.delete(sessionId);
    });
  }

  function checkCsrf(req: FastifyRequest, session: WebSessionRecord, what: string): void {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent === 'string' && sameSecret(sent, session.csrf)) return;
    deps.audit({ at: deps.now(), kind: 'refused', actorId: session.actorId, actorName: session.actorName, via: 'web', detail: { what, reason: sent === undefined ? 'csrf_missing' : 'csrf_wrong' } });
    throw new UserError('forbidden', msg('web.csrf.refused'));
  }

  return {
    cookie,
    checkCsrf,
    endStreams(sessionId) {
      for (const raw of openBySession.get(sessionId) ?? []) raw.socket.destroy();
    },
    async authenticate(req) {
      const id = cookie(req);
      if (id === undefined) return undefined;
      const session = deps.sessions.find(id);
      if (!session) throw new UserError('unauthorized', msg('web.session.ended'));
      const what = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
      // Before anything else, Discord's answer included: a forged request costs nothing.
      if (UNSAFE.has(req.method)) checkCsrf(req, session, what);
      const p = await deps.sessions.principal(session);
      if (req.method === 'GET') track(req, session.id);
      if (p.level === 'none') {
        deps.audit({ at: deps.now(), kind: 'refused', actorId: p.actor.id, actorName: p.actor.name, via: 'web', detail: { what, needs: 'viewer', held: 'none' } });
        const needed = deps.roleNeeded(localeOfAcceptLanguage(req.headers['accept-language']));
        throw new UserError('forbidden', msg('web.role.missing', { name: p.session.actorName, needed }));
      }
      return p;
    },
  };
}
