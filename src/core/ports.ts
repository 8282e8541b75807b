// The interfaces the core depends on. The hub, the store and the transports implement them; the core
// never imports an I/O library.
import type { Message } from '../i18n/message.ts';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Where a request came from. */
/** 'web': the dashboard, with a session cookie; levels are worked out per call as for 'http'. */
export type Via = 'console' | 'discord' | 'schedule' | 'http' | 'web' | 'system';

/** The person (or schedule) a request acts for. */
export interface Actor {
  id: string;
  name: string;
  /** Discord role ids held at the moment of the request; absent for the console. */
  roles?: readonly string[];
  /** True when Discord says the member has the Administrator permission. */
  discordAdmin?: boolean;
  /** via 'http' and 'web' only: the level the token or session allows now (capped by its owner's), read per call. */
  level?: 'none' | 'viewer' | 'operator' | 'admin';
  /** via 'http' and 'web' only: the token or session has the approver right and its owner holds it now. */
  approver?: boolean;
}

/** `target` is an agent id (or host name), a comma-separated list, or `all` (every connected agent). */
export interface CommandRequest {
  command: string;
  target: string;
  params: unknown;
  actor: Actor;
  via: Via;
}

export type CommandState =
  | 'sent'
  | 'progress'
  | 'success'
  | 'failed'
  | 'timeout'
  | 'not_connected'
  | 'disconnected'
  | 'interrupted'
  /** Given up on by a person (console `cancel`) before the agent answered; a late answer is still kept. */
  | 'cancelled';

/** The latest known state of one command sent to one agent. */
export interface CommandUpdate {
  commandId: string;
  requestId: number | null;
  agentId: string;
  command: string;
  state: CommandState;
  at: number;
  sentAt: number;
  /** Present once the agent answered successfully. */
  result?: unknown;
  /** Present on failure, timeout or when the agent is unreachable: the agent's words, or mserver's in English as stored. */
  error?: string;
  /**
   * When mserver, not the agent, wrote `error` (not connected, disconnected, timed out, cancelled): the
   * same text as a Message, so a live reader gets it in their language. Rows read back from the store
   * carry only the English `error`.
   */
  errorText?: Message;
  /** The agent's own intermediate status word (`accepted`, `running`, ...), or mserver's in English. */
  progress?: string;
  /** When mserver wrote `progress` (a rolling restart's step): the same as a Message for live readers. */
  progressText?: Message;
}

/** What the core asks of the hub (implemented by src/hub/hub.ts). */
export interface SendRequest {
  agentIds: readonly string[];
  command: string;
  params: Record<string, unknown>;
  requestId: number | null;
  timeoutMs?: number | undefined;
  /** Every later transition of these commands, in order, once it is stored. */
  onUpdate?: ((u: CommandUpdate) => void) | undefined;
}

export interface CommandHandle {
  commandId: string;
  agentId: string;
  /** `sent`, or `not_connected` when the agent was offline. */
  initial: CommandUpdate;
  done: Promise<CommandUpdate>;
}

/** The commands of one send(), in the order of its agent ids. */
export interface SentCommands {
  handles: CommandHandle[];
  /** Every final outcome, in the same order, once all are stored. */
  done: Promise<CommandUpdate[]>;
}

export interface LiveAgent {
  id: string;
  provisional: boolean;
  /** Named itself on the fleet token (or without one) and waits for an admin: never commanded. */
  pending?: boolean;
  hostName: string | undefined;
  address: string;
  connectedAt: number;
  lastSeen: number;
  containers: string[] | undefined;
}

export interface HubPort {
  send(req: SendRequest): SentCommands;
  isConnected(agentId: string): boolean;
  connectedIds(): string[];
  live(): LiveAgent[];
  /** Gives up on the open commands of a request (recorded as cancelled with `reason`); returns how many. */
  abandon(requestId: number, reason: Message): number;
}
