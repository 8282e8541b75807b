// Hostile or broken agents can produce thousands of identical warnings a second. The first few in each
// window are logged; the rest are counted and reported in one line when the window closes.

export interface ThrottledLog {
  (key: string, log: () => void, summary: (suppressed: number) => void): void;
}

export function createLogThrottle(now: () => number, perWindow = 10, windowMs = 10_000): ThrottledLog {
  const windows = new Map<string, { start: number; count: number; summary: (n: number) => void }>();
  return (key, log, summary) => {
    const t = now();
    let w = windows.get(key);
    if (w && t - w.start >= windowMs) {
      if (w.count > perWindow) w.summary(w.count - perWindow);
      windows.delete(key);
      w = undefined;
    }
    if (!w) {
      w = { start: t, count: 0, summary };
      windows.set(key, w);
      if (windows.size > 10_000) windows.clear();
    }
    w.count += 1;
    if (w.count <= perWindow) log();
  };
}
