// A notification as facts (ARCHITECTURE-NEXT point 2): src/notify decides what to tell and says it in
// these records; each transport renders them for its readers (Discord as embeds in the channels'
// language). Plain data, JSON all the way down, so a notice can wait in the outbox as facts.
import type { Message } from '../i18n/message.ts';
import type { DuplicateKey, Handover } from './key-guard.ts';
import type { HostEvent } from './notifications/host-watch.ts';
import type { PayoutChange } from './notifications/payout-alerts.ts';
import type { PayoutDigest } from './notifications/payout-digest.ts';
import type { PayoutThresholds } from './notifications/payout-level.ts';
import type { CommandState, CommandUpdate } from './ports.ts';

/** A next step offered under a notice: the stored alert action it runs, and its label (already in the channels' language). */
export interface NoticeAction {
  actionId: number;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
}

/** Who asked for a request: `Adam via discord (request #12)`. */
export interface Requester {
  actorName: string;
  via: string;
  requestId: number;
}

export interface KeyAlertFacts {
  agentId: string;
  container: string;
  sessionKey: string;
  /** Who asked for the rotation; `rotate_keys`: a rotate_keys request nobody is named for; undefined: nobody did. */
  askedBy: Requester | 'rotate_keys' | undefined;
  commandId: string | undefined;
}

/** The agent that answered a key check, and on what credential (the verdict rests on its word). */
export interface KeyAnswerer {
  agentId: string;
  /** The credential's label (own token, fleet token), as the core names it; undefined: none on record. */
  credential: Message | string | undefined;
  address: string | undefined;
}

/**
 * What the verdict may claim. Without CHAIN_RPC_URL, has_session_keys is the node's word and labelled so;
 * with it, only session.nextKeys / queuedKeys verify, so the node's yes says it waits for the chain.
 */
export type KeyCheckBasis = { kind: 'node' } | { kind: 'chain'; stash: string } | { kind: 'no_stash' };

export interface KeyCheckFacts extends Pick<KeyAlertFacts, 'agentId' | 'container'> {
  /** A rotate_keys mserver sent to this agent and container asked for these keys. */
  solicited: boolean;
  answeredBy: KeyAnswerer;
  basis?: KeyCheckBasis | undefined;
}

/** Why mserver could not tell whether the node holds the keys. */
export type KeyCheckProblem =
  | { kind: 'not_reached' }
  | { kind: 'state'; state: CommandState }
  | { kind: 'not_boolean' }
  | { kind: 'policy'; needs: 'approval' | 'confirmation' }
  /** A refusal (a message for any reader) or a fault's own words. */
  | { kind: 'error'; text: Message | string };

export type KeyVerdict =
  | { kind: 'held' }
  | { kind: 'not_held' }
  /** `agentSaid`, the agent's own words, is escaped where it is shown. */
  | { kind: 'unknown'; why: KeyCheckProblem; agentSaid?: string };

export type HandoverStep = 'submitted' | 'done' | 'confirmed' | 'mismatch' | 'unreachable' | 'no_stash';

/** What the chain holds for a stash, as read for a hand-over. */
export interface ChainKeys {
  stash: string;
  next: string | null;
  queued: string[];
}

/** A request in a notice: what ran, and who asked. */
export interface RequestFacts {
  id: number;
  command: string;
  via: string;
  actorName: string;
}

export type NoticeFacts =
  | { kind: 'payout_changes'; changes: PayoutChange[] }
  | { kind: 'payout_digest'; digest: PayoutDigest; thresholds: PayoutThresholds; at: number }
  | { kind: 'host_events'; events: HostEvent[] }
  | { kind: 'disk_low'; freeMb: number; warnMb: number; path: string }
  | { kind: 'run_failed'; request: RequestFacts; failed: CommandUpdate[]; total: number }
  | { kind: 'interrupted'; commands: { id: string; agentId: string; command: string; requestId: number | null }[] }
  | { kind: 'key_rotated'; key: KeyAlertFacts }
  | { kind: 'key_verdict'; check: KeyCheckFacts; verdict: KeyVerdict }
  | { kind: 'duplicate_key'; duplicate: DuplicateKey }
  /** `chain`: what the chain was read to hold; `byChain`: CHAIN_RPC_URL decides when the keys count; `error`: why the chain could not be read. */
  | { kind: 'handover'; handover: Handover; step: HandoverStep; chain?: ChainKeys; byChain?: boolean; error?: Message | string }
  /** `why`: the hub's reason, a message for any reader (or its English words). */
  | { kind: 'impersonation'; claimedId: string; why: Message | string; address: string; holder: string }
  | { kind: 'agent_pending'; agentId: string; hostName: string | null | undefined; address: string; credential: string }
  | { kind: 'agent_new_address'; agentId: string; address: string; previousAddress: string; credential: string };

/** A notice with the buttons under it. */
export interface NoticeOut {
  facts: NoticeFacts;
  actions?: NoticeAction[] | undefined;
}
