import WebSocket from 'ws';
import type { RawData } from 'ws';
import type { FleetContext } from './fleet-context.ts';
import { isRecord } from './is-record.ts';
import { PayoutState } from './payout-state.ts';
import type { PayoutSettings } from './payout-state.ts';
import { rawDataToString } from './raw-data.ts';
import { Rng } from './rng.ts';
import { runCommand } from './run-command.ts';
import type { CommandTarget } from './run-command.ts';
import { containerBlocks, containerNames, newContainer } from './sim-container.ts';
import type { SimContainer } from './sim-container.ts';
import type { ChainClock } from './chain-clock.ts';

const DAY_MS = 86_400_000;

/**
 * One simulated mclient. Kept small on purpose (a benchmark runs 10,000 of them): no timers of its own
 * except a pending reconnect or answer, counters instead of logs, and chain state derived from the
 * fleet's clock.
 */
export class SimAgent implements CommandTarget {
  readonly id: string;
  readonly hostName: string;
  /** 1-based position in the fleet. */
  readonly index: number;
  readonly containers: string[];
  /** container -> the node's current session keys (0x + 6×32 bytes). */
  readonly sessionKeys = new Map<string, string>();
  readonly payout: PayoutState;
  readonly rng: Rng;
  readonly blockLag: number;
  connected = false;
  commandsReceived = 0;
  responsesSent = 0;
  commandAcksReceived = 0;
  keyUpdateAcksReceived = 0;
  /** The last command_ack or key_update_ack received, as sent by the server. */
  lastAck: Record<string, unknown> | undefined;
  readonly #ctx: FleetContext;
  readonly #containers: SimContainer[];
  #ws: WebSocket | undefined;
  #wantOnline = true;
  #reconnectOverride: boolean | undefined;
  #cancelReconnect: (() => void) | undefined;
  #everConnected = false;

  constructor(ctx: FleetContext, index: number, now: number) {
    const { opts } = ctx;
    const n = String(index).padStart(String(opts.clients).length, '0');
    this.#ctx = ctx;
    this.index = index;
    this.id = `${opts.idPrefix}-${n}`;
    this.hostName = `${opts.idPrefix}-host-${n}`;
    this.rng = new Rng(Rng.derive(opts.seed, index));
    this.blockLag = this.rng.int(0, 1);
    this.containers = containerNames(opts.containersPerAgent);
    this.#containers = this.containers.map((name) => newContainer(name, now - this.rng.int(1, 40 * DAY_MS)));
    for (const name of this.containers) this.sessionKeys.set(name, '0x' + this.rng.hex(6 * 64));
    this.payout = new PayoutState(this.rng, ctx.clock.activeEra(now));
  }

  /** The id mserver should give this agent: its client_id, or its host_name when it is a legacy agent. */
  get identity(): string {
    return this.#ctx.opts.legacy ? this.hostName : this.id;
  }

  get clock(): ChainClock {
    return this.#ctx.clock;
  }

  container(name: string): SimContainer | undefined {
    return this.#containers.find((c) => c.name === name);
  }

  containerList(): readonly SimContainer[] {
    return this.#containers;
  }

