// How much CPU other processes took while a phase ran: the machine's busy time (/proc/stat) minus the
// benchmark's own processes (/proc/<pid>/stat). On a 2-core machine a test suite running beside the
// benchmark changes every figure, so each phase reports it (Linux only; NaN elsewhere).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const CORES = availableParallelism();

interface Snapshot {
  busy: number;
  total: number;
  ours: number;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** A process's CPU time so far (user + system), in clock ticks (1/100 s on Linux); 0 when unreadable. */
export function processTicks(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of the file (utime, stime) are 12 and 13 after the command name.
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

export interface CpuWatch {
  /** Cores' worth of CPU used by processes outside `pids` since the watch started. */
  foreignCores(): number;
}

export function watchCpu(pids: () => number[]): CpuWatch {
  const snap = (): Snapshot | undefined => {
    try {
      return { ...machineTicks(), ours: pids().reduce((n, p) => n + processTicks(p), 0) };
    } catch {
      return undefined;
    }
  };
  const start = snap();
  return {
    foreignCores() {
      const end = snap();
      if (!start || !end || end.total === start.total) return Number.NaN;
      const foreign = end.busy - start.busy - (end.ours - start.ours);
      return Math.max(0, (foreign / (end.total - start.total)) * CORES);
    },
  };
}

