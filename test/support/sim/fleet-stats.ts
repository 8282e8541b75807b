/** Fleet-wide counters; `responsesSent` counts final answers only, progress frames are `progressSent`. */
export interface FleetStats {
  connected: number;
  commandsReceived: number;
  responsesSent: number;
  summariesSent: number;
  keyUpdatesSent: number;
  errors: number;
  /** Connections mserver refused (close code 4401, or HTTP 401/403 at the upgrade): a wrong or missing token. */
  refused: number;
  progressSent: number;
  /** Answers computed after their connection had gone: an mclient loses them too. */
  responsesDropped: number;
  commandAcksReceived: number;
  keyUpdateAcksReceived: number;
  /** Frames of any other type (kept by count only). */
  otherFramesReceived: number;
  connects: number;
  disconnects: number;
}

export function emptyFleetStats(): FleetStats {
  return {
    connected: 0,
    commandsReceived: 0,
    responsesSent: 0,
    summariesSent: 0,
    keyUpdatesSent: 0,
    errors: 0,
    refused: 0,
    progressSent: 0,
    responsesDropped: 0,
    commandAcksReceived: 0,
    keyUpdateAcksReceived: 0,
    otherFramesReceived: 0,
    connects: 0,
    disconnects: 0,
  };
}
