import type { FleetEvent } from './fleet-event.ts';

export type TokenPlacement = 'header' | 'query' | 'register';

export interface FleetOptions {
  url: string;
  clients: number;
  token?: string;
  /** Where the token goes; default 'header'. */
  tokenIn?: TokenPlacement;
  /** Agent ids `${idPrefix}-${n}`, host names `${idPrefix}-host-${n}`; default 'sim'. */
  idPrefix?: string;
  /** Old agent: no register; identity only from host_name in summaries; first summary right after connect. */
  legacy?: boolean;
  containersPerAgent?: number;
  /** Default 60000; 0 disables the periodic summaries (sendSummaries() still works). */
  summaryEveryMs?: number;
  /** How long an agent takes to answer; default [5, 40]. */
  responseDelayMs?: number | [number, number];
  /** true (default): slow commands send 'accepted' then 'running' first; false: never; a list: those commands. */
  progress?: boolean | string[];
  failRate?: number;
  failCommands?: string[];
  stallCommands?: string[];
  disconnectOnCommands?: string[];
  reconnect?: boolean;
  reconnectDelayMs?: number;
  concurrency?: number;
  seed?: number;
  /** How often the active era advances; default 600000 (an era is 24 h on Polkadot, too slow to test alerts). */
  eraEveryMs?: number;
  /** The final status of a successful command; default 'success' ('completed' and 'ok' are also valid). */
  successStatus?: string;
  /** WebSocket handshake timeout per attempt; default 10000. */
  handshakeTimeoutMs?: number;
  onEvent?: (e: FleetEvent) => void;
}

export interface ResolvedFleetOptions {
  url: string;
  headers: Record<string, string>;
  clients: number;
  token: string | undefined;
  tokenIn: TokenPlacement;
  idPrefix: string;
  legacy: boolean;
  containersPerAgent: number;
  summaryEveryMs: number;
  responseDelayMs: [number, number];
  progress: ReadonlySet<string>;
  failRate: number;
  failCommands: ReadonlySet<string>;
  stallCommands: ReadonlySet<string>;
  disconnectOnCommands: ReadonlySet<string>;
  reconnect: boolean;
  reconnectDelayMs: number;
  concurrency: number;
  seed: number;
  eraEveryMs: number;
  successStatus: string;
  handshakeTimeoutMs: number;
  onEvent: ((e: FleetEvent) => void) | undefined;
}

export const SLOW_COMMANDS: readonly string[] = ['restart', 'payout', 'backup_keys', 'rotate_keys'];

/** Fills defaults and rejects impossible combinations up front rather than misbehaving later. */
export function resolveFleetOptions(o: FleetOptions): ResolvedFleetOptions {
  const url = new URL(o.url);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`fleet url must be ws:// or wss://, got ${o.url}`);
  if (!Number.isInteger(o.clients) || o.clients < 0) throw new Error(`clients must be a non-negative integer, got ${o.clients}`);
  const tokenIn = o.tokenIn ?? 'header';
  const legacy = o.legacy ?? false;
  if (o.token !== undefined && tokenIn === 'register' && legacy) {
    throw new Error("a legacy agent sends no register message, so tokenIn 'register' cannot carry its token");
  }
  const headers: Record<string, string> = {};
  if (o.token !== undefined && tokenIn === 'header') headers.Authorization = `Bearer ${o.token}`;
  if (o.token !== undefined && tokenIn === 'query') url.searchParams.set('token', o.token);
  const delay = o.responseDelayMs ?? [5, 40];
  const [min, max] = typeof delay === 'number' ? [delay, delay] : delay;
  if (!(min >= 0 && max >= min)) throw new Error(`responseDelayMs must be >= 0 and min <= max, got ${String(delay)}`);
  const failRate = o.failRate ?? 0;
  if (!(failRate >= 0 && failRate <= 1)) throw new Error(`failRate must be within 0..1, got ${failRate}`);
  const progress = o.progress ?? true;
  return {
    url: url.toString(),
    headers,
    clients: o.clients,
    token: o.token,
    tokenIn,
    idPrefix: o.idPrefix ?? 'sim',
    legacy,
    containersPerAgent: o.containersPerAgent ?? 2,
    summaryEveryMs: o.summaryEveryMs ?? 60_000,
    responseDelayMs: [min, max],
    progress: new Set(progress === true ? SLOW_COMMANDS : progress === false ? [] : progress),
    failRate,
    failCommands: new Set(o.failCommands ?? []),
    stallCommands: new Set(o.stallCommands ?? []),
    disconnectOnCommands: new Set(o.disconnectOnCommands ?? []),
    reconnect: o.reconnect ?? true,
    reconnectDelayMs: o.reconnectDelayMs ?? 1000,
    concurrency: Math.max(1, o.concurrency ?? 200),
    seed: (o.seed ?? Date.now()) >>> 0,
    eraEveryMs: o.eraEveryMs ?? 600_000,
    successStatus: o.successStatus ?? 'success',
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
    onEvent: o.onEvent,
  };
}
