// Whether the chain RPC (CHAIN_RPC_URL) answers, as /readyz and the key hand-over see it. The answer is
// kept from the last read (a probe or a session-keys read) so a readiness probe never waits on a slow
// or black-holed endpoint (probe timeouts are often 1 s; CHAIN_RPC_TIMEOUT_MS is 10 s). While the chain
// fails it is probed again on its own, so it recovers without anyone asking: soon after a blip, then
// less and less often (an endpoint down for a day is not asked every few seconds, each attempt holding
// a socket for up to the timeout), and soon again once any read has answered.
import type { Timers, TimerHandle } from '../core/notifications/timers.ts';
import type { ChainReader } from '../core/chain-reader.ts';

/** The wait before the first retry after a failure, doubled at each retry that fails, up to `maxMs`. */
export interface ChainRetry {
  firstMs: number;
  maxMs: number;
}

export const CHAIN_RETRY: ChainRetry = { firstMs: 5_000, maxMs: 5 * 60_000 };

export interface ChainHealth {
  /** The reader to use: every read through it updates the health. */
  reader: ChainReader;
  /** undefined while the last read answered (or none finished yet); the error text otherwise. */
  problem(): string | undefined;
  stop(): void;
}

export function watchChainHealth(
  inner: ChainReader,
  opts: { url: string; retry: ChainRetry; timers: Timers; onChange?: (problem: string | undefined) => void },
): ChainHealth {
  let problem: string | undefined;
  let timer: TimerHandle | undefined;
  let delayMs = opts.retry.firstMs;
  let stopped = false;

  function record(p: string | undefined): void {
    const changed = p !== problem;
    problem = p;
    if (changed) opts.onChange?.(p);
    if (p === undefined) {
      // Answered: the next failure starts the backoff from the beginning, and no retry is owed.
      delayMs = opts.retry.firstMs;
      if (timer !== undefined) opts.timers.clear(timer);
      timer = undefined;
      return;
    }
    // One retry at a time: failed reads of the hand-over checks meanwhile do not stretch or add to it.
    if (timer !== undefined || stopped) return;
    const wait = delayMs;
    delayMs = Math.min(delayMs * 2, opts.retry.maxMs);
    timer = opts.timers.set(() => {
      timer = undefined;
      reader.probe().catch(() => {});
    }, wait);
  }
  async function observed<T>(read: Promise<T>): Promise<T> {
    try {
      const value = await read;
      record(undefined);
      return value;
    } catch (err) {
      // A stash the chain cannot be asked about is bad input, not an unreachable chain.
      // i18n-exempt: a readiness detail for /readyz (a probe) and the log
      if ((err as { code?: unknown }).code !== 'bad_input') record(`${opts.url} cannot be read: ${(err as Error).message.slice(0, 300)}`);
      throw err;
    }
  }
  const reader: ChainReader = {
    sessionKeys: (stash) => observed(inner.sessionKeys(stash)),
    probe: () => observed(inner.probe()),
    close: () => inner.close(),
  };
  return {
    reader,
    problem: () => problem,
    stop() {
      stopped = true;
      if (timer !== undefined) opts.timers.clear(timer);
      timer = undefined;
    },
  };
}
