/** What `onEvent` sees. `agent` is the agent's id. */
export type FleetEvent =
  | { type: 'connected'; agent: string; reconnect: boolean }
  | { type: 'disconnected'; agent: string; code: number; reason: string }
  | { type: 'command'; agent: string; id: string; command: string; params: Record<string, unknown> }
  | { type: 'progress'; agent: string; id: string; command: string; status: 'accepted' | 'running' }
  | { type: 'response'; agent: string; id: string; command: string; status: string; error?: string }
  | { type: 'key_update'; agent: string; container: string; session_key: string }
  | { type: 'ack'; agent: string; ack: 'command_ack' | 'key_update_ack'; command_id?: string }
  | { type: 'summary'; agent: string }
  | { type: 'error'; agent: string; message: string }
  /** mserver refused the agent: `code` is the close code (4401) or the HTTP status of the upgrade (401, 403). */
  | { type: 'refused'; agent: string; code: number; reason: string };
