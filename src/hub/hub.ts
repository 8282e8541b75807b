// The mclient hub: the WebSocket server the deployed agents connect to. It authenticates agents in the
// HTTP upgrade, keeps one session per agent id, sends commands in the seed's exact frame and follows
// each one to a final state. Nothing an agent sends can crash it.
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createEventBus, type EventBus } from '../core/event-bus.ts';
import type { EnrollMode, Presented } from '../core/identity.ts';
import type { Clock, CommandHandle, CommandUpdate, HubPort, LiveAgent, SendRequest, SentCommands } from '../core/ports.ts';
import type { SanitizedResult } from '../core/result-sanitizer.ts';
import { msg, render } from '../i18n/message.ts';
import type { Logger } from '../log.ts';
import type { NewCommand } from '../store/commands-repo.ts';
import type { Store } from '../store/store.ts';
import { createAgentAuth, remoteOf, tokenFromRequest } from './agent-auth.ts';
import { createCommandIds } from './command-id.ts';
import { createFramePacer } from './frame-pacer.ts';
import { createIdentityGate } from './identity-gate.ts';
import type { HubEvents } from './hub-events.ts';
import { createLogThrottle } from './log-throttle.ts';
import { createMessageRouter, type RouterCounters } from './message-router.ts';
import { commandHandle, createPendingCommands } from './pending-commands.ts';
import { commandFrame } from './protocol.ts';
import type { Session } from './session.ts';
import type { QuotaOptions } from './agent-quotas.ts';
import { closeNotAdmitted, createUnauthGate } from './unauth-gate.ts';

export interface HubOptions {
  host: string;
  port: number;
  auth: 'token' | 'none';
  /** sha256 (hex) of the fleet enrolment token(s). */
  fleetTokenHashes: readonly string[];
  enroll: EnrollMode;
  /** PEM certificate and key: the hub serves wss:// only. */
  tls?: { cert: Buffer; key: Buffer } | undefined;
  maxFrameBytes: number;
  maxMessagesPerSecond: number;
  heartbeatMs: number;
  registerTimeoutMs: number;
  commandTimeoutMs: number;
  resultMaxBytes: number;
  /** Per-agent quotas (agent-quotas.ts); defaults when absent. */
  quotas?: QuotaOptions | undefined;
  /** Sockets waiting for a token, in total and per address (unauth-gate.ts); 256 and 16 when absent. */
  maxUnauthenticated?: number | undefined;
  maxUnauthenticatedPerAddress?: number | undefined;
}

export interface HubDeps {
  options: HubOptions;
  store: Store;
  log: Logger;
  clock: Clock;
  sanitizeResult: (command: string, result: unknown) => SanitizedResult;
  sanitizeText: (text: string) => string;
  /** Redaction for anything else kept from an agent (unknown messages). */
  sanitizeValue: <T>(value: T) => T;
}

/** The router's counters, and what the hub itself counts. */
export interface HubStats extends RouterCounters {
  connected: number;
  provisional: number;
  authFailures: number;
  oversize: number;
  floods: number;
  handlerErrors: number;
  commandsSent: number;
  pending: number;
}

export interface Hub extends HubPort {
  listen(): Promise<{ host: string; port: number }>;
  /** New certificate and key for new connections; connected agents stay. */
  reloadTls(tls: { cert: Buffer; key: Buffer }): void;
  /** Closes the agent's connection, if any (revoke 4401, reject 4403, forget: no offline alert). */
  disconnect(agentId: string, code: number, reason: string, forgotten?: boolean): boolean;
  /** An accepted pending agent that is connected becomes a full agent now. */
  promote(agentId: string): boolean;
  close(): Promise<void>;
  stats(): HubStats;
  readonly events: EventBus<HubEvents>;
}

