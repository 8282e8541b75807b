// Discord's OAuth2 authorization code grant, as the dashboard's "Log in with Discord" uses it:
// /oauth2/authorize (the page where a member logged in to Discord clicks Authorize: here the test
// chooses who that member is, or that they cancel), /oauth2/token (a code for an access token, checking
// client id, secret, code and redirect_uri as Discord does), and with that token /users/@me and
// /users/@me/guilds/{guild}/member (scope guilds.members.read).
import { randomBytes } from 'node:crypto';
import { apiMember, apiUser } from './api-objects.ts';
import { ApiError, Errors } from './api-error.ts';
import type { EmulatorState } from './emulator-state.ts';
import type { Route, RouteContext } from './route.ts';

export const DEFAULT_CLIENT_SECRET = 'test-oauth2-client-secret';
const CODE_TTL_MS = 10 * 60_000;

export interface EmuOAuth2 {
  readonly clientSecret: string;
  /** The member who is logged in to Discord in the browser: the next authorizations are theirs. */
  authorizeAs(userId: string): void;
  /** The next authorization is cancelled by the member (Discord redirects with error=access_denied). */
  denyNext(): void;
  setClientSecret(secret: string): void;
  /** Every token exchange tried, and why a refused one was refused. */
  readonly exchanges: Array<{ code: string; ok: boolean; error?: string }>;
}

interface Grant {
  userId: string;
  clientId: string;
  redirectUri: string;
  scopes: Set<string>;
  expiresAt: number;
  used: boolean;
}

const oauthError = (status: number, error: string, description: string) =>
  Object.assign(new ApiError(status, 0, description), { toJSON: () => ({ error, error_description: description }) });

const secret = () => randomBytes(24).toString('base64url');

export function oauth2Routes(state: EmulatorState): { routes: Route[]; control: EmuOAuth2 } {
  let clientSecret = DEFAULT_CLIENT_SECRET;
  let member: string | undefined;
  let deny = false;
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, { userId: string; scopes: Set<string> }>();
  const exchanges: EmuOAuth2['exchanges'] = [];

  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

  function tokenOf(ctx: RouteContext, scope: string): { userId: string } {
    const header = str(ctx.headers.authorization) ?? '';
    const held = tokens.get(header.replace(/^Bearer /, ''));
    if (!held) throw Errors.unauthorized();
    if (!held.scopes.has(scope)) throw Errors.missingAccess();
    return held;
  }

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/oauth2\/authorize$/,
      auth: false,
      handle(ctx) {
        const q = ctx.query;
        const redirect = q.get('redirect_uri') ?? '';
        if (q.get('client_id') !== state.applicationId) throw oauthError(400, 'invalid_client', 'Unknown client_id');
        if (q.get('response_type') !== 'code') throw oauthError(400, 'unsupported_response_type', 'response_type must be code');
        if (!/^https?:\/\//.test(redirect)) throw oauthError(400, 'invalid_request', 'Invalid redirect_uri');
        const scopes = new Set((q.get('scope') ?? '').split(/[ +]/).filter(Boolean));
        const back = new URL(redirect);
        const stateParam = q.get('state');
        if (deny) {
          deny = false;
          back.searchParams.set('error', 'access_denied');
          back.searchParams.set('error_description', 'The resource owner or authorization server denied the request');
        } else {
          if (!member) throw oauthError(401, 'login_required', 'The emulator was not told who is logged in (emu.oauth2.authorizeAs)');
          const code = secret();
          codes.set(code, { userId: member, clientId: state.applicationId, redirectUri: redirect, scopes, expiresAt: Date.now() + CODE_TTL_MS, used: false });
          back.searchParams.set('code', code);
        }
        if (stateParam !== null) back.searchParams.set('state', stateParam);
        return { status: 302, headers: { Location: back.toString() } };
      },
    },
    {
      method: 'POST',
      pattern: /^\/oauth2\/token$/,
      auth: false,
      handle(ctx) {
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        const code = str(body.code) ?? '';
        const refuse = (status: number, error: string, description: string) => {
          exchanges.push({ code, ok: false, error });
          throw oauthError(status, error, description);
        };
        // Client credentials in the form, or as HTTP Basic, as Discord accepts both.
        let id = str(body.client_id);
        let pass = str(body.client_secret);
        const basic = /^Basic (.+)$/.exec(str(ctx.headers.authorization) ?? '');
        if (basic) [id, pass] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
        if (id !== state.applicationId || pass !== clientSecret) refuse(401, 'invalid_client', 'Invalid client credentials');
        if (body.grant_type !== 'authorization_code') refuse(400, 'unsupported_grant_type', 'Unsupported grant type');
        const grant = codes.get(code);
        if (!grant || grant.used || Date.now() > grant.expiresAt) refuse(400, 'invalid_grant', 'Invalid "code" in request.');
        if (grant!.redirectUri !== str(body.redirect_uri)) refuse(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
        grant!.used = true;
        const token = secret();
        tokens.set(token, { userId: grant!.userId, scopes: grant!.scopes });
        exchanges.push({ code, ok: true });
        return {
          status: 200,
          body: { access_token: token, token_type: 'Bearer', expires_in: 604_800, refresh_token: secret(), scope: [...grant!.scopes].join(' ') },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/users\/@me$/,
      auth: false,
      bearer: true,
      handle(ctx) {
        const user = state.user(tokenOf(ctx, 'identify').userId);
        if (!user) throw Errors.unknownUser();
        return { status: 200, body: apiUser(user) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/users\/@me\/guilds\/(?<guild>\d+)\/member$/,
      auth: false,
      bearer: true,
      handle(ctx) {
        const { userId } = tokenOf(ctx, 'guilds.members.read');
        const guildId = ctx.params.guild ?? '';
        const roles = state.memberRoles(guildId, userId);
        const user = state.user(userId);
        // Discord answers a guild the user is not in as an unknown guild.
        if (!state.guild(guildId) || !roles || !user) throw Errors.unknownGuild();
        return { status: 200, body: apiMember(user, roles, state.joinedAt) };
      },
    },
  ];

  return {
    routes,
    control: {
      get clientSecret() {
        return clientSecret;
      },
      authorizeAs(userId) {
        if (!state.user(userId)) throw new Error(`discord-emulator: unknown user ${userId} (setMemberRoles first)`);
        member = userId;
      },
      denyNext() {
        deny = true;
      },
      setClientSecret(s) {
        clientSecret = s;
      },
      exchanges,
    },
  };
}
