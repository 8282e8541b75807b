// The gateway side: hello, IDENTIFY -> READY + one GUILD_CREATE per guild, heartbeat acks, RESUME with
// replay of missed dispatches. JSON text frames only: discord.js drops binary frames it cannot inflate and
// then hangs until its 60 s hello timeout.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { apiGuildCreate, apiUser } from './api-objects.ts';
import type { EmulatorState } from './emulator-state.ts';
import { asNumber, isRecord } from './json-guards.ts';
import type { GatewayStats } from './types.ts';

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  allowPrivilegedIntents: boolean;
}

interface Entry {
  t: string;
  d: unknown;
  s: number;
  item?: Delivery;
}

interface Delivery {
  t: string;
  d: unknown;
  sent(): void;
  fail(err: Error): void;
}

interface Session {
  id: string;
  seq: number;
  log: Entry[];
  socket: WebSocket | null;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
  closingByServer: boolean;
}

// GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT: refused unless enabled in the developer portal.
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
// Close codes after which Discord will not accept a RESUME of the session.
const SESSION_ENDING_CODES = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);
const MAX_LOG = 1000;

export class GatewayServer {
  readonly #state: EmulatorState;
  readonly #opts: GatewayOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Map<WebSocket, Connection>();
  readonly #pending: Delivery[] = [];
  readonly #undelivered = new Set<Delivery>();
  #session: Session | null = null;
  /** 'ws://127.0.0.1:PORT', set once the HTTP server listens. */
  url = '';
  unreachable = false;
  readonly stats: Omit<GatewayStats, 'connected'> = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    invalidSessions: 0,
    intents: null,
    serverCloseCodes: [],
  };

  constructor(state: EmulatorState, opts: GatewayOptions) {
    this.#state = state;
    this.#opts = opts;
  }

  get connected(): boolean {
    return this.#session?.socket?.readyState === WebSocket.OPEN;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.unreachable || this.#state.closed) {
      resetSocket(socket);
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, req));
  }

  /**
   * Sends a dispatch to the bot. Before the bot has identified it waits in a queue; while the bot's socket
   * is down it sits in the session log and is replayed on RESUME. Resolves when written to a live socket.
   */
  dispatch(t: string, d: unknown, opts: { timeoutMs?: number; onSent?: () => void } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    if (this.#state.closed) return Promise.reject(new Error(`${t} not delivered: the Discord emulator was closed`));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        this.#undelivered.delete(item);
        const i = this.#pending.indexOf(item);
        if (i >= 0) this.#pending.splice(i, 1);
        reject(new Error(`${t} not delivered within ${timeoutMs} ms: ${this.#whyUndelivered()}`));
      }, timeoutMs);
      const item: Delivery = {
        t,
        d,
        sent: () => {
          if (settled) return;
          settled = true;
          opts.onSent?.();
          clearTimeout(timer);
          this.#undelivered.delete(item);
          resolve();
        },
        fail: (err) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          this.#undelivered.delete(item);
          reject(err);
        },
      };
      this.#undelivered.add(item);
      if (this.#session) this.#emit(this.#session, t, d, item);
      else this.#pending.push(item);
    });
  }

  /** Closes the bot's socket with `code`; with a resumable code the session stays open for RESUME. */
  disconnect(code = 4000): void {
    const socket = this.#session?.socket;
    const conn = socket ? this.#connections.get(socket) : undefined;
    if (conn) this.#close(conn, code, 'Disconnected by the test');
  }

  /** Drops every socket without a close frame, as a network cut would; sessions stay resumable. */
  dropAll(): void {
    for (const ws of this.#connections.keys()) ws.terminate();
  }

  close(): void {
    for (const ws of this.#connections.keys()) ws.terminate();
    this.#wss.close();
    for (const item of [...this.#undelivered]) item.fail(new Error(`${item.t} not delivered: the Discord emulator was closed`));
    this.#pending.length = 0;
  }

  #whyUndelivered(): string {
    if (!this.#session) return 'the bot has not identified on the gateway (is the client logged in?)';
    return "the bot's gateway socket is closed and it has not resumed";
  }

  #onConnection(ws: WebSocket, req: IncomingMessage): void {
    const conn: Connection = { ws, session: null, closingByServer: false };
    this.#connections.set(ws, conn);
    this.stats.connections++;
    ws.on('error', () => undefined);
    ws.on('close', (code: number) => {
      this.#connections.delete(ws);
      const session = conn.session;
      if (session && session.socket === ws) {
        session.socket = null;
        // A client closing with 1000/1001 ends its session, as on Discord; 4200 (discord.js resuming) keeps it.
        if (!conn.closingByServer && (code === 1000 || code === 1001) && this.#session === session) this.#session = null;
      }
      this.#state.notify();
    });
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onFrame(conn, data, isBinary));

    const query = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams;
    const v = query.get('v');
    const encoding = query.get('encoding');
    if ((v !== null && v !== '10') || (encoding !== null && encoding !== 'json') || query.has('compress')) {
      // An unrecoverable code: discord.js gives up instead of reconnecting forever.
      this.#close(conn, 4012, 'The emulator speaks gateway v10, JSON encoding, no compression only');
      return;
    }
    this.#sendRaw(ws, { op: 10, d: { heartbeat_interval: this.#opts.heartbeatIntervalMs, _trace: ['["discord-emulator"]'] }, s: null, t: null });
    this.#state.notify();
  }

  #onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.#close(conn, 4002, 'Error while decoding payload.');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawToString(data)) as unknown;
    } catch {
      this.#close(conn, 4002, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload)) {
      this.#close(conn, 4002, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case 1:
        this.#sendRaw(conn.ws, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.#identify(conn, payload.d);
        return;
      case 6:
        this.#resume(conn, payload.d);
        return;
      case 3: // presence update
      case 4: // voice state update
      case 8: // request guild members: needs the GUILD_MEMBERS intent, which the bot must not ask for
      case 31: // request soundboard sounds
        if (!conn.session) this.#close(conn, 4003, 'Not authenticated.');
        return;
      default:
        this.#close(conn, 4001, 'Unknown opcode.');
    }
  }

  #identify(conn: Connection, d: unknown): void {
    if (conn.session) {
      this.#close(conn, 4005, 'Already authenticated.');
      return;
    }
    if (!isRecord(d) || d.token !== this.#state.token) {
      this.#close(conn, 4004, 'Authentication failed.');
      return;
    }
    const intents = asNumber(d.intents) ?? 0;
    this.stats.intents = intents;
    if (!this.#opts.allowPrivilegedIntents && (intents & PRIVILEGED_INTENTS) !== 0) {
      this.#close(conn, 4014, 'Disallowed intent(s).');
      return;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, log: [], socket: conn.ws };
    this.#session = session;
    conn.session = session;
    this.stats.identifies++;
    const state = this.#state;
    this.#emit(session, 'READY', {
      v: 10,
      user: { ...apiUser(state.botUser, true), verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      private_channels: [],
      relationships: [],
      presences: [],
      guilds: state.guilds.map((g) => ({ id: g.id, unavailable: true })),
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.url,
      shard: Array.isArray(d.shard) ? d.shard : [0, 1],
      application: { id: state.applicationId, flags: 0 },
      _trace: ['["discord-emulator"]'],
    });
    for (const guild of state.guilds) {
      this.#emit(session, 'GUILD_CREATE', apiGuildCreate(guild, state.ownerId, state.botUser, state.joinedAt, []));
    }
    this.#flushPending(session);
    state.notify();
  }

  #resume(conn: Connection, d: unknown): void {
    if (conn.session) {
      this.#close(conn, 4005, 'Already authenticated.');
      return;
    }
    if (!isRecord(d) || d.token !== this.#state.token) {
      this.#close(conn, 4004, 'Authentication failed.');
      return;
    }
    const session = this.#session;
    const seq = asNumber(d.seq) ?? 0;
    const oldest = session?.log[0]?.s ?? 1;
    if (!session || session.id !== d.session_id || seq > session.seq || oldest > seq + 1) {
      // d:false tells discord.js to drop the session and IDENTIFY afresh.
      this.stats.invalidSessions++;
      this.#sendRaw(conn.ws, { op: 9, d: false, s: null, t: null });
      this.#state.notify();
      return;
    }
    const previous = session.socket;
    if (previous && previous !== conn.ws) {
      const prevConn = this.#connections.get(previous);
      if (prevConn) prevConn.session = null;
      previous.terminate();
    }
    session.socket = conn.ws;
    conn.session = session;
    for (const entry of session.log) {
      if (entry.s > seq) this.#write(conn.ws, entry);
    }
    this.#emit(session, 'RESUMED', { _trace: ['["discord-emulator"]'] });
    this.stats.resumes++;
    this.#flushPending(session);
    this.#state.notify();
  }

  #flushPending(session: Session): void {
    for (const item of this.#pending.splice(0)) this.#emit(session, item.t, item.d, item);
  }

  #emit(session: Session, t: string, d: unknown, item?: Delivery): void {
    const entry: Entry = { t, d, s: ++session.seq, ...(item ? { item } : {}) };
    session.log.push(entry);
    if (session.log.length > MAX_LOG) session.log.splice(0, session.log.length - MAX_LOG);
    if (session.socket) this.#write(session.socket, entry);
  }

  #write(ws: WebSocket, entry: Entry): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    this.#sendRaw(ws, { op: 0, t: entry.t, s: entry.s, d: entry.d });
    if (entry.item) {
      entry.item.sent();
      delete entry.item;
    }
  }

  #sendRaw(ws: WebSocket, payload: unknown): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    // A string argument makes ws send a text frame, the only kind discord.js parses without zlib.
    ws.send(JSON.stringify(payload), () => undefined);
  }

  #close(conn: Connection, code: number, reason: string): void {
    conn.closingByServer = true;
    this.stats.serverCloseCodes.push(code);
    if (SESSION_ENDING_CODES.has(code) && conn.session && this.#session === conn.session) this.#session = null;
    if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) conn.ws.close(code, reason);
    this.#state.notify();
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function resetSocket(socket: Duplex): void {
  const net = socket as Partial<Socket> & Duplex;
  if (typeof net.resetAndDestroy === 'function') net.resetAndDestroy();
  else socket.destroy();
}
