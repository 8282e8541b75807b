// Hostile or broken agents can produce thousands of identical warnings a second. The first few in each
// window are logged; the rest are counted and reported in one line when the window closes. A window closes
// when its key comes up again after `windowMs`, at each sweep() (the hub sweeps at every heartbeat, and all
// windows when it stops), or when too many keys are open: a burst that stops is still summed up.

export interface ThrottledLog {
  (key: string, log: () => void, summary: (suppressed: number) => void): void;
  /** Reports and forgets the windows that have closed; with `all`, every window. */
  sweep(all?: boolean): void;
}

interface Window {
  start: number;
  count: number;
  summary: (n: number) => void;
}

export function createLogThrottle(now: () => number, perWindow = 10, windowMs = 10_000, maxKeys = 10_000): ThrottledLog {
  const windows = new Map<string, Window>();
  const report = (w: Window) => {
    if (w.count > perWindow) w.summary(w.count - perWindow);
  };
  function sweep(all = false): void {
    const t = now();
    for (const [key, w] of windows) {
      if (!all && t - w.start < windowMs) continue;
      windows.delete(key);
      report(w);
    }
  }
  const throttled: ThrottledLog = (key, log, summary) => {
    const t = now();
    let w = windows.get(key);
    if (w && t - w.start >= windowMs) {
      windows.delete(key);
      report(w);
      w = undefined;
    }
    if (!w) {
      if (windows.size >= maxKeys) sweep(true);
      w = { start: t, count: 0, summary };
      windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= perWindow) log();
  };
  throttled.sweep = sweep;
  return throttled;
}
