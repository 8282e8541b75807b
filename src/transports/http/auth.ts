// Bearer API tokens for /api/v1: who is calling (the token's owner, at the level both the token and the
// owner allow now), refusals audited like Discord's, and the per-token rate limit. A token is accepted
// only in the Authorization header: one in a URL ends up in proxy logs and browser history.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashToken, type ApiTokens, type Principal } from '../../core/api-tokens.ts';
import { LEVELS, type Level } from '../../core/policy.ts';
import { msg } from '../../i18n/message.ts';
import type { AuditEvent } from '../../store/audit-repo.ts';
import type { SessionAuth } from '../web/session-auth.ts';
import { sha256 } from '../web/web-sessions.ts';
import { UserError } from '../../core/errors.ts';
import { HttpProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Works out the caller again (a long SSE stream asks it now and then): token or session. */
    reauthenticate: (() => Promise<Principal>) | null;
  }
}

export interface AuthDeps {
  tokens: ApiTokens;
  audit: (e: AuditEvent) => void;
  now: () => number;
  rateLimitPerMin: number;
  /** The dashboard's session cookie, as a second way in beside bearer tokens; absent: tokens only. */
  sessions?: SessionAuth | undefined;
}

export function bearerOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

const SESSION_RATE_FACTOR = 5;
const IN_URL = /[?&](token|access_token|api_token|apikey|api_key)=/i;

/** Registers the rate limit and the authentication hook on this (encapsulated) scope. */
export async function registerAuth(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  app.decorateRequest('principal', null);
  app.decorateRequest('reauthenticate', null);
  await app.register(rateLimit, {
    global: true,
    // A page of the dashboard asks several routes at once (and a person clicks in bursts): a session
    // gets five times a token's rate, still bounded.
    max: (_req, key) => (key.startsWith('s:') ? deps.rateLimitPerMin * SESSION_RATE_FACTOR : deps.rateLimitPerMin),
    timeWindow: 60_000,
    // Per token (its hash, the same the store keeps), so one busy script does not starve another;
    // per address before a token is shown, which also slows down guessing.
    keyGenerator: (req) => {
      const token = bearerOf(req);
      if (token) return `t:${hashToken(token).slice(0, 32)}`;
      // A dashboard session counts on its own, like a token (the page and its streams share it).
      const session = token === undefined ? deps.sessions?.cookie(req) : undefined;
      return session ? `s:${sha256(session).slice(0, 32)}` : `a:${req.ip}`;
    },
    enableDraftSpec: true,
    addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    errorResponseBuilder: (_req, ctx) => {
      const err = new HttpProblem('rate_limited', msg('http.rateLimited', { count: ctx.max, wait: Math.ceil(ctx.ttl / 1000) }));
      return Object.assign(err, { statusCode: 429 });
    },
  });
  app.addHook('onRequest', async (req) => {
    if (IN_URL.test(req.url)) {
      throw new HttpProblem('bad_input', msg('http.tokenInUrl'));
    }
    const bearer = bearerOf(req);
    // A bearer token wins over a cookie: a script's call is never taken for the browser's session.
    const sessions = bearer === undefined ? deps.sessions : undefined;
    const fromSession = sessions ? await sessions.authenticate(req) : undefined;
    if (sessions && fromSession) {
      req.principal = fromSession;
      req.reauthenticate = async () => (await sessions.authenticate(req)) ?? deps.tokens.authenticate(undefined);
      return;
    }
    req.principal = await deps.tokens.authenticate(bearer);
    req.reauthenticate = () => deps.tokens.authenticate(bearer);
  });
}

/** The caller's principal (set by the hook above for every /api/v1 route). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpProblem('unauthorized', msg('http.tokenNeeded'));
  return req.principal;
}

/** Refuses (403, audited as in Discord) unless the caller has at least `level` now. */
export function requireLevel(req: FastifyRequest, deps: Pick<AuthDeps, 'audit' | 'now'>, level: Exclude<Level, 'none'>, what: string): Principal {
  const p = principalOf(req);
  if (LEVELS.indexOf(p.level) >= LEVELS.indexOf(level)) return p;
  deps.audit({ at: deps.now(), kind: 'refused', actorId: p.actor.id, actorName: p.actor.name, via: p.via, detail: { what, needs: level, held: p.level } });
  if (p.via === 'web') throw new UserError('forbidden', msg('web.level.refused', { what, needed: level, held: p.level }));
  throw new HttpProblem('forbidden', msg('http.forbidden', { what, level, held: p.level }));
}
