// A rolling restart (`restart` with rolling=true): one agent at a time, and the next only once the
// restarted node's `status` says it is healthy (not syncing, enough peers, best block advancing); it
// stops at the first failure and says where. It wraps the hub's send, so the request it serves was
// validated, confirmed or approved and audited by the dispatcher like any other.
import type { CommandUpdate, HubPort, SendRequest, SentCommands } from './ports.ts';

export interface RollingOptions {
  minPeers: number;
  healthTimeoutMs: number;
  pollMs: number;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Health {
  healthy: boolean;
  why: string;
  best: number | undefined;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/** The container's entry of a status result (a list of containers, or one object). */
function containerStatus(result: unknown, container: string): Record<string, unknown> | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  if (Array.isArray(r.containers)) {
    const list = r.containers.filter((c): c is Record<string, unknown> => !!c && typeof c === 'object');
    return list.find((c) => c.name === container || c.container === container) ?? (list.length === 1 ? list[0] : undefined);
  }
  return r;
}

export function healthOf(result: unknown, container: string, minPeers: number, firstBest: number | undefined): Health {
  const c = containerStatus(result, container);
  if (!c) return { healthy: false, why: 'status did not describe the container', best: undefined };
  const syncing = c.is_syncing ?? c.syncing;
  const peers = num(c.peers);
  const best = num(c.best_block ?? c.best);
  const problems: string[] = [];
  if (syncing !== false) problems.push(syncing === true ? 'still syncing' : 'sync state unknown');
  if (peers === undefined || peers < minPeers) problems.push(`${peers ?? 'unknown'} peers (needs ${minPeers})`);
  if (best === undefined) problems.push('best block unknown');
  else if (firstBest === undefined || best <= firstBest) problems.push(`best block ${best} not advancing yet`);
  return { healthy: problems.length === 0, why: problems.join(', ') || `healthy: ${peers} peers, best block ${best}`, best };
}

export function isRolling(req: Pick<SendRequest, 'command' | 'params'>): boolean {
  return req.command === 'restart' && (req.params.rolling === 'true' || req.params.rolling === true);
}

/** The hub's send, with `restart rolling=true` done one agent at a time; everything else passes through. */
export function withRollingRestart(hub: HubPort, opts: RollingOptions): HubPort {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // Rolling runs in progress by request: a cancel must also stop the agents not restarted yet.
  const runs = new Map<number, (reason: string) => number>();

  function rolling(req: SendRequest): SentCommands {
    const params = { ...req.params };
    delete params.rolling;
    const container = String(params.container ?? '');
    const agents = [...req.agentIds];
    // After a cancel only the settling updates go out: no progress of a run that was given up.
    const emit = (u: CommandUpdate) => (cancelled === undefined ? req.onUpdate?.(u) : undefined);
    const base = (agentId: string, i: number): CommandUpdate => {
      const at = opts.now();
      return { commandId: `rolling-${req.requestId ?? 0}-${i}`, requestId: req.requestId, agentId, command: 'restart', state: 'progress', at, sentAt: at, progress: `waiting for its turn (${i + 1} of ${agents.length})` };
    };
    const finals: CommandUpdate[] = agents.map(base);
    const resolvers: Array<(u: CommandUpdate) => void> = [];
    const handles = agents.map((agentId, i) => ({
      commandId: finals[i]!.commandId,
      agentId,
      initial: finals[i]!,
      done: new Promise<CommandUpdate>((r) => (resolvers[i] = r)),
    }));

    async function waitHealthy(agentId: string, restarted: CommandUpdate, i: number): Promise<{ ok: boolean; why: string }> {
      const deadline = opts.now() + opts.healthTimeoutMs;
      let firstBest: number | undefined;
      let last = 'no status yet';
      for (;;) {
        if (cancelled !== undefined) return { ok: false, why: cancelled };
        const sent = hub.send({ agentIds: [agentId], command: 'status', params: container ? { container } : {}, requestId: req.requestId });
        const [u] = await sent.done;
        if (u?.state === 'success') {
          const h = healthOf(u.result, container, opts.minPeers, firstBest);
          firstBest ??= h.best;
          if (h.healthy) return { ok: true, why: h.why };
          last = h.why;
        } else last = `status ${u?.state ?? 'unanswered'}${u?.error ? `: ${u.error}` : ''}`;
        if (opts.now() >= deadline) return { ok: false, why: `${last}, still after ${Math.round(opts.healthTimeoutMs / 1000)} s` };
        emit({ ...restarted, state: 'progress', at: opts.now(), progress: `restarted (${i + 1} of ${agents.length}); waiting until healthy: ${last}` });
        await sleep(opts.pollMs);
      }
    }

    const settled = new Set<number>();
    let cancelled: string | undefined;
    const settle = (i: number, u: CommandUpdate) => {
      if (settled.has(i)) return;
      settled.add(i);
      finals[i] = u;
      req.onUpdate?.(u);
      resolvers[i]!(u);
    };

    // A cancel settles every agent not finished as cancelled at once; the loop then sends nothing more.
    const requestId = req.requestId ?? null;
    if (requestId !== null) {
      runs.set(requestId, (reason) => {
        cancelled = reason;
        let n = 0;
        for (let i = 0; i < agents.length; i++) {
          if (settled.has(i)) continue;
          settle(i, { ...finals[i]!, state: 'cancelled', at: opts.now(), error: reason });
          n++;
        }
        return n;
      });
    }

    const loop = (async () => {
      let stoppedAt: string | undefined;
      for (let i = 0; i < agents.length; i++) {
        if (cancelled !== undefined) break;
        const agentId = agents[i]!;
        if (stoppedAt) {
          settle(i, { ...finals[i]!, state: 'failed', at: opts.now(), error: `not restarted: stopped at ${stoppedAt}` });
          continue;
        }
        const sent = hub.send({ ...req, agentIds: [agentId], params, onUpdate: (u) => (u.state === 'sent' || u.state === 'progress' ? emit(u) : undefined) });
        const [u] = await sent.done;
        if (!u || u.state !== 'success') {
          stoppedAt = `${agentId} (${i + 1} of ${agents.length})`;
          settle(i, { ...(u ?? finals[i]!), state: u?.state === 'success' || !u ? 'failed' : u.state, error: `${u?.error ?? u?.state ?? 'no answer'}: the rolling restart stops here` });
          continue;
        }
        emit({ ...u, state: 'progress', progress: `restarted (${i + 1} of ${agents.length}); waiting until healthy` });
        const health = await waitHealthy(agentId, u, i);
        if (health.ok) {
          settle(i, { ...u, at: opts.now(), result: { health: health.why, restart: u.result } });
        } else {
          stoppedAt = `${agentId} (${i + 1} of ${agents.length})`;
          settle(i, { ...u, state: 'failed', at: opts.now(), error: `${health.why}: the rolling restart stops here` });
        }
      }
    })().finally(() => {
      if (requestId !== null) runs.delete(requestId);
    });
    // Ends when every agent is settled: at once on a cancel, without waiting for the loop's current poll.
    const done = Promise.all(handles.map((h) => h.done));
    loop.catch((err: unknown) => {
      for (let i = 0; i < agents.length; i++) settle(i, { ...finals[i]!, state: 'failed', at: opts.now(), error: `rolling restart failed: ${(err as Error).message}` });
    });
    return { handles, done };
  }

  return {
    send(req) {
      if (isRolling(req)) return rolling(req);
      if (req.command === 'restart' && 'rolling' in req.params) {
        const params = { ...req.params };
        delete params.rolling;
        return hub.send({ ...req, params });
      }
      return hub.send(req);
    },
    isConnected: (id) => hub.isConnected(id),
    connectedIds: () => hub.connectedIds(),
    live: () => hub.live(),
    abandon(requestId, reason) {
      const cancelRolling = runs.get(requestId);
      const open = hub.abandon(requestId, reason);
      return cancelRolling ? Math.max(open, cancelRolling(reason)) : open;
    },
  };
}
