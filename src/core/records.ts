// The records the core speaks in: requests and their votes, agents as stored, audit events. The store
// implements them (src/store/*-repo.ts); the core never imports the store.
import type { Risk } from './catalog.ts';
import type { Via } from './ports.ts';
import type { Message } from '../i18n/message.ts';

export type RequestState =
  | 'invalid'
  | 'refused'
  | 'awaiting_confirmation'
  | 'awaiting_approval'
  | 'cancelled'
  | 'denied'
  | 'expired'
  /** Withdrawn at approval time: the requester no longer held what the request needs. */
  | 'withdrawn'
  | 'dispatched'
  | 'done'
  /** An authorization (purpose set) that may be used. */
  | 'granted'
  /** An authorization withdrawn because what it covered changed or went away. */
  | 'revoked';

/** What every request row holds, whatever it waits for. */
export interface RequestFields {
  command: string;
  target: string;
  agents: string[];
  params: Record<string, unknown>;
  risk: Risk;
  digest: string;
  actorId: string;
  actorName: string;
  via: Via;
  state: RequestState;
}

export interface NewRequest extends RequestFields {
  reason?: string | null | undefined;
  approvalsNeeded?: number | undefined;
  expiresAt?: number | null | undefined;
  origin?: unknown;
  purpose?: string | null | undefined;
  /** mserver's own warning for approvers (a key-guard override, a stop during a key hand-over), one Message per line, shown in each approver's language. */
  warning?: readonly Message[] | null | undefined;
  at: number;
}

export interface RequestRecord extends RequestFields {
  id: number;
  reason: string | null;
  approvalsNeeded: number;
  expiresAt: number | null;
  origin: unknown;
  purpose: string | null;
  warning: readonly Message[] | null;
  createdAt: number;
  updatedAt: number;
}

export interface Vote {
  requestId: number;
  actorId: string;
  actorName: string;
  decision: 'approve' | 'deny';
  at: number;
}

export interface AgentRecord {
  id: string;
  hostName: string | null;
  version: string | null;
  containers: string[];
  address: string | null;
  firstSeen: number;
  lastSeen: number;
  connected: boolean;
  connectedAt: number | null;
  disconnectedAt: number | null;
  lastSummary: unknown;
  lastSummaryAt: number | null;
}

export interface AgentSeen {
  id: string;
  hostName?: string | undefined;
  version?: string | undefined;
  containers?: string[] | undefined;
  address: string;
  at: number;
}

export interface AuditEvent {
  at: number;
  kind: string;
  requestId?: number | null | undefined;
  actorId?: string | null | undefined;
  actorName?: string | null | undefined;
  via?: string | null | undefined;
  agentId?: string | null | undefined;
  command?: string | null | undefined;
  detail?: unknown;
}

export interface AuditRecord extends AuditEvent {
  id: number;
}

export interface AuditFilter {
  agentId?: string | undefined;
  actorId?: string | undefined;
  command?: string | undefined;
  requestId?: number | undefined;
  kind?: string | undefined;
  limit?: number | undefined;
}

/** What the core asks of the requests store (implemented by src/store/requests-repo.ts). */
export interface RequestsPort {
  add(r: NewRequest): number;
  get(id: number): RequestRecord | undefined;
  transition(id: number, from: RequestState, to: RequestState, at: number): boolean;
  setReason(id: number, reason: string): boolean;
  setOrigin(id: number, origin: unknown): void;
  due(now: number): RequestRecord[];
  addVote(v: Vote): boolean;
  votes(requestId: number): Vote[];
}

/** What the core reads of the agents store (implemented by src/store/agents-repo.ts). */
export interface AgentsPort {
  names(): Array<{ id: string; hostName: string | null; containers: string[] }>;
  list(): AgentRecord[];
  get(id: string): AgentRecord | undefined;
  byHostName(hostName: string): AgentRecord[];
}
