// Genuine work to run beside an attack: operators' `status` commands to well-behaved agents, with each
// command's latency, so tests can show that other agents' commands keep completing meanwhile.
import assert from 'node:assert/strict';
import type { Actor } from '../../src/core/ports.ts';
import type { TestServer } from './mserver.ts';

const operator: Actor = { id: 'console:test', name: 'test (console)' };

/**
 * While `running()`, sends `status` to every agent in `ids` through the dispatcher and waits for each to
 * succeed, one round every `pauseMs` (an agent answering faster than MCLIENT_MAX_MSGS_PER_S would itself
 * be cut off as a flood). Resolves with every command's latency in ms; rejects on any other outcome.
 */
export async function genuineLoad(s: TestServer, ids: readonly string[], running: () => boolean, pauseMs = 50): Promise<number[]> {
  const latencies: number[] = [];
  while (running()) {
    await new Promise((r) => setTimeout(r, pauseMs));
    await Promise.all(
      ids.map(async (id) => {
        const t0 = performance.now();
        const out = await s.app.dispatcher.dispatch({ command: 'status', target: id, params: {}, actor: operator, via: 'console' });
        if (out.kind !== 'running') throw new Error(`status on ${id}: ${out.kind}`);
        const [u] = await out.run.done;
        assert.equal(u?.state, 'success', `a genuine command on ${id} ended ${u?.state}: ${u?.error ?? ''}`);
        latencies.push(performance.now() - t0);
      }),
    );
  }
  return latencies;
}

/** Starts genuineLoad in the background; `stop()` ends it and returns the latencies (or its failure). */
export function backgroundLoad(s: TestServer, ids: readonly string[], pauseMs?: number): { stop(): Promise<number[]> } {
  let running = true;
  const load = genuineLoad(s, ids, () => running, pauseMs);
  // Awaited in stop(); this only keeps a failure from being reported as unhandled meanwhile.
  load.catch(() => undefined);
  return {
    stop() {
      running = false;
      return load;
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** `N commands, p50 .. ms, p95 .. ms, max .. ms`. */
export function describeLatency(xs: readonly number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  return `${xs.length} commands, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} ms`;
}
