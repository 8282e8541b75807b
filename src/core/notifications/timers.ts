// Timers as a port: the rules that wait (the grace before "offline", coalescing windows) take them
// injected, so unit tests move time by hand and nothing here reads the real clock.

/** Whatever `set` returned; only ever handed back to `clear`. */
export type TimerHandle = unknown;

export interface Timers {
  set(fn: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

/** Real timers that never keep the process alive on their own. */
export const systemTimers: Timers = {
  set(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return t;
  },
  clear(handle) {
    if (handle !== undefined) clearTimeout(handle as NodeJS.Timeout);
  },
};
