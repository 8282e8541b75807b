// Batches small writes (command outcomes, summaries) into one transaction. It flushes on the next turn
// of the event loop and also as soon as a batch is full: under a flood of frames a timer-only batcher
// never fires (timers starve while sockets are read), so size is the guarantee and setImmediate the
// latency bound. `after` callbacks run once the batch is committed, so whoever awaits an outcome can
// rely on it being in SQLite.
import type { Db } from './database.ts';

export interface WriteQueue {
  push(write: () => void, after?: () => void): void;
  /** Commits everything queued now. */
  flush(): void;
  readonly size: number;
}

export interface WriteQueueOptions {
  maxBatch?: number;
  /** Runs last inside each batch's transaction: writes that were gathered rather than run one by one. */
  beforeCommit?: () => void;
  onError?: (err: unknown, writes: number) => void;
}

export function createWriteQueue(db: Db, opts: WriteQueueOptions = {}): WriteQueue {
  const maxBatch = opts.maxBatch ?? 2000;
  let writes: Array<() => void> = [];
  let afters: Array<() => void> = [];
  let scheduled = false;

  const commit = db.transaction((batch: Array<() => void>) => {
    for (const w of batch) w();
    opts.beforeCommit?.();
  });

  function flush(): void {
    scheduled = false;
    if (writes.length === 0 && afters.length === 0) return;
    const batch = writes;
    const done = afters;
    writes = [];
    afters = [];
    try {
      commit(batch);
    } catch (err) {
      opts.onError?.(err, batch.length);
    }
    for (const fn of done) {
      try {
        fn();
      } catch (err) {
        opts.onError?.(err, 0);
      }
    }
  }

  return {
    push(write, after) {
      writes.push(write);
      if (after) afters.push(after);
      if (writes.length >= maxBatch) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
    get size() {
      return writes.length;
    },
  };
}
