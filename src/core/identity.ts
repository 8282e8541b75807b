// Who may hold which agent id (issue 13). An agent's id comes from its credential: a token of its own
// fixes the id; the fleet token (or MCLIENT_AUTH=none) only enrols, and an id first seen on it waits for
// an admin. These are the rules; the hub asks them at each claim, the admin verbs change the records.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { msg, render, type Message } from '../i18n/message.ts';

export const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export type CredentialState = 'pending' | 'active' | 'revoked' | 'rejected';
/** own: a token of its own; fleet: the shared enrolment token; none: MCLIENT_AUTH=none. */
export type CredentialKind = 'own' | 'fleet' | 'none';
export type EnrollMode = 'approve' | 'auto';

export interface CredentialRecord {
  agentId: string;
  state: CredentialState;
  kind: CredentialKind;
  tokenHash: string | null;
  oldTokenHash: string | null;
  oldExpiresAt: number | null;
  /** An agent moved from the fleet token to its own may still use the fleet token until then. */
  fleetUntil: number | null;
  createdAt: number;
  updatedAt: number;
  decidedBy: string | null;
  lastAddress: string | null;
  lastSeen: number | null;
}

/** The credentials as the core needs them; src/store/credentials-repo.ts implements it. */
export interface CredentialStore {
  get(agentId: string): CredentialRecord | undefined;
  byTokenHash(hash: string): CredentialRecord | undefined;
  list(): CredentialRecord[];
  insert(r: Pick<CredentialRecord, 'agentId' | 'state' | 'kind' | 'tokenHash'> & { at: number; decidedBy?: string | null }): void;
  setState(agentId: string, state: CredentialState, at: number, decidedBy: string | null): void;
  setToken(agentId: string, t: { tokenHash: string; oldTokenHash: string | null; oldExpiresAt: number | null; fleetUntil: number | null }, at: number): void;
  /** The new token was used (or the grace ran out): the old one and the fleet grace end. */
  endGrace(agentId: string, at: number): void;
  seen(agentId: string, address: string, at: number): void;
  remove(agentId: string): void;
  /** Moves on whenever a credential is added or removed: what was looked up by id before may have changed. */
  generation(): number;
}

/** What a connection proved with its token. `grace`: it used a rotated-away token still in its grace. */
export type Presented = { kind: 'own'; agentId: string; grace: boolean } | { kind: 'fleet' } | { kind: 'none' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes, base64url: what `agent add` and `agent rotate` hand out. */
export function newAgentToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * Which credential a token is, if any: a token of its own (current, or the old one in its grace), else
 * undefined (the caller then tries the fleet token). Revoked, rejected or expired: undefined.
 */
export function credentialOfToken(store: CredentialStore, token: string, now: number): Presented | undefined {
  const hash = hashToken(token);
  const r = store.byTokenHash(hash);
  if (!r || r.kind !== 'own' || r.state !== 'active') return undefined;
  if (r.tokenHash !== null && sameHash(r.tokenHash, hash)) {
    if (r.oldTokenHash !== null || r.fleetUntil !== null) store.endGrace(r.agentId, now);
    return { kind: 'own', agentId: r.agentId, grace: false };
  }
  if (r.oldTokenHash !== null && sameHash(r.oldTokenHash, hash) && r.oldExpiresAt !== null && now < r.oldExpiresAt) {
    return { kind: 'own', agentId: r.agentId, grace: true };
  }
  return undefined;
}

export type Verdict =
  /** The connection holds this id. `enrolled`: a new id accepted at once (MCLIENT_ENROLL=auto). */
  | { kind: 'accept'; id: string; enrolled: boolean }
  /** The id waits for an admin; `isNew`: first seen now (alert with Accept/Reject). */
  | { kind: 'pending'; id: string; isNew: boolean }
  /** A claim of an id this credential does not hold: 4403, audited, alerted. */
  | { kind: 'impersonation'; id: string; holder: string; why: string; whyText: Message }
  /** The id is closed to this credential (revoked, rejected): 4403. `why` is English (audit, log, close reason). */
  | { kind: 'refused'; id: string; why: string; whyText: Message };

/** A verdict's reason: English for the audit trail, the log and the close frame; the Message for people. */
const because = (m: Message) => ({ why: render('en', m), whyText: m });

export interface ClaimFacts {
  presented: Presented;
  claimedId: string;
  record: CredentialRecord | undefined;
  /** Another live connection holds (or waits with) this id. */
  online: boolean;
  enroll: EnrollMode;
  now: number;
}

/** Describes a credential for messages: "val-02's credential", "the fleet token". */
export function holderMessage(p: Presented): Message {
  if (p.kind === 'own') return msg('core.identity.ownCredential', { id: p.agentId });
  return p.kind === 'fleet' ? msg('core.identity.fleetToken') : msg('core.identity.noToken');
}

/** holderMessage in English: the audit trail and the log keep English. */
export function holderOf(p: Presented): string {
  return render('en', holderMessage(p));
}

export function decideClaim(f: ClaimFacts): Verdict {
  const { presented: p, claimedId: id, record: r } = f;
  if (p.kind === 'own') {
    if (id !== p.agentId) return { kind: 'impersonation', id, holder: holderOf(p), ...because(msg('core.identity.ownClaimedOther', { holder: p.agentId, id })) };
    // The same credential again is the agent restarting: it replaces its older connection.
    return { kind: 'accept', id, enrolled: false };
  }
  if (r === undefined) {
    // Only new ids must fit the id pattern: an agent known before identity shipped keeps its id.
    if (!AGENT_ID.test(id)) return { kind: 'refused', id, ...because(msg('core.identity.invalidId', { id: id.slice(0, 80) })) };
    return f.enroll === 'auto' ? { kind: 'accept', id, enrolled: true } : { kind: 'pending', id, isNew: true };
  }
  if (r.kind === 'own') {
    const inGrace = r.fleetUntil !== null && f.now < r.fleetUntil && r.state === 'active';
    if (!inGrace) return { kind: 'impersonation', id, holder: holderOf(p), ...because(msg('core.identity.claimedOwned', { holder: holderMessage(p), id })) };
  }
  if (r.state === 'revoked') return { kind: 'refused', id, ...because(msg('core.identity.revoked', { id })) };
  if (r.state === 'rejected') return { kind: 'refused', id, ...because(msg('core.identity.rejected', { id })) };
  // On a shared token, an id online elsewhere is never taken over: the second connection is refused.
  if (f.online) return { kind: 'impersonation', id, holder: holderOf(p), ...because(msg('core.identity.claimedOnline', { holder: holderMessage(p), id })) };
  if (r.state === 'pending') return { kind: 'pending', id, isNew: false };
  return { kind: 'accept', id, enrolled: false };
}

/** Why an id cannot be an agent id, or undefined when it can. */
export function agentIdProblem(id: string): Message | undefined {
  return AGENT_ID.test(id) ? undefined : msg('core.identity.invalidIdRule', { id: id.slice(0, 80) });
}
