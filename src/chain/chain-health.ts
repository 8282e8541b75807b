// Whether the chain RPC (CHAIN_RPC_URL) answers, as /readyz and the key hand-over see it. The answer is
// kept from the last read (a probe or a session-keys read) so a readiness probe never waits on a slow
// or black-holed endpoint (probe timeouts are often 1 s; CHAIN_RPC_TIMEOUT_MS is 10 s); while the chain
// fails it is probed again every `retryMs`, so it recovers without anyone asking.
import type { ChainReader } from '../core/chain-reader.ts';

export interface ChainHealth {
  /** The reader to use: every read through it updates the health. */
  reader: ChainReader;
  /** undefined while the last read answered (or none finished yet); the error text otherwise. */
  problem(): string | undefined;
  stop(): void;
}

export function watchChainHealth(inner: ChainReader, opts: { url: string; retryMs: number; onChange?: (problem: string | undefined) => void }): ChainHealth {
  let problem: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function record(p: string | undefined): void {
    const changed = p !== problem;
    problem = p;
    if (changed) opts.onChange?.(p);
    if (p !== undefined && !timer && !stopped) {
      timer = setTimeout(() => {
        timer = undefined;
        reader.probe().catch(() => {});
      }, opts.retryMs);
      timer.unref();
    }
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
      if (timer) clearTimeout(timer);
    },
  };
}
