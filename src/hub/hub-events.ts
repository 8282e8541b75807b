import type { PayoutView } from '../core/payout.ts';

export interface HubEvents {
  agent_connected: { agentId: string; hostName: string | undefined; address: string; at: number; replaced: boolean };
  agent_disconnected: { agentId: string; at: number; code: number };
  agent_refused: { address: string; reason: string; at: number };
  /** An answer for a command that already ended (timeout, disconnect): kept, not applied. */
  late_response: { agentId: string; commandId: string; status: string | undefined; at: number };
  key_update: {
    /** The stored row (session_keys.id): names this key update for good, e.g. to alert on it once. */
    keyId: number;
    agentId: string;
    container: string;
    sessionKey: string;
    action: string | undefined;
    commandId: string | undefined;
    requestId: number | null;
    solicited: boolean;
    at: number;
  };
  summary: { agentId: string; at: number; data: Record<string, unknown>; payout: PayoutView | undefined; payoutChanged: boolean };
}