  /** One connection attempt; resolves once it is open or has failed (never rejects). */
  connect(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.stopped || this.#ws) return Promise.resolve();
    this.#wantOnline = true;
    this.#cancelReconnect?.();
    this.#cancelReconnect = undefined;
    return new Promise((resolve) => {
      const ws = new WebSocket(ctx.opts.url, {
        headers: ctx.opts.headers,
        handshakeTimeout: ctx.opts.handshakeTimeoutMs,
        perMessageDeflate: false,
      });
      this.#ws = ws;
      ctx.socketOpened(ws);
      let opened = false;
      ws.on('open', () => {
        opened = true;
        this.connected = true;
        ctx.stats.connected++;
        ctx.stats.connects++;
        ctx.emit({ type: 'connected', agent: this.id, reconnect: this.#everConnected });
        this.#everConnected = true;
        if (ctx.opts.legacy) this.sendSummary();
        else this.#sendOn(ws, this.registerFrame());
        resolve();
      });
      ws.on('message', (data: RawData) => this.#onMessage(ws, data));
      ws.on('error', (err: Error) => {
        if (ctx.stopped) return;
        ctx.stats.errors++;
        ctx.emit({ type: 'error', agent: this.id, message: err.message });
        const status = /Unexpected server response: (401|403)\b/.exec(err.message);
        if (status) {
          ctx.stats.refused++;
          ctx.emit({ type: 'refused', agent: this.id, code: Number(status[1]), reason: `HTTP ${status[1]} at the WebSocket upgrade` });
        }
      });
      ws.on('close', (code: number, reason: Buffer) => {
        ctx.socketClosed(ws);
        if (this.#ws === ws) this.#ws = undefined;
        if (opened) {
          this.connected = false;
          ctx.stats.connected--;
          ctx.stats.disconnects++;
          ctx.emit({ type: 'disconnected', agent: this.id, code, reason: reason.toString() });
        }
        // 4401: mserver's "unauthorized" (PROTOCOL.md), sent after the handshake so agents can read it.
        if (code === 4401 && !ctx.stopped) {
          ctx.stats.refused++;
          ctx.emit({ type: 'refused', agent: this.id, code, reason: reason.toString() });
        }
        resolve();
        this.#afterClose();
      });
    });
  }

  /**
   * Drops the connection. `reconnect` overrides the fleet's setting for this once (false keeps the agent
   * down until connect()); `abrupt` destroys the socket without a close frame, like a crash.
   */
  disconnect(opts: { reconnect?: boolean; abrupt?: boolean } = {}): void {
    if (opts.reconnect === false) {
      this.#wantOnline = false;
      this.#cancelReconnect?.();
      this.#cancelReconnect = undefined;
    } else if (opts.reconnect === true) {
      this.#reconnectOverride = true;
    }
    const ws = this.#ws;
    if (!ws) return;
    if (opts.abrupt || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1001, 'agent disconnecting');
  }

  /** Pins this agent's payout state (null: it sends no payout_info at all). */
  setPayout(settings: PayoutSettings | null): void {
    this.payout.set(settings, this.#ctx.clock.activeEra(Date.now()), this.rng);
  }

  /** As if session.setKeys went through on chain: check_keys matches again. All containers by default. */
  setKeysOnChain(container?: string): void {
    for (const c of this.#containers) if (container === undefined || c.name === container) c.onChainKeys = undefined;
  }

  registerFrame(): Record<string, unknown> {
    const { opts } = this.#ctx;
    return {
      type: 'register',
      data: {
        client_id: this.id,
        host_name: this.hostName,
        version: 'sim',
        containers: [...this.containers],
        ...(opts.token !== undefined && opts.tokenIn === 'register' ? { token: opts.token } : {}),
      },
    };
  }

  summaryFrame(now = Date.now()): Record<string, unknown> {
    const { clock } = this.#ctx;
    const payoutInfo = this.payout.info(clock.activeEra(now), this.rng);
    return {
      type: 'summary',
      host_name: this.hostName,
      data: {
        host_name: this.hostName,
        timestamp: now,
        samples: 60,
        containers: this.#containers.map((c) => ({
          name: c.name,
          state: c.running ? 'running' : 'exited',
          cpu_pct: c.running ? this.rng.float(3, 60) : 0,
          mem_mb: c.running ? this.rng.int(1800, 6200) : 0,
          ...containerBlocks(c, clock, this.blockLag, now),
          peers: c.running ? this.rng.int(35, 50) : 0,
        })),
        ...(payoutInfo === undefined ? {} : { payout_info: payoutInfo }),
      },
    };
  }

  /** Sends one summary now; false when not connected. */
  sendSummary(): boolean {
    const ws = this.#ws;
    if (!ws || !this.connected) return false;
    this.#sendOn(ws, this.summaryFrame());
    this.#ctx.stats.summariesSent++;
    this.#ctx.emit({ type: 'summary', agent: this.id });
    return true;
  }

  /**
   * Sends any frame as this agent (objects as JSON, strings raw); false when not connected. `then` runs
   * once the frame is handed to the socket, so a load generator can pace itself on it (backpressure).
   */
  send(frame: unknown, then?: (err?: Error) => void): boolean {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame), then);
    return true;
  }

  #sendOn(ws: WebSocket, frame: unknown, then?: () => void): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify(frame), then);
  }

