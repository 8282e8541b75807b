// What a browser does with the dashboard, over real HTTP on 127.0.0.1, without a browser: it keeps the
// cookies mserver sets (by name and path), follows nothing on its own (tests look at each redirect), and
// sends the CSRF token it read from /auth/me when asked to.
import { answerOf, type ApiAnswer } from './http-client.ts';

export interface SetCookie {
  name: string;
  value: string;
  /** Lower-case attribute names, with their values ('' for flags such as HttpOnly). */
  attrs: Map<string, string>;
}

export function parseSetCookie(line: string): SetCookie {
  const [pair, ...attrs] = line.split(';').map((p) => p.trim());
  const eq = pair!.indexOf('=');
  return {
    name: pair!.slice(0, eq),
    value: pair!.slice(eq + 1),
    attrs: new Map(attrs.map((a) => {
      const i = a.indexOf('=');
      return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
    })),
  };
}

export interface WebBrowser {
  /** Cookies held now: name -> { value, path }. */
  cookies: Map<string, { value: string; path: string }>;
  csrf: string | undefined;
  /** The Set-Cookie lines of the last answer, parsed. */
  lastSetCookies: SetCookie[];
  /** One request to mserver (a path) or anywhere (a full URL); redirects are returned, not followed. */
  request(method: string, pathOrUrl: string, opts?: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> }): Promise<ApiAnswer>;
  /** Opens a one-time login link; returns the redirect's Location. */
  open(link: string): Promise<{ status: number; location: string | null }>;
  /** GET /auth/me, remembering the CSRF token. */
  me(): Promise<ApiAnswer>;
}

export function webBrowser(baseUrl: string): WebBrowser {
  const b: WebBrowser = {
    cookies: new Map(),
    csrf: undefined,
    lastSetCookies: [],
    async request(method, pathOrUrl, opts = {}) {
      const url = new URL(pathOrUrl, baseUrl);
      const headers: Record<string, string> = { ...opts.headers };
      const sameOrigin = url.origin === new URL(baseUrl).origin;
      const jar = [...b.cookies].filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`));
      if (sameOrigin && jar.length > 0) headers.cookie = jar.map(([n, c]) => `${n}=${c.value}`).join('; ');
      if (opts.csrf === true && b.csrf) headers['x-csrf-token'] = b.csrf;
      else if (typeof opts.csrf === 'string') headers['x-csrf-token'] = opts.csrf;
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      b.lastSetCookies = res.headers.getSetCookie().map(parseSetCookie);
      if (sameOrigin) {
        for (const c of b.lastSetCookies) {
          const path = c.attrs.get('path') ?? '/';
          if (c.attrs.get('max-age') === '0' || c.value === '') b.cookies.delete(c.name);
          else b.cookies.set(c.name, { value: c.value, path });
        }
      }
      return answerOf(res);
    },
    async open(link) {
      const r = await b.request('GET', link);
      return { status: r.status, location: r.headers.get('location') };
    },
    async me() {
      const r = await b.request('GET', '/auth/me');
      if (r.status === 200) b.csrf = r.body.csrfToken;
      return r;
    },
  };
  return b;
}
