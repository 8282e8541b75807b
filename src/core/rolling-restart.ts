// A rolling restart (`restart` with rolling=true): one agent at a time, and the next only once the
// restarted node's `status` says it is healthy (not syncing, enough peers, best block advancing); it
// stops at the first failure and says where. It wraps the hub's send, so the request it serves was
// validated, confirmed or approved and audited by the dispatcher like any other.
import { msg, render, type Message } from '../i18n/message.ts';
import type { CommandUpdate, HubPort, SendRequest, SentCommands } from './ports.ts';

/** mserver's own text on an outcome: stored in English (`error`), carried as a Message for live readers. */
const failure = (m: Message) => ({ error: render('en', m), errorText: m });
const step = (m: Message) => ({ progress: render('en', m), progressText: m });

/**
 * The command id of an agent a rolling restart has not sent a restart to (yet): its place in the run.
 * Never sent to an agent; src/store/rolling-verdicts.ts stores such an agent's verdict under it.
 */
export const unsentId = (requestId: number | null | undefined, i: number): string => `rolling-${requestId ?? 0}-${i}`;
export const isUnsentId = (commandId: string): boolean => /^rolling-\d+-\d+$/.test(commandId);

export interface RollingOptions {
  minPeers: number;
  healthTimeoutMs: number;
  pollMs: number;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Health {
  healthy: boolean;
  why: Message;
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
  if (!c) return { healthy: false, why: msg('core.rolling.noContainer'), best: undefined };
  const syncing = c.is_syncing ?? c.syncing;
  const peers = num(c.peers);
  const best = num(c.best_block ?? c.best);
  const problems: Message[] = [];
  if (syncing !== false) problems.push(syncing === true ? msg('core.rolling.syncing') : msg('core.rolling.syncUnknown'));
  if (peers === undefined) problems.push(msg('core.rolling.peersUnknown', { min: minPeers }));
  else if (peers < minPeers) problems.push(msg('core.rolling.fewPeers', { peers, min: minPeers }));
  if (best === undefined) problems.push(msg('core.rolling.bestUnknown'));
  else if (firstBest === undefined || best <= firstBest) problems.push(msg('core.rolling.notAdvancing', { best: String(best) }));
  if (problems.length > 0) return { healthy: false, why: msg('core.rolling.problems', { problems }), best };
  return { healthy: true, why: msg('core.rolling.healthy', { peers: peers ?? 0, best: String(best) }), best };
}

export function isRolling(req: Pick<SendRequest, 'command' | 'params'>): boolean {
  return req.command === 'restart' && (req.params.rolling === 'true' || req.params.rolling === true);
}

/** The hub's send, with `restart rolling=true` done one agent at a time; everything else passes through. */
export function withRollingRestart(hub: HubPort, opts: RollingOptions): HubPort {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // Rolling runs in progress by request: a cancel must also stop the agents not restarted yet.
  const runs = new Map<number, (reason: Message) => number>();

  function rolling(req: SendRequest): SentCommands {
    const params = { ...req.params };
    delete params.rolling;
    const container = String(params.container ?? '');
    const agents = [...req.agentIds];
    // After a cancel only the settling updates go out: no progress of a run that was given up.
    const emit = (u: CommandUpdate) => (cancelled === undefined ? req.onUpdate?.(u) : undefined);
    const base = (agentId: string, i: number): CommandUpdate => {
      const at = opts.now();
      return { commandId: unsentId(req.requestId, i), requestId: req.requestId, agentId, command: 'restart', state: 'progress', at, sentAt: at, ...step(msg('core.rolling.waitingTurn', { n: i + 1, total: agents.length })) };
    };
    const finals: CommandUpdate[] = agents.map(base);
    const resolvers: Array<(u: CommandUpdate) => void> = [];
    const handles = agents.map((agentId, i) => ({
      commandId: finals[i]!.commandId,
      agentId,
      initial: finals[i]!,
      done: new Promise<CommandUpdate>((r) => (resolvers[i] = r)),
    }));

    async function waitHealthy(agentId: string, restarted: CommandUpdate, i: number): Promise<{ ok: boolean; why: Message }> {
      const deadline = opts.now() + opts.healthTimeoutMs;
      let firstBest: number | undefined;
      let last: Message = msg('core.rolling.noStatus');
      for (;;) {
        if (cancelled !== undefined) return { ok: false, why: cancelled };
        const sent = hub.send({ agentIds: [agentId], command: 'status', params: container ? { container } : {}, requestId: req.requestId });
        const [u] = await sent.done;
        if (u?.state === 'success') {
          const h = healthOf(u.result, container, opts.minPeers, firstBest);
          firstBest ??= h.best;
          if (h.healthy) return { ok: true, why: h.why };
          last = h.why;
        } else {
          const said = u?.errorText ?? u?.error;
          const state = u?.state ?? 'unanswered'; // i18n-exempt: a command state word, as the protocol names it
          last = said === undefined ? msg('core.rolling.statusState', { state }) : msg('core.rolling.statusError', { state, error: said });
        }
        if (opts.now() >= deadline) return { ok: false, why: msg('core.rolling.stillAfter', { last, seconds: Math.round(opts.healthTimeoutMs / 1000) }) };
        emit({ ...restarted, state: 'progress', at: opts.now(), ...step(msg('core.rolling.waitingHealthyBecause', { n: i + 1, total: agents.length, last })) });
        await sleep(opts.pollMs);
      }
    }

    const settled = new Set<number>();
    let cancelled: Message | undefined;
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
          settle(i, { ...finals[i]!, state: 'cancelled', at: opts.now(), ...failure(reason) });
          n++;
        }
        return n;
      });
    }

    const loop = (async () => {
      let stoppedAt: Message | undefined;
      for (let i = 0; i < agents.length; i++) {
        if (cancelled !== undefined) break;
        const agentId = agents[i]!;
        if (stoppedAt) {
          settle(i, { ...finals[i]!, state: 'failed', at: opts.now(), ...failure(msg('core.rolling.notRestarted', { at: stoppedAt })) });
          continue;
        }
        const sent = hub.send({ ...req, agentIds: [agentId], params, onUpdate: (u) => (u.state === 'sent' || u.state === 'progress' ? emit(u) : undefined) });
        // Its turn has come: a reader must not still see "waiting for its turn" while the restart runs.
        const restarting = sent.handles[0]?.initial;
        if (restarting && (restarting.state === 'sent' || restarting.state === 'progress')) {
          emit({ ...restarting, state: 'progress', at: opts.now(), ...step(msg('core.rolling.restarting', { n: i + 1, total: agents.length })) });
        }
        const [u] = await sent.done;
        if (!u || u.state !== 'success') {
          stoppedAt = msg('core.rolling.where', { agent: agentId, n: i + 1, total: agents.length });
          const why = u?.errorText ?? u?.error ?? (u ? u.state : msg('core.rolling.noAnswer'));
          settle(i, { ...(u ?? finals[i]!), state: u?.state === 'success' || !u ? 'failed' : u.state, ...failure(msg('core.rolling.stopsHere', { why })) });
          continue;
        }
        emit({ ...u, state: 'progress', ...step(msg('core.rolling.waitingHealthy', { n: i + 1, total: agents.length })) });
        const health = await waitHealthy(agentId, u, i);
        if (health.ok) {
          settle(i, { ...u, at: opts.now(), result: { health: render('en', health.why), restart: u.result } });
        } else {
          stoppedAt = msg('core.rolling.where', { agent: agentId, n: i + 1, total: agents.length });
          settle(i, { ...u, state: 'failed', at: opts.now(), ...failure(msg('core.rolling.stopsHere', { why: health.why })) });
        }
      }
    })().finally(() => {
      if (requestId !== null) runs.delete(requestId);
    });
    // Ends when every agent is settled: at once on a cancel, without waiting for the loop's current poll.
    const done = Promise.all(handles.map((h) => h.done));
    loop.catch((err: unknown) => {
      for (let i = 0; i < agents.length; i++) settle(i, { ...finals[i]!, state: 'failed', at: opts.now(), ...failure(msg('core.rolling.failed', { error: (err as Error).message })) });
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
