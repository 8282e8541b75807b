// Event-loop delay as perf_hooks.monitorEventLoopDelay sees it: how late a 10 ms timer fires. Used inside
// mserver (through the probe) and inside the floor, so both report the same measure.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  mean: number;
  samples: number;
}

export function createLoopDelayMonitor(resolutionMs = 10): { read(reset: boolean): LoopDelay } {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return {
    read(reset) {
      const out: LoopDelay = {
        p50: ms(h.percentile(50)),
        p99: ms(h.percentile(99)),
        max: ms(h.max),
        mean: ms(h.mean),
        samples: h.count,
      };
      if (reset) h.reset();
      return out;
    },
  };
}
