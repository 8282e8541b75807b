// CPU profiles of a chosen phase, taken from inside the process with the inspector (no restart, no
// --cpu-prof for the whole life of the process). Written as .cpuprofile files: open them in Chrome
// DevTools or summarize them with bench/profile-summary.ts.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export function createProfiler(): { start(): Promise<void>; stop(path: string): Promise<{ path: string }> } {
  let session: Session | undefined;
  return {
    async start() {
      if (!session) {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 200 });
      }
      await session.post('Profiler.start');
    },
    async stop(path) {
      if (!session) throw new Error('no profile was started');
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      return { path };
    },
  };
}
