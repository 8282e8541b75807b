import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { RawData } from 'ws';
import { isRecord } from './sim/is-record.ts';
import { rawDataToString } from './sim/raw-data.ts';

export type Frame = Record<string, unknown>;

export interface TestAgentOptions {
  token?: string;
  /** Where the token goes; default 'header'. */
  tokenIn?: 'header' | 'query' | 'register';
  headers?: Record<string, string>;
  /** The register message to send after open; default a unique client_id. false: send none (a legacy agent). */
  register?: { client_id?: string; host_name?: string; version?: string; containers?: string[] } | false;
  /** Bound on the handshake; default 5000. */
  timeoutMs?: number;
  /**
   * How long connect() keeps watching after open for the server to close the socket (an auth failure
   * arrives as close 4401 right after the upgrade, or after the register message); default 50.
   */
  settleMs?: number;
  /** Source address of the connection (another 127.x address, to look like another host on loopback). */
  localAddress?: string;
  /** Certificate authority to trust for wss:// (a test's own certificate). */
  ca?: string | Buffer;
}

export interface CommandData {
  id: string;
  command: string;
  params: Record<string, unknown>;
  timestamp: number;
}

/** Raised by connect() when the server refuses: `status` for an HTTP refusal, `code` for a close. */
export class AgentRefusedError extends Error {
  readonly status: number | undefined;
  readonly code: number | undefined;
  readonly reason: string;

  constructor(message: string, refusal: { status?: number; code?: number; reason?: string }) {
    super(message);
    this.name = 'AgentRefusedError';
    this.status = refusal.status;
    this.code = refusal.code;
    this.reason = refusal.reason ?? '';
  }
}

interface Waiter {
  predicate: (f: Frame) => boolean;
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** One scripted mclient over a real WebSocket, for tests that need control over every frame. */
export class TestAgent {
  /** Every parsed frame from the server, in order (a non-object JSON value or non-JSON text as `{ raw }`). */
  readonly received: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly clientId: string | undefined;
  readonly #ws: WebSocket;
  readonly #consumed = new Set<number>();
  readonly #waiters: Waiter[] = [];
  #closeInfo: { code: number; reason: string } | undefined;
  #heartbeatPaused = false;

