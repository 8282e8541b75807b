// Which agents are offline, as operators want to hear it: an agent that disconnects is reported only
// when it has not come back within the grace; then back online when it returns, with how long it was
// gone. Short drops (back within the grace) are not reported one by one: past a few of them in a
// window, one "flapping" note says so, at most once per window.
import type { Clock } from '../ports.ts';
import type { TimerHandle, Timers } from './timers.ts';

export type HostEvent =
  | { kind: 'offline'; agentId: string; at: number; since: number }
  | { kind: 'online'; agentId: string; at: number; since: number; goneMs: number }
  | { kind: 'flapping'; agentId: string; at: number; drops: number; windowMs: number };

/** What is remembered per agent across restarts. `since`: when it went down (down) or came up (up). */
export interface HostState {
  state: 'up' | 'down';
  since: number;
}

export interface HostWatchOptions {
  graceMs: number;
  /** Short drops counted within this window make an agent "flapping"; default 10 graces. */
  flapWindowMs?: number;
  /** How many short drops within the window make an agent "flapping"; default 3. */
  flapDrops?: number;
  clock: Clock;
  timers: Timers;
  /** A report to make (offline, online, flapping). */
  onEvent(e: HostEvent): void;
  /** A state to remember that produces no report (an agent seen for the first time). */
  onState(agentId: string, state: HostState): void;
}

export interface HostWatch {
  connected(agentId: string): void;
  disconnected(agentId: string, at?: number): void;
  /**
   * After a restart: agents remembered as up that are not connected now get the grace from now (the
   * fleet reconnects after a restart), counted from when they were last seen.
   */
  resume(remembered: ReadonlyMap<string, HostState>, connected: readonly string[], lastSeen: (agentId: string) => number | undefined): void;
  /** A forgotten agent: no offline alert for it, now or later. */
  forget(agentId: string): void;
  /** Stops the timers; agents in their grace stay remembered as up and are resumed at the next start. */
  stop(): void;
}

interface Tracked {
  state: 'up' | 'grace' | 'down';
  since: number;
  timer: TimerHandle | undefined;
  drops: number[];
  lastFlapNote: number | undefined;
}

export function createHostWatch(opts: HostWatchOptions): HostWatch {
  const { clock, timers, graceMs } = opts;
  const flapWindowMs = opts.flapWindowMs ?? graceMs * 10;
  const flapDrops = opts.flapDrops ?? 3;
  const agents = new Map<string, Tracked>();

  const track = (agentId: string, state: Tracked['state'], since: number): Tracked => {
    const t: Tracked = { state, since, timer: undefined, drops: [], lastFlapNote: undefined };
    agents.set(agentId, t);
    return t;
  };

  function startGrace(agentId: string, t: Tracked, since: number, waitMs: number): void {
    t.state = 'grace';
    t.since = since;
    timers.clear(t.timer);
    t.timer = timers.set(() => {
      t.timer = undefined;
      if (t.state !== 'grace') return;
      t.state = 'down';
      opts.onEvent({ kind: 'offline', agentId, at: clock.now(), since: t.since });
    }, waitMs);
  }

  return {
    connected(agentId) {
      const now = clock.now();
      const t = agents.get(agentId);
      if (!t) {
        track(agentId, 'up', now);
        opts.onState(agentId, { state: 'up', since: now });
        return;
      }
      if (t.state === 'up') return;
      timers.clear(t.timer);
      t.timer = undefined;
      if (t.state === 'down') {
        opts.onEvent({ kind: 'online', agentId, at: now, since: t.since, goneMs: now - t.since });
      } else {
        t.drops = [...t.drops.filter((d) => now - d < flapWindowMs), t.since];
        const quiet = t.lastFlapNote === undefined || now - t.lastFlapNote >= flapWindowMs;
        if (t.drops.length >= flapDrops && quiet) {
          t.lastFlapNote = now;
          opts.onEvent({ kind: 'flapping', agentId, at: now, drops: t.drops.length, windowMs: flapWindowMs });
        }
      }
      t.state = 'up';
      t.since = now;
    },

    disconnected(agentId, at = clock.now()) {
      const t = agents.get(agentId) ?? track(agentId, 'up', at);
      if (t.state !== 'up') return;
      startGrace(agentId, t, at, graceMs);
    },

    resume(remembered, connected, lastSeen) {
      const online = new Set(connected);
      for (const [agentId, s] of remembered) {
        if (agents.has(agentId)) continue;
        const t = track(agentId, s.state, s.since);
        if (s.state === 'up' && !online.has(agentId)) startGrace(agentId, t, lastSeen(agentId) ?? clock.now(), graceMs);
      }
    },

    forget(agentId) {
      timers.clear(agents.get(agentId)?.timer);
      agents.delete(agentId);
    },

    stop() {
      for (const t of agents.values()) {
        timers.clear(t.timer);
        t.timer = undefined;
      }
    },
  };
}
