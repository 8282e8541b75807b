// A full garbage collection on request, so that RSS is compared after collection in every process
// (--expose-gc turned on at run time: the processes are started without it).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function collectGarbage(): { rss: number } {
  gc();
  return { rss: process.memoryUsage.rss() };
}

/** A young-generation collection (a scavenge, ~0.05 ms): the next short measurement starts with an empty nursery. */
export function collectYoung(): void {
  (gc as (opts: { type: 'minor' }) => void)({ type: 'minor' });
}