const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_POLICY = 1008;
const CLOSE_GOING_AWAY = 1001;
const ANSWER_FRAMES_PER_COMMAND = 4;
const MAX_CREDIT = 10_000;
/** Commands one request sends per turn of the event loop (a broadcast to 10,000 agents takes 20). */
const SEND_CHUNK = 500;
const NOT_CONNECTED = msg('core.run.notConnected');
/** Agent frames handled per turn of the event loop; the rest wait for the next turn (frame-pacer.ts). */
const FRAMES_PER_TURN = 500;

export function createHub(deps: HubDeps): Hub {
  const { options, store, log, clock } = deps;
  const events = createEventBus<HubEvents>((err, name) => log.error({ err, event: name }, 'hub event listener failed'));
  const auth = createAgentAuth(options.auth, options.fleetTokenHashes, store.credentials, () => clock.now());
  const throttle = createLogThrottle(() => clock.now());
  // Refusals need no credentials to cause: one audit row each would let anyone fill the disk. The first
  // few per address and minute get a row of their own, the rest one row with their count.
  const refusalRows = createLogThrottle(() => clock.now(), 10, 60_000);
  const sessions = new Map<string, Session>();
  const counters: Omit<HubStats, 'connected' | 'provisional' | 'pending'> = {
    framesIn: 0,
    malformed: 0,
    unknownTypes: 0,
    unknownResponses: 0,
    foreignResponses: 0,
    lateResponses: 0,
    authFailures: 0,
    oversize: 0,
    floods: 0,
    handlerErrors: 0,
    commandsSent: 0,
    refusedFrames: 0,
    quotaRefusals: 0,
    framesByType: {},
  };
  const unauth = createUnauthGate({ total: options.maxUnauthenticated ?? 256, perAddress: options.maxUnauthenticatedPerAddress ?? 16 });
  const nextCommandId = createCommandIds(store.commands.newestIdMs());
  const pending = createPendingCommands({
    commands: store.commands,
    queue: store.queue,
    clock,
    resultMaxBytes: options.resultMaxBytes,
    sanitizeResult: deps.sanitizeResult,
    sanitizeText: deps.sanitizeText,
  });

  let server: Server | TlsServer | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closing = false;

  function auditRefusal(address: string, reason: string): void {
    counters.authFailures += 1;
    const at = clock.now();
    refusalRows(
      `refused:${address}`,
      () => store.queue.push(() => store.audit.add({ at, kind: 'agent_refused', via: 'hub', detail: { address, reason } })),
      (count) => {
        const end = clock.now();
        store.queue.push(() =>
          store.audit.add({ at: end, kind: 'agent_refused', via: 'hub', detail: { address, reason: 'more refusals from this address, counted', count } }), // i18n-exempt: an audit detail
        );
      },
    );
    throttle(
      `auth:${address}`,
      () => log.warn({ address, reason }, 'agent refused'),
      (n) => log.warn({ address, suppressed: n }, 'more agents refused from this address'),
    );
    events.emit('agent_refused', { address, reason, at });
  }

  const gate = createIdentityGate({ sessions, store, log, clock, events, enroll: options.enroll, counters, refusalRows, auditRefusal });
  const { identify, checkClaims } = gate;

  const router = createMessageRouter({
    sanitizeResult: deps.sanitizeResult,
    sanitizeText: deps.sanitizeText,
    sanitizeValue: deps.sanitizeValue,
    store,
    log,
    clock,
    pending,
    counters,
    throttle,
    events,
    auth,
    identify,
    checkClaims,
    quotas: options.quotas,
    refuse(session, reason) {
      auditRefusal(session.address, reason);
      session.ws.close(CLOSE_UNAUTHORIZED, 'unauthorized');
    },
  });

  const pacer = createFramePacer<Session>({
    perTurn: FRAMES_PER_TURN,
    handle: (session, data, isBinary) => router.handle(session, data, isBinary),
    pause: (session) => session.ws.pause(),
    resume: (session) => session.ws.resume(),
  });

  function onClose(session: Session, code: number): void {
    pacer.flush(session);
    clearTimeout(session.authTimer);
    unauth.release(session);
    if (sessions.get(session.id) !== session) return;
    sessions.delete(session.id);
    if (session.provisional || closing) return;
    if (session.forgotten) {
      for (const id of pending.ofAgent(session.id)) pending.finish(id, 'disconnected', { message: msg('core.run.forgotten') });
      log.info({ agent: session.id, code }, 'forgotten agent disconnected');
      return;
    }
    const at = clock.now();
    store.queue.push(() => store.agents.disconnected(session.id, at));
    for (const id of pending.ofAgent(session.id)) {
      pending.finish(id, 'disconnected', { message: msg('core.run.disconnected', { code: String(code) }) });
    }
    log.info({ agent: session.id, code }, 'agent disconnected');
    events.emit('agent_disconnected', { agentId: session.id, at, code });
  }

  function accept(ws: WebSocket, req: IncomingMessage, presented: Presented | undefined): void {
    const authenticated = presented !== undefined;
    const { address, port } = remoteOf(req);
    const now = clock.now();
    const session: Session = {
      ws,
      id: `anon-${address}-${port}`,
      provisional: true,
      authenticated,
      address,
      hostName: undefined,
      version: undefined,
      containers: undefined,
      connectedAt: now,
      lastSeen: now,
      alive: true,
      replaced: false,
      tokens: options.maxMessagesPerSecond,
      refilledAt: now,
      credit: 0,
      flooded: false,
      authTimer: undefined,
      presented,
      pending: false,
      forgotten: false,
    };
    if (!authenticated && !unauth.admit(session)) {
      auditRefusal(address, 'too many connections waiting for a token'); // i18n-exempt: an audit detail
      closeNotAdmitted(ws);
      return;
    }
    sessions.set(session.id, session);
    // A token of its own names the agent: it is identified now, whatever it sends (or not) later.
    if (presented?.kind === 'own') identify(session, presented.agentId, undefined);
    if (!authenticated) {
      session.authTimer = setTimeout(() => {
        if (!session.authenticated) router.refuse(session, 'no token within the register timeout'); // i18n-exempt: audit detail and close reason sent to mclient
      }, options.registerTimeoutMs);
      session.authTimer.unref();
    }
    ws.on('pong', () => {
      session.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      session.alive = true;
      session.lastSeen = clock.now();
      if (!withinRate(session)) return;
      pacer.push(session, data as Buffer, isBinary);
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        counters.oversize += 1;
        log.warn({ agent: session.id, limit: options.maxFrameBytes }, 'frame over the size limit: connection closed (1009)');
      } else {
        log.debug({ agent: session.id, err: err.message }, 'agent socket error');
      }
    });
    ws.on('close', (code) => onClose(session, code));
  }

  function withinRate(session: Session): boolean {
    const now = session.lastSeen;
    const limit = options.maxMessagesPerSecond;
    session.tokens = Math.min(limit, session.tokens + ((now - session.refilledAt) * limit) / 1000);
    session.refilledAt = now;
    // Answers to our own commands never count as a flood: a broadcast of many commands to one agent
    // is followed by as many answers (with progress words) as mserver asked for.
    if (session.credit > 0) {
      session.credit -= 1;
      return true;
    }
    if (session.tokens >= 1) {
      session.tokens -= 1;
      return true;
    }
    if (!session.flooded) {
      session.flooded = true;
      counters.floods += 1;
      log.warn({ agent: session.id, limit: options.maxMessagesPerSecond }, 'agent flooding: connection closed (1008)');
      const at = clock.now();
      store.queue.push(() =>
        store.audit.add({ at, kind: 'agent_flood', via: 'hub', agentId: session.id, detail: { limit: options.maxMessagesPerSecond } }),
      );
      session.ws.close(CLOSE_POLICY, 'message rate limit exceeded'); // i18n-exempt: a WebSocket close reason read by mclient
    }
    return false;
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    skipUTF8Validation: true,
    perMessageDeflate: false,
    clientTracking: false,
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if (closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n'); // i18n-exempt: an HTTP status line
      return;
    }
    let presented: Presented | undefined = auth.required ? undefined : { kind: 'none' };
    const token = tokenFromRequest(req);
    if (token !== undefined) {
      const proved = auth.present(token);
      if (!proved) {
        auditRefusal(remoteOf(req).address, 'wrong token'); // i18n-exempt: an audit detail
        // The handshake completes only to deliver close code 4401, which agents understand; no handler is attached.
        wss.handleUpgrade(req, socket, head, (ws) => ws.close(CLOSE_UNAUTHORIZED, 'unauthorized'));
        return;
      }
      presented = proved;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, presented));
  }

  function tick(): void {
    throttle.sweep();
    refusalRows.sweep();
    gate.sweep();
    router.sweep();
    for (const s of sessions.values()) {
      if (!s.alive) {
        log.info({ agent: s.id }, 'agent missed its heartbeat: connection terminated');
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      try {
        s.ws.ping();
      } catch {
        s.ws.terminate();
      }
    }
  }

  return {
    events,
    listen() {
      return new Promise((resolve, reject) => {
        const handler: RequestListener = (req, res) => {
          if (req.url === '/healthz') {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok: true, agents: sessions.size }));
            return;
          }
          res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
          res.end('mserver: connect with a WebSocket client (mclient)\n'); // i18n-exempt: the plain-text answer of the agent port to an HTTP client, protocol text
        };
        const srv = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
        srv.on('upgrade', onUpgrade);
        srv.once('error', reject);
        srv.listen(options.port, options.host, () => {
          srv.off('error', reject);
          srv.on('error', (err) => log.error({ err }, 'hub server error'));
          server = srv;
          heartbeat = setInterval(tick, options.heartbeatMs);
          heartbeat.unref();
          const addr = srv.address();
          const port = typeof addr === 'object' && addr ? addr.port : options.port;
          resolve({ host: options.host, port });
        });
      });
    },

    reloadTls(tls) {
      // Only new handshakes use the new pair: established connections keep theirs, so no agent drops.
      (server as TlsServer | undefined)?.setSecureContext?.({ cert: tls.cert, key: tls.key });
    },

    disconnect(agentId, code, reason, forgotten = false) {
      const s = sessions.get(agentId);
      if (!s) return false;
      if (forgotten) s.forgotten = true;
      s.ws.close(code, reason);
      return true;
    },

    promote: (agentId) => gate.promote(agentId),

    async close() {
      closing = true;
      clearInterval(heartbeat);
      for (const id of pending.ids()) pending.finish(id, 'interrupted', { message: msg('core.run.shutDown') });
      const at = clock.now();
      const all = [...sessions.values()];
      sessions.clear();
      // Each agent is told (1001) and its closing handshake is waited for, briefly: an agent that
      // knows the server is going away reconnects calmly instead of reporting a broken connection.
      const handshakes = all.map((s) => new Promise<void>((resolve) => s.ws.once('close', () => resolve())));
      for (const s of all) {
        clearTimeout(s.authTimer);
        if (!s.provisional) store.queue.push(() => store.agents.disconnected(s.id, at));
        s.ws.close(CLOSE_GOING_AWAY, 'server shutting down'); // i18n-exempt: a WebSocket close reason read by mclient
      }
      throttle.sweep(true);
      refusalRows.sweep(true);
      router.sweep(true);
      store.queue.flush();
      server?.close();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(handshakes), new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
      clearTimeout(timer);
      // Agents that did not finish the closing handshake are not waited for.
      for (const s of all) s.ws.terminate();
      server?.closeAllConnections();
      wss.close();
    },

    send(req: SendRequest): SentCommands {
      const at = clock.now();
      const timeoutMs = req.timeoutMs ?? options.commandTimeoutMs;
      const count = req.agentIds.length;
      const ids: string[] = new Array<string>(count);
      const live: Array<Session | undefined> = new Array<Session | undefined>(count);
      const rows: NewCommand[] = new Array<NewCommand>(count);
      for (let i = 0; i < count; i++) {
        const agentId = req.agentIds[i]!;
        const session = sessions.get(agentId);
        const connected = session !== undefined && !session.provisional && !session.pending && session.ws.readyState === session.ws.OPEN;
        const id = nextCommandId(at);
        ids[i] = id;
        live[i] = connected ? session : undefined;
        rows[i] = connected
          ? { id, requestId: req.requestId, agentId, command: req.command, params: req.params, state: 'sent', at }
          : { id, requestId: req.requestId, agentId, command: req.command, params: req.params, state: 'not_connected', at, error: render('en', NOT_CONNECTED) };
      }
      // The rows exist before any frame leaves: a command is never run unrecorded.
      store.queue.flush();
      store.commands.insertCommands(rows);
      const batch = pending.open(count, { requestId: req.requestId, command: req.command, params: req.params, sentAt: at }, timeoutMs, req.onUpdate);
      const handles: CommandHandle[] = new Array<CommandHandle>(count);
      for (let i = 0; i < count; i++) {
        const agentId = req.agentIds[i]!;
        const commandId = ids[i]!;
        if (live[i]) {
          pending.track(batch, i, commandId, agentId);
          handles[i] = commandHandle(batch, i, { commandId, requestId: req.requestId, agentId, command: req.command, state: 'sent', at, sentAt: at });
        } else {
          const initial: CommandUpdate = { commandId, requestId: req.requestId, agentId, command: req.command, state: 'not_connected', at, sentAt: at, error: render('en', NOT_CONNECTED), errorText: NOT_CONNECTED };
          pending.settle(batch, i, initial);
          handles[i] = commandHandle(batch, i, initial);
        }
      }
      // The frames of a large request go out SEND_CHUNK per turn of the event loop, so that a broadcast
      // to 10,000 agents does not hold the loop (Discord interactions, heartbeats) for all of its sends.
      // A frame that cannot be written closes the socket, and the close finishes the command as
      // disconnected: no per-frame callback is needed for that.
      const sendFrom = (from: number): void => {
        const to = Math.min(count, from + SEND_CHUNK);
        for (let i = from; i < to; i++) {
          const session = live[i];
          // An agent that left meanwhile has had its open commands finished as disconnected.
          if (!session || !pending.has(ids[i]!)) continue;
          session.ws.send(commandFrame(ids[i]!, req.command, req.params, at));
          counters.commandsSent += 1;
          // An answer may come as accepted, running, the result and a key_update.
          session.credit = Math.min(session.credit + ANSWER_FRAMES_PER_COMMAND, MAX_CREDIT);
        }
        // Once the hub closes, what is not sent yet never is: close() interrupts it with the rest.
        if (to < count) setImmediate(() => !closing && sendFrom(to));
      };
      sendFrom(0);
      return { handles, done: batch.done };
    },

    isConnected(agentId) {
      const s = sessions.get(agentId);
      return s !== undefined && !s.provisional;
    },

    abandon(requestId, reason) {
      let n = 0;
      for (const id of pending.ids()) {
        if (pending.get(id)?.requestId === requestId && pending.finish(id, 'cancelled', { message: reason })) n++;
      }
      return n;
    },

    connectedIds() {
      const ids: string[] = [];
      for (const s of sessions.values()) if (!s.provisional) ids.push(s.id);
      return ids.sort();
    },

    live(): LiveAgent[] {
      return [...sessions.values()].map((s) => ({
        id: s.id,
        provisional: s.provisional,
        pending: s.pending,
        hostName: s.hostName,
        address: s.address,
        connectedAt: s.connectedAt,
        lastSeen: s.lastSeen,
        containers: s.containers,
      }));
    },

    stats() {
      let provisional = 0;
      for (const s of sessions.values()) if (s.provisional) provisional += 1;
      return { ...counters, connected: sessions.size - provisional, provisional, pending: pending.size };
    },
  };
}