  #afterClose(): void {
    const ctx = this.#ctx;
    const again = this.#reconnectOverride ?? ctx.opts.reconnect;
    this.#reconnectOverride = undefined;
    if (!again || !this.#wantOnline || ctx.stopped || this.#cancelReconnect) return;
    // A little jitter so a fleet that lost its server does not come back in one burst.
    const delay = Math.round(ctx.opts.reconnectDelayMs * (1 + 0.2 * this.rng.next()));
    this.#cancelReconnect = ctx.later(delay, () => {
      this.#cancelReconnect = undefined;
      void this.connect();
    });
  }

  #onMessage(ws: WebSocket, data: RawData): void {
    const ctx = this.#ctx;
    let frame: unknown;
    try {
      frame = JSON.parse(rawDataToString(data));
    } catch {
      frame = undefined;
    }
    if (!isRecord(frame)) {
      ctx.stats.errors++;
      ctx.emit({ type: 'error', agent: this.id, message: 'server sent a frame that is not a JSON object' });
      return;
    }
    switch (frame.type) {
      case 'command':
        this.#onCommand(ws, frame.data);
        return;
      case 'command_ack':
        this.commandAcksReceived++;
        ctx.stats.commandAcksReceived++;
        this.lastAck = frame;
        ctx.emit({
          type: 'ack',
          agent: this.id,
          ack: 'command_ack',
          ...(typeof frame.command_id === 'string' ? { command_id: frame.command_id } : {}),
        });
        return;
      case 'key_update_ack':
        this.keyUpdateAcksReceived++;
        ctx.stats.keyUpdateAcksReceived++;
        this.lastAck = frame;
        ctx.emit({ type: 'ack', agent: this.id, ack: 'key_update_ack' });
        return;
      default:
        ctx.stats.otherFramesReceived++;
    }
  }

  #onCommand(ws: WebSocket, data: unknown): void {
    const ctx = this.#ctx;
    const { opts } = ctx;
    if (!isRecord(data) || typeof data.id !== 'string' || typeof data.command !== 'string') {
      ctx.stats.errors++;
      ctx.emit({ type: 'error', agent: this.id, message: 'command frame without a string id and command' });
      return;
    }
    const { id, command } = data;
    const params = isRecord(data.params) ? data.params : {};
    this.commandsReceived++;
    ctx.stats.commandsReceived++;
    ctx.emit({ type: 'command', agent: this.id, id, command, params });
    const progress = opts.progress.has(command);
    if (opts.disconnectOnCommands.has(command)) {
      // Mid-command: a slow command has already said 'accepted' when the agent goes away.
      if (progress) this.#progress(ws, id, command, 'accepted', () => ws.terminate());
      else ws.terminate();
      return;
    }
    if (opts.stallCommands.has(command)) return;
    const [min, max] = opts.responseDelayMs;
    const delay = Math.round(min + this.rng.next() * (max - min));
    if (progress) {
      this.#progress(ws, id, command, 'accepted');
      ctx.later(delay / 2, () => this.#progress(ws, id, command, 'running'));
    }
    ctx.later(delay, () => this.#finish(ws, id, command, params));
  }

  #progress(ws: WebSocket, id: string, command: string, status: 'accepted' | 'running', then?: () => void): void {
    if (ws !== this.#ws || ws.readyState !== WebSocket.OPEN) return;
    this.#sendOn(ws, { type: 'command_response', data: { id, status } }, then);
    this.#ctx.stats.progressSent++;
    this.#ctx.emit({ type: 'progress', agent: this.id, id, command, status });
  }

  #finish(ws: WebSocket, id: string, command: string, params: Record<string, unknown>): void {
    const ctx = this.#ctx;
    if (ws !== this.#ws || ws.readyState !== WebSocket.OPEN) {
      ctx.stats.responsesDropped++;
      return;
    }
    const forceFail = ctx.opts.failCommands.has(command) || this.rng.chance(ctx.opts.failRate);
    const outcome = runCommand(this, command, params, Date.now(), forceFail);
    if (outcome.status === 'success') {
      if (outcome.keyUpdate) {
        const { container, session_key } = outcome.keyUpdate;
        this.#sendOn(ws, { type: 'key_update', data: { container, session_key, action: 'rotate_keys' } });
        ctx.stats.keyUpdatesSent++;
        ctx.emit({ type: 'key_update', agent: this.id, container, session_key });
      }
      this.#sendOn(ws, { type: 'command_response', data: { id, status: ctx.opts.successStatus, result: outcome.result } });
    } else {
      this.#sendOn(ws, { type: 'command_response', data: { id, status: 'failed', error: outcome.error } });
    }
    this.responsesSent++;
    ctx.stats.responsesSent++;
    ctx.emit({
      type: 'response',
      agent: this.id,
      id,
      command,
      status: outcome.status === 'success' ? ctx.opts.successStatus : 'failed',
      ...(outcome.status === 'failed' ? { error: outcome.error } : {}),
    });
  }
}
