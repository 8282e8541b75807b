// Agent tokens: taken from the upgrade request or the register message, compared in constant time.
// Digests of equal length go to timingSafeEqual, and every configured token is compared, so neither the
// token's length nor its position in the list shows in the timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export interface TokenChecker {
  readonly required: boolean;
  check(candidate: string | undefined): boolean;
}

export function createTokenChecker(mode: 'token' | 'none', tokens: readonly string[]): TokenChecker {
  const digests = tokens.map(digest);
  return {
    required: mode === 'token',
    check(candidate) {
      if (mode === 'none') return true;
      if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) return false;
      const d = digest(candidate);
      let ok = false;
      for (const t of digests) ok = timingSafeEqual(d, t) || ok;
      return ok;
    },
  };
}

/** The token an agent presented at the upgrade: `Authorization: Bearer`, else `?token=`. */
export function tokenFromRequest(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (m?.[1]) return m[1].trim();
  }
  try {
    const url = new URL(req.url ?? '/', 'http://mserver.invalid');
    return url.searchParams.get('token') ?? undefined;
  } catch {
    return undefined;
  }
}

export function remoteOf(req: IncomingMessage): { address: string; port: number } {
  const raw = req.socket.remoteAddress ?? 'unknown';
  return { address: raw.startsWith('::ffff:') ? raw.slice(7) : raw, port: req.socket.remotePort ?? 0 };
}
