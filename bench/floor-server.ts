// The floor: a bare `ws` server doing the same frames as mserver with nothing but JSON.parse. Agents are
// admitted on the same bearer token, named by their register frame, sent the same command frames and
// answered with the same command_ack; summaries are parsed and counted. Whatever mserver needs beyond
// this (validation, identity, the audit trail, SQLite) is what the benchmark's ratios measure.
// Started by bench/run.ts with an IPC channel; see FloorApi for what it answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { collectGarbage } from './gc.ts';
import { serveRpc } from './ipc.ts';
import { createLoopDelayMonitor, type LoopDelay } from './loop-delay.ts';
import { createProfiler } from './profiler.ts';
import { Waiters } from './waiters.ts';

export type FloorApi = {
  listen(a: { token: string }): Promise<{ port: number }>;
  waitRegistered(a: { count: number; timeoutMs: number }): Promise<{ registered: number }>;
  broadcast(a: { command: string; timeoutMs: number }): Promise<{ sent: number; answered: number }>;
  send(a: { agent: string; command: string; timeoutMs: number }): Promise<{ answered: boolean }>;
  waitSummaries(a: { count: number; timeoutMs: number }): Promise<{ summaries: number }>;
  summaries(a: Record<string, never>): number;
  loopDelay(a: { reset: boolean }): LoopDelay;
  gc(a: Record<string, never>): { rss: number };
  profileStart(a: Record<string, never>): Promise<void>;
  profileStop(a: { path: string }): Promise<{ path: string }>;
  close(a: Record<string, never>): Promise<void>;
};

const loop = createLoopDelayMonitor();
const profiler = createProfiler();
const agents = new Map<string, WebSocket>();
const open = new Map<string, () => void>();
const waiters = new Waiters();
let summaries = 0;
let nextId = 0;

function commandFrame(id: string, command: string, at: number): string {
  return JSON.stringify({ type: 'command', data: { id, command, params: {}, timestamp: at } });
}

function onMessage(ws: WebSocket, data: RawData): void {
  const frame = JSON.parse((data as Buffer).toString()) as { type?: unknown; data?: { id?: unknown; status?: unknown; client_id?: unknown } };
  switch (frame.type) {
    case 'register': {
      const id = frame.data?.client_id;
      if (typeof id === 'string') {
        agents.set(id, ws);
        ws.once('close', () => {
          if (agents.get(id) === ws) agents.delete(id);
          waiters.poke();
        });
        waiters.poke();
      }
      return;
    }
    case 'command_response': {
      const id = String(frame.data?.id);
      ws.send(JSON.stringify({ type: 'command_ack', timestamp: Date.now(), command_id: id }));
      const status = frame.data?.status;
      if (status === 'accepted' || status === 'running') return;
      const done = open.get(id);
      if (done) {
        open.delete(id);
        done();
      }
      return;
    }
    case 'summary':
      summaries += 1;
      if (waiters.size > 0) waiters.poke();
      return;
    default:
      return;
  }
}

function dispatch(ws: WebSocket, command: string, at: number): Promise<void> {
  const id = `cmd_${at}_${nextId++}`;
  return new Promise((resolve) => {
    open.set(id, resolve);
    ws.send(commandFrame(id, command, at));
  });
}

function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`floor: ${what} took over ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

const server = createServer((_req, res) => {
  res.writeHead(426).end();
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, maxPayload: 1024 * 1024 });
let bearer = '';
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (req.headers.authorization !== bearer) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('message', (data) => onMessage(ws, data));
    ws.on('error', () => undefined);
  });
});

serveRpc<FloorApi>({
  listen: ({ token }) => {
    bearer = `Bearer ${token}`;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve({ port: (server.address() as AddressInfo).port }));
    });
  },
  waitRegistered: async ({ count, timeoutMs }) => {
    await waiters.until(() => agents.size === count, timeoutMs, `${count} registered agents (have ${agents.size})`);
    return { registered: agents.size };
  },
  broadcast: async ({ command, timeoutMs }) => {
    const at = Date.now();
    const all = [...agents.values()].map((ws) => dispatch(ws, command, at));
    let answered = 0;
    for (const p of all) void p.then(() => answered++);
    await deadline(Promise.all(all), timeoutMs, `broadcast ${command}`);
    return { sent: all.length, answered };
  },
  send: async ({ agent, command, timeoutMs }) => {
    const ws = agents.get(agent);
    if (!ws) throw new Error(`floor: no agent ${agent}`);
    await deadline(dispatch(ws, command, Date.now()), timeoutMs, `${command} on ${agent}`);
    return { answered: true };
  },
  waitSummaries: async ({ count, timeoutMs }) => {
    await waiters.until(() => summaries >= count, timeoutMs, `${count} summaries (have ${summaries})`);
    return { summaries };
  },
  summaries: () => summaries,
  loopDelay: ({ reset }) => loop.read(reset),
  gc: () => collectGarbage(),
  profileStart: () => profiler.start(),
  profileStop: ({ path }) => profiler.stop(path),
  close: async () => {
    for (const ws of agents.values()) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
});
