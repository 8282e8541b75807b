// i18n-exempt-file: cookie names and attributes are protocol words, not text a person reads.
// The two cookies of the dashboard, read and written by hand: a cookie plugin would be a dependency for
// a dozen lines, and writing the attributes here keeps them in one place where a test can read them.
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'mserver_session';
/** The OAuth2 `state` while the member is at Discord: 10 minutes, only sent back to the callback. */
export const STATE_COOKIE = 'mserver_oauth_state';

export function cookiesOf(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  const header = req.headers.cookie;
  if (typeof header !== 'string') return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    // The first of two same-named cookies wins (the more specific path is sent first).
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export interface CookieOptions {
  maxAgeS: number;
  secure: boolean;
  /** Strict for the session: a request started on another site never carries it. */
  sameSite: 'Strict' | 'Lax';
  path: string;
}

export function cookieHeader(name: string, value: string, o: CookieOptions): string {
  return `${name}=${value}; Path=${o.path}; Max-Age=${o.maxAgeS}; HttpOnly; SameSite=${o.sameSite}${o.secure ? '; Secure' : ''}`;
}

/** Clears a cookie set with the same name and path. */
export function clearedCookie(name: string, o: Pick<CookieOptions, 'secure' | 'sameSite' | 'path'>): string {
  return cookieHeader(name, '', { ...o, maxAgeS: 0 });
}
