// Who a connection is (issue 13): each claim of an id goes to the core's rules (core/identity.ts). A
// claim the credential does not back closes the connection with 4403, audited and alerted once a
// minute per pair; an id new on the fleet token waits for an admin (pending); an accepted one becomes
// the session of that agent, replacing an older connection of the same credential.
import type { EventBus } from '../core/event-bus.ts';
import { decideClaim, holderMessage, holderOf, type EnrollMode, type Presented } from '../core/identity.ts';
import { msg, render, type Message } from '../i18n/message.ts';
import type { Clock } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { HubEvents } from './hub-events.ts';
import type { ThrottledLog } from './log-throttle.ts';
import { identityOf } from './protocol.ts';
import type { Session } from './session.ts';

const CLOSE_REPLACED = 4000;
const CLOSE_FORBIDDEN = 4403;
/** An impersonation attempt is alerted once a minute per (credential, claimed id). */
const CLAIM_ALERT_MS = 60_000;

export interface IdentityGateDeps {
  sessions: Map<string, Session>;
  store: Store;
  log: Logger;
  clock: Clock;
  events: EventBus<HubEvents>;
  enroll: EnrollMode;
  counters: { authFailures: number };
  /** Audit rows of refusals, bounded per address (the hub's throttle). */
  refusalRows: ThrottledLog;
  auditRefusal(address: string, reason: string): void;
}

