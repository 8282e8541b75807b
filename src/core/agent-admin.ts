// What an admin does with agent identities, from the console or Discord: add (a token of its own,
// shown once), revoke, rotate, forget, accept, reject, list. Each verb is audited with who and via what;
// each refuses an unknown or invalid id with a clear error and changes nothing then.
import { msg, type Message } from '../i18n/message.ts';
import { UserError } from './errors.ts';
import { agentIdProblem, newAgentToken, type CredentialRecord, type CredentialStore } from './identity.ts';
import type { Actor, Clock, Via } from './ports.ts';

/** The hub as the admin verbs need it. */
export interface IdentitySessions {
  disconnect(agentId: string, code: number, reason: string, forgotten?: boolean): boolean;
  promote(agentId: string): boolean;
  isConnected(agentId: string): boolean;
  live(): Array<{ id: string; address: string; lastSeen: number; pending?: boolean; provisional: boolean }>;
}

export interface AgentAdminDeps {
  credentials: CredentialStore;
  sessions: IdentitySessions;
  /** An agent row exists (seen before and not forgotten). */
  known(agentId: string): boolean;
  /** Removes the agent from the lists and alerts (its history stays). */
  forgetAgent(agentId: string, at: number): void;
  audit(e: { at: number; kind: string; agentId: string; actor: Actor; via: Via; detail?: unknown }): void;
  clock: Clock;
  tokenGraceMs: number;
}

export interface AgentListing {
  id: string;
  state: CredentialRecord['state'];
  credential: Message;
  online: boolean;
  lastAddress: string | null;
  lastSeen: number | null;
  graceUntil: number | null;
}

export const CREDENTIAL_LABEL: Record<CredentialRecord['kind'], Message> = { own: msg('core.credential.own'), fleet: msg('core.credential.fleet'), none: msg('core.credential.none') };

/** A credential's state as a person reads it. */
export function credentialState(state: CredentialRecord['state']): Message {
  return msg(`core.credential.state.${state}`);
}

const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;

export function createAgentAdmin(deps: AgentAdminDeps) {
  const { credentials, sessions, clock } = deps;

  function valid(id: string): string {
    const problem = agentIdProblem(id);
    if (problem) throw new UserError('bad_input', problem);
    return id;
  }

  function existing(id: string): CredentialRecord {
    // A known id is found as it is (an agent from before identity may have an id outside the pattern).
    const r = credentials.get(id) ?? credentials.get(valid(id));
    if (!r) throw new UserError('unknown_agent', msg('core.agent.unknown', { id }));
    return r;
  }

  function audit(kind: string, agentId: string, actor: Actor, via: Via, detail?: unknown): void {
    deps.audit({ at: clock.now(), kind, agentId, actor, via, detail });
  }

  return {
    /** A new agent with a token of its own; the token is returned once and stored only as its hash. */
    add(id: string, actor: Actor, via: Via): { agentId: string; token: string } {
      valid(id);
      if (credentials.get(id) || deps.known(id)) {
        throw new UserError('bad_input', msg('core.agent.exists', { id }));
      }
      const { token, hash } = newAgentToken();
      credentials.insert({ agentId: id, state: 'active', kind: 'own', tokenHash: hash, at: clock.now(), decidedBy: actor.name });
      audit('agent_added', id, actor, via);
      return { agentId: id, token };
    },

    /** Its connection closes (4401) and its token is refused from now on. */
    revoke(id: string, actor: Actor, via: Via): { wasConnected: boolean } {
      const r = existing(id);
      if (r.state === 'revoked') throw new UserError('bad_input', msg('core.agent.alreadyRevoked', { id }));
      credentials.setState(id, 'revoked', clock.now(), actor.name);
      const wasConnected = sessions.disconnect(id, CLOSE_UNAUTHORIZED, 'credential revoked'); // i18n-exempt: a WebSocket close reason read by mclient
      audit('agent_revoked', id, actor, via, { previous: r.state, kind: r.kind });
      return { wasConnected };
    },

    /**
     * A new token of its own. The old one (or the fleet token, for an agent that had none of its own)
     * keeps working for the grace period or until the new one is used. A revoked agent is re-admitted.
     */
    rotate(id: string, actor: Actor, via: Via): { agentId: string; token: string; graceUntil: number | null } {
      const r = existing(id);
      if (r.state === 'pending' || r.state === 'rejected') throw new UserError('bad_input', msg('core.agent.notAccepted', { id, state: credentialState(r.state) }));
      const now = clock.now();
      const { token, hash } = newAgentToken();
      const grace = r.state === 'active' && deps.tokenGraceMs > 0 ? now + deps.tokenGraceMs : null;
      credentials.setToken(id, {
        tokenHash: hash,
        oldTokenHash: r.kind === 'own' && grace !== null ? r.tokenHash : null,
        oldExpiresAt: r.kind === 'own' ? grace : null,
        fleetUntil: r.kind !== 'own' ? grace : null,
      }, now);
      if (r.state === 'revoked') credentials.setState(id, 'active', now, actor.name);
      audit('agent_rotated', id, actor, via, { previousKind: r.kind, graceUntil: grace });
      return { agentId: id, token, graceUntil: grace };
    },

    /** A decommissioned host: out of the lists, `all` and the offline alerts; its history stays. */
    forget(id: string, actor: Actor, via: Via): void {
      const r = credentials.get(id);
      if (!r && !deps.known(valid(id))) throw new UserError('unknown_agent', msg('core.agent.unknown', { id }));
      const at = clock.now();
      credentials.remove(id);
      deps.forgetAgent(id, at);
      sessions.disconnect(id, CLOSE_UNAUTHORIZED, 'agent forgotten', true); // i18n-exempt: a WebSocket close reason read by mclient
      audit('agent_forgotten', id, actor, via, { previous: r?.state });
    },

    accept(id: string, actor: Actor, via: Via): { connected: boolean } {
      const r = existing(id);
      if (r.state !== 'pending') throw new UserError('bad_input', msg('core.agent.notPending', { id, state: credentialState(r.state) }));
      credentials.setState(id, 'active', clock.now(), actor.name);
      const connected = sessions.promote(id);
      audit('agent_accepted', id, actor, via, { kind: r.kind, address: r.lastAddress });
      return { connected };
    },

    reject(id: string, actor: Actor, via: Via): void {
      const r = existing(id);
      if (r.state !== 'pending') throw new UserError('bad_input', msg('core.agent.notPending', { id, state: credentialState(r.state) }));
      credentials.setState(id, 'rejected', clock.now(), actor.name);
      sessions.disconnect(id, CLOSE_FORBIDDEN, 'enrolment rejected by an admin'); // i18n-exempt: a WebSocket close reason read by mclient
      audit('agent_rejected', id, actor, via, { kind: r.kind, address: r.lastAddress });
    },

    get(id: string): CredentialRecord | undefined {
      return credentials.get(id);
    },

    list(): AgentListing[] {
      const live = new Map(sessions.live().map((l) => [l.id, l]));
      return credentials.list().map((r) => {
        const l = live.get(r.agentId);
        const graceUntil = r.oldExpiresAt ?? r.fleetUntil;
        return {
          id: r.agentId,
          state: r.state,
          credential: CREDENTIAL_LABEL[r.kind],
          online: l !== undefined,
          lastAddress: l?.address ?? r.lastAddress,
          lastSeen: l?.lastSeen ?? r.lastSeen,
          graceUntil: graceUntil !== null && graceUntil > clock.now() ? graceUntil : null,
        };
      });
    },
  };
}

export type AgentAdmin = ReturnType<typeof createAgentAdmin>;
