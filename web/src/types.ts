// What /api/v1 and /auth answer, as the client reads it (the server's schemas are in
// src/transports/http/views.ts; they are not imported here because they pull in Node's types).
export type Level = 'viewer' | 'operator' | 'admin' | 'none';

export interface Me {
  actor: { id: string; name: string };
  level: Level;
  approver: boolean;
  csrfToken: string;
  expiresAt: number;
}

export interface Agent {
  id: string;
  hostName: string | null;
  state: 'online' | 'offline' | 'waiting';
  address: string | null;
  lastSeen: string | null;
  connectedAt: string | null;
  version: string | null;
  containers: string[];
  payout: { stash: string | null; chain: string | null; activeEra: number | null; unclaimedEras: number[]; oldestUnclaimedEra: number | null; erasLeft: number | null } | null;
  keys: Array<{ container: string; sessionKey: string; receivedAt: string | null; solicited: boolean }>;
}

export interface Page<T> {
  items: T[];
  next: string | null;
  total?: number;
}

export interface CommandSpecJson {
  name: string;
  risk: string;
  description: string;
  level: string;
  guard: 'none' | 'confirmation' | 'approval';
  params: Array<{ name: string; required: boolean; description: string; rule: string }>;
}

export interface Outcome {
  agentId: string;
  commandId: string;
  state: string;
  progress: string | null;
  sentAt: string | null;
  finishedAt: string | null;
  result?: unknown;
  error: string | null;
}

export interface RequestJson {
  id: number;
  command: string;
  target: string;
  agents: string[];
  params: Record<string, unknown>;
  risk: string;
  state: string;
  reason: string | null;
  approvalsNeeded: number;
  approvals: number;
  expiresAt: string | null;
  actor: { id: string; name: string; via: string };
  createdAt: string | null;
  updatedAt: string | null;
  outcomes?: Outcome[];
}

export interface Answer {
  status: 'running' | 'needs_confirmation' | 'needs_approval' | 'granted' | 'cancelled' | 'denied';
  request: RequestJson;
}

export interface HistoryEntry {
  commandId: string;
  requestId: number | null;
  agentId: string;
  command: string;
  params: unknown;
  state: string;
  sentAt: string | null;
  finishedAt: string | null;
  result?: unknown;
  error: string | null;
  actor: { id: string | null; name: string | null; via: string | null };
}

export interface AuditEntry {
  id: number;
  at: string | null;
  kind: string;
  requestId: number | null;
  actor: { id: string | null; name: string | null; via: string | null };
  agentId: string | null;
  command: string | null;
  detail?: unknown;
}
