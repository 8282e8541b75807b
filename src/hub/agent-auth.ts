// Agent tokens: taken from the upgrade request or the register message. A token is either an agent's
// own (looked up by its sha256 in the credentials) or the fleet enrolment token; both are compared as
// digests in constant time, and every fleet digest is compared, so neither length nor position shows.
import type { IncomingMessage } from 'node:http';
import { credentialOfToken, hashToken, sameHash, type CredentialStore, type Presented } from '../core/identity.ts';

export interface AgentAuth {
  /** False with MCLIENT_AUTH=none: a connection without a token is let in (and must be accepted). */
  readonly required: boolean;
  /** What a token proves, or undefined for a wrong, revoked or expired one. */
  present(candidate: string | undefined): Presented | undefined;
}

export function createAgentAuth(mode: 'token' | 'none', fleetHashes: readonly string[], credentials: CredentialStore, now: () => number): AgentAuth {
  return {
    required: mode === 'token',
    present(candidate) {
      if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) return mode === 'none' ? { kind: 'none' } : undefined;
      const own = credentialOfToken(credentials, candidate, now());
      if (own) return own;
      if (mode === 'none') return { kind: 'none' };
      const d = hashToken(candidate);
      let ok = false;
      for (const f of fleetHashes) ok = sameHash(d, f) || ok;
      return ok ? { kind: 'fleet' } : undefined;
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
