// The dashboard's login and session routes under /auth (the contract with the client in web/):
// /auth/link (the console's one-time link), /auth/discord and its callback (OAuth2), /auth/methods,
// /auth/me and /auth/logout. Failures of a login send the browser to /login?reason=... so the login
// page can say why; nothing is set on a failure.
import { randomBytes } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Policy } from '../../core/policy.ts';
import type { MemberRoles } from '../../core/member-roles.ts';
import type { Logger } from '../../log.ts';
import type { AuditEvent } from '../../store/audit-repo.ts';
import { UserError } from '../../core/errors.ts';
import { localeOfAcceptLanguage, type Locale } from '../../i18n/locale.ts';
import { msg } from '../../i18n/message.ts';
import { problemResponses } from '../http/problem.ts';
import { clearedCookie, cookieHeader, cookiesOf, SESSION_COOKIE, STATE_COOKIE } from './cookies.ts';
import { DiscordOAuthError, type DiscordOAuth } from './discord-oauth.ts';
import type { SessionAuth } from './session-auth.ts';
import { securityHeaders } from './web-static.ts';
import { sameSecret, SESSION_TTL_MS, type OpenedSession, type WebSessions } from './web-sessions.ts';

export interface AuthRoutesDeps {
  sessions: WebSessions;
  sessionAuth: SessionAuth;
  /** Absent when DISCORD_CLIENT_SECRET or HTTP_PUBLIC_URL is not set. */
  oauth: DiscordOAuth | undefined;
  policy: Policy;
  members: MemberRoles | undefined;
  /** Cookies carry Secure when browsers reach mserver over https (HTTP_PUBLIC_URL). */
  secure: boolean;
  audit: (e: AuditEvent) => void;
  now: () => number;
  log: Logger;
  roleNeeded: (locale: Locale) => string;
  /** Login attempts per minute and address (HTTP_RATE_LIMIT_PER_MIN): each refusal is an audit row. */
  loginsPerMin: number;
}

export type LoginFailure = 'used' | 'expired' | 'invalid' | 'discord_denied' | 'discord_state' | 'no_role' | 'discord_error';

const STATE_PATH = '/auth/discord';
const STATE_TTL_S = 600;

export const MeSchema = z.object({
  actor: z.object({ id: z.string(), name: z.string() }),
  level: z.enum(['none', 'viewer', 'operator', 'admin']),
  approver: z.boolean(),
  csrfToken: z.string(),
  expiresAt: z.number(),
  /** Only with level none: what the member needs (the login page shows it). */
  roleNeeded: z.string().optional(),
});

