// Every call to the server: same-origin with the session cookie, the interface language in
// Accept-Language, and the CSRF token from /auth/me on every change (POST/PUT/DELETE). A problem
// answer (RFC 9457) becomes an ApiError carrying the server's own `detail`, shown as it is.
import { locale } from './i18n/index.ts';
import { signal } from './signal.ts';
import type { Me } from './types.ts';

export const me = signal<Me | null>(null);

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale.get() };
  if (method !== 'GET') {
    const token = me.get()?.csrfToken;
    if (token) headers['x-csrf-token'] = token;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const p = (json ?? {}) as { detail?: string; code?: string };
    if (res.status === 401 && !path.startsWith('/auth/')) {
      // The session ended (expired, logged out elsewhere): the login page says why.
      location.assign('/login?reason=expired');
    }
    throw new ApiError(res.status, p.code ?? String(res.status), p.detail ?? res.statusText);
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
