import type WebSocket from 'ws';
import { ChainClock } from './chain-clock.ts';
import type { FleetEvent } from './fleet-event.ts';
import type { ResolvedFleetOptions } from './fleet-options.ts';
import { emptyFleetStats } from './fleet-stats.ts';
import type { FleetStats } from './fleet-stats.ts';

/** State shared by every agent of one fleet: options, counters, the chain clock and what stop() must undo. */
export class FleetContext {
  readonly opts: ResolvedFleetOptions;
  readonly stats: FleetStats = emptyFleetStats();
  readonly clock: ChainClock;
  readonly sockets = new Set<WebSocket>();
  stopped = false;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #onDrained: (() => void) | undefined;

  constructor(opts: ResolvedFleetOptions, now: number) {
    this.opts = opts;
    this.clock = new ChainClock(now, opts.eraEveryMs);
  }

  emit(event: FleetEvent): void {
    if (!this.opts.onEvent) return;
    try {
      this.opts.onEvent(event);
    } catch {
      // A throwing hook must not take the agent down with it.
      this.stats.errors++;
    }
  }

  /** A timer that stop() cancels; returns a function to cancel it earlier. */
  later(ms: number, fn: () => void): () => void {
    if (this.stopped) return () => {};
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    };
  }

  socketOpened(ws: WebSocket): void {
    this.sockets.add(ws);
  }

  socketClosed(ws: WebSocket): void {
    this.sockets.delete(ws);
    if (this.sockets.size === 0) this.#onDrained?.();
  }

  /** Stops every timer and closes every socket, terminating those that do not close within `graceMs`. */
  async shutdown(graceMs: number): Promise<void> {
    this.stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    if (this.sockets.size === 0) return;
    const drained = new Promise<void>((resolve) => (this.#onDrained = resolve));
    for (const ws of this.sockets) {
      if (ws.readyState === ws.CONNECTING) ws.terminate();
      else ws.close(1001, 'agent shutting down');
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([drained, late]);
    clearTimeout(timer);
    if (this.sockets.size > 0) {
      for (const ws of this.sockets) ws.terminate();
      const last = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
      await Promise.race([drained, last]);
      clearTimeout(timer);
    }
    this.#onDrained = undefined;
  }
}