export async function authRoutes(app: FastifyInstance, deps: AuthRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const sessionCookie = { secure: deps.secure, sameSite: 'Strict' as const, path: '/' }; // i18n-exempt: a cookie attribute
  // Lax, not Strict: Discord sends the browser back with a top-level navigation from its own site.
  const stateCookie = { secure: deps.secure, sameSite: 'Lax' as const, path: STATE_PATH }; // i18n-exempt: a cookie attribute

  // Only the routes that take a login attempt are limited: /auth/me is asked on every page.
  await app.register(rateLimit, { global: false, keyGenerator: (req) => req.ip, enableDraftSpec: true });
  const limited = { rateLimit: { max: deps.loginsPerMin, timeWindow: 60_000 } };
  app.addHook('onSend', async (_req, reply) => {
    securityHeaders(reply);
    reply.header('cache-control', 'no-store');
  });

  const fail = (reply: FastifyReply, reason: LoginFailure) => reply.redirect(`/login?reason=${reason}`, 303);
  function loggedIn(reply: FastifyReply, opened: OpenedSession, how: string) {
    deps.audit({ at: deps.now(), kind: 'web_login', actorId: opened.record.actorId, actorName: opened.record.actorName, via: 'web', detail: { how } });
    reply.header('set-cookie', cookieHeader(SESSION_COOKIE, opened.id, { ...sessionCookie, maxAgeS: SESSION_TTL_MS / 1000 }));
    return reply.redirect('/', 303);
  }
  function refused(req: FastifyRequest, reason: LoginFailure, actor?: { id: string; name: string }) {
    deps.audit({ at: deps.now(), kind: 'web_login_refused', actorId: actor?.id ?? null, actorName: actor?.name ?? null, via: 'web', detail: { reason, address: req.ip } });
  }

  api.get('/auth/methods', { schema: { hide: true, response: { 200: z.object({ discord: z.boolean() }) } } }, async () => ({ discord: deps.oauth !== undefined }));

  // No HEAD: a link checker or chat preview asking HEAD must not use up the one-time code.
  api.get('/auth/link', { exposeHeadRoute: false, config: limited, schema: { hide: true, querystring: z.object({ code: z.string().max(200).optional() }) } }, async (req, reply) => {
    const opened = deps.sessions.redeemLink(req.query.code ?? '');
    if ('refused' in opened) {
      refused(req, opened.refused);
      return fail(reply, opened.refused);
    }
    return loggedIn(reply, opened, 'link');
  });

  api.get('/auth/discord', { config: limited, schema: { hide: true } }, async (_req, reply) => {
    if (!deps.oauth) throw new UserError('not_found', msg('web.discord.off'));
    const state = randomBytes(32).toString('base64url');
    reply.header('set-cookie', cookieHeader(STATE_COOKIE, state, { ...stateCookie, maxAgeS: STATE_TTL_S }));
    return reply.redirect(deps.oauth.authorizeUrl(state), 302);
  });

  api.get(
    '/auth/discord/callback',
    { exposeHeadRoute: false, config: limited, schema: { hide: true, querystring: z.object({ code: z.string().max(500).optional(), state: z.string().max(500).optional(), error: z.string().max(200).optional() }) } },
    async (req, reply) => {
      // The state is used once, whatever happens next.
      reply.header('set-cookie', clearedCookie(STATE_COOKIE, stateCookie));
      if (!deps.oauth) return fail(reply, 'discord_error');
      const expected = cookiesOf(req).get(STATE_COOKIE);
      // The state ties the answer to this browser's own start: without it, another site could log the
      // victim's browser in as the attacker (login CSRF).
      if (!expected || !req.query.state || !sameSecret(expected, req.query.state)) {
        refused(req, 'discord_state');
        return fail(reply, 'discord_state');
      }
      if (req.query.error || !req.query.code) {
        refused(req, 'discord_denied');
        return fail(reply, 'discord_denied');
      }
      let member;
      try {
        member = await deps.oauth.member(req.query.code);
      } catch (err) {
        if (!(err instanceof DiscordOAuthError)) throw err;
        deps.log.warn({ problem: err.message }, 'a Discord login failed');
        refused(req, 'discord_error');
        return fail(reply, 'discord_error');
      }
      if (member.kind === 'not_member') {
        refused(req, 'no_role', member.user);
        return fail(reply, 'no_role');
      }
      // The bot's view (roles with their permissions) when it answers; the member's own read otherwise.
      const seen = deps.members ? await deps.members.lookup(member.user.id) : undefined;
      const actor = seen?.kind === 'member' ? seen.actor : { id: member.user.id, name: member.user.name, roles: member.roles };
      if (seen?.kind === 'not_member' || deps.policy.levelOf(actor, 'discord') === 'none') {
        refused(req, 'no_role', member.user);
        return fail(reply, 'no_role');
      }
      return loggedIn(reply, deps.sessions.open('discord', member.user), 'discord');
    },
  );

  api.get('/auth/me', { schema: { hide: true, response: { 200: MeSchema, ...problemResponses(503) } } }, async (req) => {
    const id = deps.sessionAuth.cookie(req);
    const session = id === undefined ? undefined : deps.sessions.find(id);
    if (!session) throw new UserError('unauthorized', msg('web.session.none'));
    const p = await deps.sessions.principal(session);
    return {
      actor: { id: session.actorId, name: session.actorName },
      level: p.level,
      approver: p.approver,
      csrfToken: session.csrf,
      expiresAt: session.expiresAt,
      ...(p.level === 'none' ? { roleNeeded: deps.roleNeeded(localeOfAcceptLanguage(req.headers['accept-language'])) } : {}),
    };
  });

  api.post('/auth/logout', { schema: { hide: true } }, async (req, reply) => {
    const id = deps.sessionAuth.cookie(req);
    const session = id === undefined ? undefined : deps.sessions.find(id);
    if (!id || !session) throw new UserError('unauthorized', msg('web.session.none'));
    deps.sessionAuth.checkCsrf(req, session, 'POST /auth/logout');
    deps.sessions.close(id);
    deps.sessionAuth.endStreams(session.id);
    deps.audit({ at: deps.now(), kind: 'web_logout', actorId: session.actorId, actorName: session.actorName, via: 'web' });
    return reply.code(204).header('set-cookie', clearedCookie(SESSION_COOKIE, sessionCookie)).send();
  });
}
