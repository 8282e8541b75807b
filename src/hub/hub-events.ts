import type { PayoutView } from '../core/payout.ts';
import type { Message } from '../i18n/message.ts';

export interface HubEvents {
  agent_connected: { agentId: string; hostName: string | undefined; address: string; at: number; replaced: boolean };
  agent_disconnected: { agentId: string; at: number; code: number };
  agent_refused: { address: string; reason: string; at: number };
  /** A frame claimed an id its credential does not hold (refused with 4403); at most once a minute per pair. */
  /** `why` in English (as audited); `whyText` for a reader in their language. */
  agent_impersonation: { claimedId: string; holder: string; why: string; whyText: Message; address: string; at: number };
  /** An id seen on the fleet token (or without one) waits for an admin. `isNew`: first seen now. */
  agent_pending: { agentId: string; hostName: string | undefined; address: string; at: number; isNew: boolean; credential: string };
  /** An agent connected from another address than last time. */
  agent_new_address: { agentId: string; address: string; previousAddress: string; credential: string; at: number };
  /** `agent forget`: its offline watch ends. */
  agent_forgotten: { agentId: string; at: number };
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
