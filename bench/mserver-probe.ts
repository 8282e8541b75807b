// Loaded into the mserver process by the benchmark (`node --import tsx --import bench/mserver-probe.ts
// src/main.ts`): mserver itself is unchanged. It answers the orchestrator over the IPC channel with the
// event-loop delay as perf_hooks.monitorEventLoopDelay sees it inside mserver, the process's CPU time,
// and, with --profile, CPU profiles of chosen phases. When the orchestrator goes away (even killed), the
// channel closes and the probe stops mserver with SIGTERM, its own graceful stop.
import { collectGarbage } from './gc.ts';
import { serveRpc } from './ipc.ts';
import { createLoopDelayMonitor, type LoopDelay } from './loop-delay.ts';
import { createProfiler } from './profiler.ts';

export type ProbeApi = {
  loopDelay(a: { reset: boolean }): LoopDelay;
  cpu(a: Record<string, never>): { cpuMs: number; rss: number; heapUsed: number };
  gc(a: Record<string, never>): { rss: number };
  profileStart(a: Record<string, never>): Promise<void>;
  profileStop(a: { path: string }): Promise<{ path: string }>;
};

if (process.env.BENCH_MSERVER_PROBE === '1' && process.send) {
  const loop = createLoopDelayMonitor();
  const profiler = createProfiler();
  serveRpc<ProbeApi>(
    {
      loopDelay: ({ reset }) => loop.read(reset),
      cpu: () => {
        const u = process.cpuUsage();
        const m = process.memoryUsage();
        return { cpuMs: (u.user + u.system) / 1000, rss: m.rss, heapUsed: m.heapUsed };
      },
      gc: () => collectGarbage(),
      profileStart: () => profiler.start(),
      profileStop: ({ path }) => profiler.stop(path),
    },
    { onParentGone: () => process.kill(process.pid, 'SIGTERM') },
  );
}
