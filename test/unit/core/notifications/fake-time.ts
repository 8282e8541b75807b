// A clock and timers that move only when a test says so.
import type { Clock } from '../../../../src/core/ports.ts';
import type { Timers } from '../../../../src/core/notifications/timers.ts';

export interface FakeTime extends Clock, Timers {
  /** Moves the clock forward, firing every timer that falls due, in time order. */
  advance(ms: number): void;
  pending(): number;
}

export function fakeTime(start = 1_764_270_000_000): FakeTime {
  let now = start;
  let nextId = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    set(fn, ms) {
      const id = nextId++;
      due.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clear(handle) {
      due.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...due.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
    pending: () => due.size,
  };
}
