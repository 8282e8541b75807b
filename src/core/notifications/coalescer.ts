// Gathers items for a window that starts with the first one, then hands them over together: a fleet
// whose agents all cross an era within one summary round gets one message, not one per agent.
import type { TimerHandle, Timers } from './timers.ts';

export interface Coalescer<T> {
  add(item: T): void;
  /** Hands over what is gathered now (at shutdown, so nothing waits in memory). */
  flush(): void;
  readonly size: number;
}

export function createCoalescer<T>(opts: { windowMs: number; timers: Timers; flush: (items: T[]) => void }): Coalescer<T> {
  let items: T[] = [];
  let timer: TimerHandle | undefined;
  function flush(): void {
    opts.timers.clear(timer);
    timer = undefined;
    if (items.length === 0) return;
    const batch = items;
    items = [];
    opts.flush(batch);
  }
  return {
    add(item) {
      items.push(item);
      if (timer === undefined) timer = opts.timers.set(flush, opts.windowMs);
    },
    flush,
    get size() {
      return items.length;
    },
  };
}