export function createIdentityGate(deps: IdentityGateDeps) {
  const { sessions, store, log, clock, events, counters, refusalRows, auditRefusal } = deps;
  const claimAlerts = new Map<string, number>();

  /** `why` is a Message for the people alerted; the audit trail, the log and the close frame get English. */
  function refuseClaim(session: Session, claimedId: string, holder: string, whyText: Message): void {
    const why = render('en', whyText);
    counters.authFailures += 1;
    const at = clock.now();
    const { address } = session;
    refusalRows(
      `claim:${address}`,
      () => store.queue.push(() => store.audit.add({ at, kind: 'agent_impersonation', via: 'hub', agentId: claimedId, detail: { address, holder, why } })),
      // i18n-exempt: an audit word, searched in English
      (count) => store.queue.push(() => store.audit.add({ at: clock.now(), kind: 'agent_impersonation', via: 'hub', detail: { address, reason: 'more claims from this address, counted', count } })),
    );
    log.warn({ agent: claimedId, address, holder }, `identity claim refused (4403): ${why}`);
    const key = `${holder}>${claimedId}`;
    const last = claimAlerts.get(key);
    if (last === undefined || at - last >= CLAIM_ALERT_MS) {
      claimAlerts.set(key, at);
      events.emit('agent_impersonation', { claimedId, holder, why, whyText, address, at });
    }
    session.ws.close(CLOSE_FORBIDDEN, 'this credential does not hold that agent id'); // i18n-exempt: a WebSocket close reason read by mclient
  }

  /** Another id named in a frame by a connection that holds an id: an impersonation attempt. */
  function foreignClaim(session: Session, frame: Record<string, unknown>): string | undefined {
    const p = session.presented;
    const holds = p?.kind === 'own' ? p.agentId : session.provisional && !session.pending ? undefined : session.id;
    if (holds === undefined) return undefined;
    const who = identityOf(frame);
    if (who.clientId !== undefined && who.clientId !== holds) return who.clientId;
    if (who.hostName !== undefined && who.hostName !== holds && (sessions.has(who.hostName) || isCredential(session, who.hostName))) return who.hostName;
    return undefined;
  }

  /** Whether `name` is an agent id mserver holds a credential for, remembered per session until the credentials change. */
  function isCredential(session: Session, name: string): boolean {
    const generation = store.credentials.generation();
    const c = session.hostNameCheck;
    if (c && c.name === name && c.generation === generation) return c.known;
    const known = store.credentials.get(name) !== undefined;
    session.hostNameCheck = { name, generation, known };
    return known;
  }

  function checkClaims(session: Session, frame: Record<string, unknown>): boolean {
    const claimed = foreignClaim(session, frame);
    if (claimed === undefined) return true;
    const p = session.presented ?? { kind: 'none' };
    const holder = holderOf(p);
    const why = p.kind === 'own' ? msg('core.identity.ownClaimedOther', { holder: p.agentId, id: claimed }) : msg('core.identity.claimedBy', { who: msg('core.identity.agentOn', { id: session.id, holder: holderMessage(p) }), id: claimed });
    refuseClaim(session, claimed, holder, why);
    return false;
  }

  function identify(session: Session, id: string, hostName: string | undefined): void {
    const presented: Presented = session.presented ?? { kind: 'none' };
    const at = clock.now();
    const existing = sessions.get(id);
    const other = existing !== undefined && existing !== session ? existing : undefined;
    const record = store.credentials.get(id);
    const verdict = decideClaim({ presented, claimedId: id, record, online: other !== undefined, enroll: deps.enroll, now: at });
    switch (verdict.kind) {
      case 'impersonation':
        return refuseClaim(session, id, verdict.holder, verdict.whyText);
      case 'refused':
        auditRefusal(session.address, verdict.why);
        session.ws.close(CLOSE_FORBIDDEN, verdict.why.slice(0, 120));
        return;
      case 'pending': {
        if (verdict.isNew) store.credentials.insert({ agentId: id, state: 'pending', kind: presented.kind, tokenHash: null, at });
        store.credentials.seen(id, session.address, at);
        sessions.delete(session.id);
        session.id = id;
        session.pending = true;
        session.hostName = hostName ?? session.hostName;
        sessions.set(id, session);
        if (verdict.isNew) store.queue.push(() => store.audit.add({ at, kind: 'agent_pending', via: 'hub', agentId: id, detail: { address: session.address, credential: holderOf(presented) } }));
        log.warn({ agent: id, address: session.address }, 'a new agent waits for an admin to accept it (agent accept, or the alert\'s Accept button)');
        events.emit('agent_pending', { agentId: id, hostName: session.hostName, address: session.address, at, isNew: verdict.isNew, credential: holderOf(presented) });
        return;
      }
      case 'accept':
        if (verdict.enrolled) {
          store.credentials.insert({ agentId: id, state: 'active', kind: presented.kind, tokenHash: null, at, decidedBy: 'MCLIENT_ENROLL=auto' });
        }
        return admit(session, id, hostName, record?.lastAddress ?? null);
    }
  }

  function admit(session: Session, id: string, hostName: string | undefined, lastAddress: string | null): void {
    const at = clock.now();
    const previous = sessions.get(id);
    sessions.delete(session.id);
    session.id = id;
    session.provisional = false;
    session.pending = false;
    session.hostName = hostName ?? session.hostName;
    sessions.set(id, session);
    const replaced = previous !== undefined && previous !== session;
    if (replaced) {
      previous.replaced = true;
      log.info({ agent: id, address: session.address }, 'agent reconnected: closing its older connection');
      previous.ws.close(CLOSE_REPLACED, 'replaced by a newer connection'); // i18n-exempt: a WebSocket close reason read by mclient
    }
    store.credentials.seen(id, session.address, at);
    const credential = holderOf(session.presented ?? { kind: 'none' });
    if (replaced) {
      store.queue.push(() => store.audit.add({ at, kind: 'agent_replaced', via: 'hub', agentId: id, detail: { address: session.address, previousAddress: previous.address, credential } }));
    }
    if (lastAddress !== null && lastAddress !== session.address) {
      store.queue.push(() => store.audit.add({ at, kind: 'agent_new_address', via: 'hub', agentId: id, detail: { address: session.address, previousAddress: lastAddress, credential } }));
      log.warn({ agent: id, address: session.address, previous: lastAddress }, 'agent connected from a new address');
      events.emit('agent_new_address', { agentId: id, address: session.address, previousAddress: lastAddress, credential, at });
    }
    const seen = { id, hostName: session.hostName, version: session.version, containers: session.containers, address: session.address, at };
    store.queue.push(() => store.agents.connected(seen));
    log.info({ agent: id, host: session.hostName, address: session.address }, 'agent connected');
    events.emit('agent_connected', { agentId: id, hostName: session.hostName, address: session.address, at, replaced });
  }

  return {
    identify,
    checkClaims,
    /** An accepted pending agent that is connected becomes a full agent now. */
    promote(agentId: string): boolean {
      const s = sessions.get(agentId);
      if (!s?.pending) return false;
      admit(s, agentId, s.hostName, store.credentials.get(agentId)?.lastAddress ?? null);
      return true;
    },
    sweep(): void {
      const now = clock.now();
      for (const [key, at] of claimAlerts) if (now - at >= CLAIM_ALERT_MS) claimAlerts.delete(key);
    },
  };
}

export type IdentityGate = ReturnType<typeof createIdentityGate>;
