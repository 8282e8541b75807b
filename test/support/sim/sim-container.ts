import { chainOf } from './chain-clock.ts';
import type { ChainClock, ChainName } from './chain-clock.ts';

/** One validator container on a simulated host: just enough state for start/stop/restart and key rotation. */
export interface SimContainer {
  readonly name: string;
  readonly chain: ChainName;
  running: boolean;
  startedAt: number;
  /** The keys registered on chain when they differ from the node's (after rotate_keys, before set_keys). */
  onChainKeys: string | undefined;
}

/** `polkadot-validator-1`, `kusama-validator-2`, `polkadot-validator-3`, ... */
export function containerNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${i % 2 === 0 ? 'polkadot' : 'kusama'}-validator-${i + 1}`);
}

export function newContainer(name: string, startedAt: number): SimContainer {
  return { name, chain: chainOf(name), running: true, startedAt, onChainKeys: undefined };
}

/** Blocks as the node's RPC reports them; null while the container is down (RPC unreachable). */
export function containerBlocks(
  c: SimContainer,
  clock: ChainClock,
  lag: number,
  now: number,
): { best_block: number | null; finalized_block: number | null } {
  if (!c.running) return { best_block: null, finalized_block: null };
  const best = clock.bestBlock(c.chain, now) - lag;
  return { best_block: best, finalized_block: best - 2 };
}

export function uptimeSeconds(c: SimContainer, now: number): number {
  return c.running ? Math.max(0, Math.floor((now - c.startedAt) / 1000)) : 0;
}
