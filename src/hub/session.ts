import type { WebSocket } from 'ws';
import type { Presented } from '../core/identity.ts';

/** One agent connection. `id` is provisional (`anon-<address>-<port>`) until the agent names itself. */
export interface Session {
  ws: WebSocket;
  id: string;
  provisional: boolean;
  authenticated: boolean;
  address: string;
  hostName: string | undefined;
  version: string | undefined;
  containers: string[] | undefined;
  connectedAt: number;
  lastSeen: number;
  /** Cleared at each heartbeat ping, set by the pong or any frame. */
  alive: boolean;
  /** A newer connection took this agent id over; closing this one is not a disconnection. */
  replaced: boolean;
  /** Rate limit: a bucket refilled at MCLIENT_MAX_MSGS_PER_S, at most one second's worth. */
  tokens: number;
  refilledAt: number;
  /** Frames the agent may send beyond the bucket because mserver asked for them (its commands' answers). */
  credit: number;
  flooded: boolean;
  authTimer: NodeJS.Timeout | undefined;
  /** What its token proved (undefined until it proved anything); a token of its own fixes the id. */
  presented: Presented | undefined;
  /** Identified on the fleet token, waiting for an admin: still provisional (never commanded). */
  pending: boolean;
  /** Closed by `agent forget`: its close is not a disconnection worth an alert. */
  forgotten: boolean;
  /**
   * The host name its frames last carried and whether it is another agent's id, as of that credentials
   * generation: summaries repeat one name, and looking it up in SQLite for each frame was a third of the
   * cost of taking a summary in.
   */
  hostNameCheck?: { name: string; generation: number; known: boolean } | undefined;
}