  private constructor(ws: WebSocket, clientId: string | undefined) {
    this.#ws = ws;
    this.clientId = clientId;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.#closeInfo = { code, reason: reason.toString() };
        for (const w of this.#waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(new Error(`TestAgent: connection closed (${code} ${this.#closeInfo.reason}) while waiting for a frame; received ${this.#tail()}`));
        }
        resolve(this.#closeInfo);
      });
    });
    ws.on('message', (data: RawData) => this.#onFrame(data));
    // Pongs are answered by hand (autoPong is off) so pauseHeartbeat() can let the server see a dead peer.
    ws.on('ping', (data: Buffer) => {
      if (!this.#heartbeatPaused && ws.readyState === WebSocket.OPEN) ws.pong(data);
    });
  }

  static connect(url: string, opts: TestAgentOptions = {}): Promise<TestAgent> {
    const tokenIn = opts.tokenIn ?? 'header';
    const target = new URL(url);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined && tokenIn === 'header') headers.Authorization = `Bearer ${opts.token}`;
    if (opts.token !== undefined && tokenIn === 'query') target.searchParams.set('token', opts.token);
    const timeoutMs = opts.timeoutMs ?? 5000;
    if (opts.register === false && opts.token !== undefined && tokenIn === 'register') {
      return Promise.reject(new Error("TestAgent: tokenIn 'register' needs a register message, but register is false"));
    }
    let register: Frame | undefined;
    if (opts.register !== false) {
      const r = opts.register || {};
      const clientId = r.client_id ?? `test-agent-${randomBytes(3).toString('hex')}`;
      register = {
        type: 'register',
        data: {
          client_id: clientId,
          host_name: r.host_name ?? `${clientId}-host`,
          version: r.version ?? 'test',
          containers: r.containers ?? ['polkadot-validator-1'],
          ...(opts.token !== undefined && tokenIn === 'register' ? { token: opts.token } : {}),
        },
      };
    }
    const registerData = register?.data as Frame | undefined;
    const ws = new WebSocket(target, {
      headers,
      handshakeTimeout: timeoutMs,
      autoPong: false,
      perMessageDeflate: false,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
    });
    const agent = new TestAgent(ws, registerData?.client_id as string | undefined);

    return new Promise<TestAgent>((resolve, reject) => {
      let settled = false;
      const fail = (e: Error): void => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        fail(new AgentRefusedError(`TestAgent: server refused the upgrade with HTTP ${res.statusCode}`, { status: res.statusCode ?? 0 }));
        ws.terminate();
      });
      ws.on('error', (err: Error) => fail(new Error(`TestAgent: cannot connect to ${url}: ${err.message}`)));
      void agent.closed.then(({ code, reason }) =>
        fail(new AgentRefusedError(`TestAgent: server closed the connection during connect: ${code} ${reason}`, { code, reason })),
      );
      ws.on('open', () => {
        if (register) agent.send(register);
        setTimeout(() => {
          if (settled) return;
          settled = true;
          resolve(agent);
        }, opts.settleMs ?? 50);
      });
    });
  }

  get readyState(): number {
    return this.#ws.readyState;
  }

  /** Objects are sent as JSON; strings as raw text, Buffers as a binary frame. */
  /** Raw bytes in a text frame (for frames that are not valid UTF-8). */
  sendTextBytes(bytes: Buffer): void {
    this.#ws.send(bytes, { binary: false });
  }

  send(frame: unknown): void {
    if (typeof frame === 'string' || Buffer.isBuffer(frame)) this.#ws.send(frame);
    else this.#ws.send(JSON.stringify(frame));
  }

  /** The first frame, received already or later, that matches and was not yet returned by next(). */
  next(predicate: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    for (let i = 0; i < this.received.length; i++) {
      const f = this.received[i] as Frame;
      if (!this.#consumed.has(i) && predicate(f)) {
        this.#consumed.add(i);
        return Promise.resolve(f);
      }
    }
    if (this.#closeInfo) {
      const { code, reason } = this.#closeInfo;
      return Promise.reject(new Error(`TestAgent: connection closed (${code} ${reason}) and no matching frame; received ${this.#tail()}`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(new Error(`TestAgent: no matching frame within ${timeoutMs} ms; received ${this.#tail()}`));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  async nextCommand(timeoutMs = 5000): Promise<CommandData> {
    const f = await this.next((x) => x.type === 'command', timeoutMs);
    const d = isRecord(f.data) ? f.data : {};
    return {
      id: String(d.id),
      command: String(d.command),
      params: isRecord(d.params) ? d.params : {},
      timestamp: Number(d.timestamp),
    };
  }

  respond(id: string, status: string, body: { result?: unknown; error?: string } = {}): void {
    this.send({ type: 'command_response', data: { id, status, ...body } });
  }

  /** A clean close; resolves when the socket is closed (terminated if the server does not answer in 2 s). */
  async close(code = 1000): Promise<void> {
    if (!this.#closeInfo) this.#ws.close(code);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 2000)));
    if ((await Promise.race([this.closed, late])) === 'late') {
      this.#ws.terminate();
      await this.closed;
    }
    clearTimeout(timer);
  }

  /** Destroys the socket without a close frame, like a crashed host or a cut cable. */
  terminate(): void {
    this.#ws.terminate();
  }

  /** Stops answering the server's pings, so its dead-peer detection fires. */
  pauseHeartbeat(): void {
    this.#heartbeatPaused = true;
  }

  resumeHeartbeat(): void {
    this.#heartbeatPaused = false;
  }

  #onFrame(data: RawData): void {
    const text = rawDataToString(data);
    let frame: Frame;
    try {
      const parsed: unknown = JSON.parse(text);
      frame = isRecord(parsed) ? parsed : { raw: parsed };
    } catch {
      frame = { raw: text };
    }
    const index = this.received.push(frame) - 1;
    const w = this.#waiters.find((x) => x.predicate(frame));
    if (!w) return;
    this.#waiters.splice(this.#waiters.indexOf(w), 1);
    clearTimeout(w.timer);
    this.#consumed.add(index);
    w.resolve(frame);
  }

  #tail(): string {
    const last = this.received.slice(-5).map((f) => JSON.stringify(f).slice(0, 200));
    return `${this.received.length} frame(s)${last.length ? `, last: ${last.join(' | ')}` : ''}`;
  }
}
