// The dashboard's server side, composed: sessions (links and Discord OAuth2), the /auth routes, the
// client's static files, and the session half of /api/v1's authentication (given to registerAuth).
import type { FastifyInstance } from 'fastify';
import type { HttpConfig } from '../../config.ts';
import type { MemberRoles } from '../../core/member-roles.ts';
import type { Policy } from '../../core/policy.ts';
import type { Clock } from '../../core/ports.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { Logger } from '../../log.ts';
import type { AuditEvent } from '../../store/audit-repo.ts';
import type { WebSessionsRepo } from '../../store/web-sessions-repo.ts';
import { authRoutes } from './auth-routes.ts';
import { createDiscordOAuth } from './discord-oauth.ts';
import { createSessionAuth, type SessionAuth } from './session-auth.ts';
import { createWebSessions } from './web-sessions.ts';
import { webStatic } from './web-static.ts';

export interface WebDeps {
  config: HttpConfig;
  repo: WebSessionsRepo;
  clock: Clock;
  policy: Policy;
  /** Discord's word on a member now; absent when Discord is off. */
  members: MemberRoles | undefined;
  audit: (e: AuditEvent) => void;
  log: Logger;
  /** What a member without a role needs, for the refusal (names of the viewer roles). */
  roleNeeded: (locale: Locale) => string;
  /** Where the built client is (default web/dist). */
  distDir?: string | undefined;
}

export interface Web {
  sessionAuth: SessionAuth;
  plugin(app: FastifyInstance): Promise<void>;
  /** A one-time link opening an admin session for `actor` (the console's operator), valid 10 minutes. */
  createLoginLink(actor: { id: string; name: string }, base: string): string;
}

export function createWeb(deps: WebDeps): Web {
  const now = () => deps.clock.now();
  const sessions = createWebSessions({ repo: deps.repo, clock: deps.clock, policy: deps.policy, members: deps.members });
  const sessionAuth = createSessionAuth({ sessions, audit: deps.audit, now, roleNeeded: deps.roleNeeded });
  const { publicUrl, discordLogin } = deps.config;
  const oauth = discordLogin && publicUrl ? createDiscordOAuth({ ...discordLogin, redirectUri: `${publicUrl}/auth/discord/callback` }) : undefined;
  const secure = publicUrl?.startsWith('https://') ?? false;
  return {
    sessionAuth,
    async plugin(app) {
      await app.register(webStatic, { distDir: deps.distDir });
      await app.register(authRoutes, { sessions, sessionAuth, oauth, policy: deps.policy, members: deps.members, secure, audit: deps.audit, now, log: deps.log, roleNeeded: deps.roleNeeded, loginsPerMin: deps.config.rateLimitPerMin });
    },
    createLoginLink(actor, base) {
      const code = sessions.createLink(actor);
      deps.audit({ at: now(), kind: 'web_link_created', actorId: actor.id, actorName: actor.name, via: 'console' });
      return `${publicUrl ?? base}/auth/link?code=${code}`;
    },
  };
}
