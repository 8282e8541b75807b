// i18n-exempt-file: OAuth2 parameter names, scopes and Discord routes are protocol words; errors here are faults for the log.
// Discord OAuth2 (authorization code grant) for the dashboard's login: the authorize URL, the code
// exchanged for the member's access token, and who they are (/users/@me) and whether they are in
// DISCORD_GUILD_ID (/users/@me/guilds/{guild}/member, scope guilds.members.read). The access token is
// used for these two reads and dropped: a member's level is read again through the bot at each call.
import { URL, URLSearchParams } from 'node:url';

export const OAUTH_SCOPES = 'identify guilds.members.read';
const TIMEOUT_MS = 10_000;

export interface DiscordOAuthConfig {
  clientId: string;
  clientSecret: string;
  guildId: string;
  /** Discord's API base (DISCORD_API_URL, default https://discord.com/api): the emulator in tests. */
  apiUrl: string;
  /** Where Discord sends the member back: <HTTP_PUBLIC_URL>/auth/discord/callback. */
  redirectUri: string;
}

export type OAuthMember =
  | { kind: 'member'; user: { id: string; name: string }; roles: string[] }
  | { kind: 'not_member'; user: { id: string; name: string } };

/** Discord answered something unexpected, or not at all: the login fails with discord_error. */
export class DiscordOAuthError extends Error {
  override readonly name = 'DiscordOAuthError';
}

export function createDiscordOAuth(cfg: DiscordOAuthConfig) {
  const api = cfg.apiUrl.replace(/\/+$/, '');
  const versioned = /\/v\d+$/.test(api) ? api : `${api}/v10`;

  async function call(path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${versioned}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    } catch (err) {
      throw new DiscordOAuthError(`Discord did not answer ${path}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      throw new DiscordOAuthError(`Discord answered ${path} with ${res.status} and no JSON`);
    }
    return { status: res.status, body };
  }

  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  return {
    authorizeUrl(state: string): string {
      // Discord serves the authorize page under the API base too (discord.com/api/oauth2/authorize).
      const u = new URL(`${api}/oauth2/authorize`);
      u.search = new URLSearchParams({ response_type: 'code', client_id: cfg.clientId, scope: OAUTH_SCOPES, state, redirect_uri: cfg.redirectUri, prompt: 'none' }).toString();
      return u.toString();
    },

    /** Exchanges the code for the member's access token, then reads who they are in the guild. */
    async member(code: string): Promise<OAuthMember> {
      const exchanged = await call('/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: cfg.redirectUri, client_id: cfg.clientId, client_secret: cfg.clientSecret }).toString(),
      });
      const token = (exchanged.body as { access_token?: unknown } | undefined)?.access_token;
      if (exchanged.status !== 200 || typeof token !== 'string') throw new DiscordOAuthError(`the code exchange was refused (${exchanged.status})`);
      const me = await call('/users/@me', bearer(token));
      const u = me.body as { id?: unknown; username?: unknown; global_name?: unknown } | undefined;
      if (me.status !== 200 || typeof u?.id !== 'string' || !/^\d{17,20}$/.test(u.id)) throw new DiscordOAuthError(`/users/@me answered ${me.status}`);
      const user = { id: u.id, name: typeof u.global_name === 'string' && u.global_name ? u.global_name : String(u.username ?? u.id) };
      const m = await call(`/users/@me/guilds/${cfg.guildId}/member`, bearer(token));
      // 10004 Unknown Guild: the member is in no such guild (for them it does not exist).
      if (m.status === 404) return { kind: 'not_member', user };
      const roles = (m.body as { roles?: unknown } | undefined)?.roles;
      if (m.status !== 200 || !Array.isArray(roles)) throw new DiscordOAuthError(`the guild member read answered ${m.status}`);
      return { kind: 'member', user, roles: roles.filter((r): r is string => typeof r === 'string') };
    },
  };
}

export type DiscordOAuth = ReturnType<typeof createDiscordOAuth>;
