// Block heights and the active era are functions of time shared by the whole fleet, so agents keep no
// per-agent chain state and every agent reports the same chain (give or take a block of lag).
export type ChainName = 'polkadot' | 'kusama';

const BLOCK_MS = 6000;
const BASE_BLOCK: Record<ChainName, number> = { polkadot: 23_456_789, kusama: 26_543_210 };
const BASE_ERA = 1_950;

export class ChainClock {
  readonly #startedAt: number;
  readonly #eraEveryMs: number;

  constructor(startedAt: number, eraEveryMs: number) {
    this.#startedAt = startedAt;
    this.#eraEveryMs = eraEveryMs;
  }

  bestBlock(chain: ChainName, now: number): number {
    return BASE_BLOCK[chain] + Math.floor(Math.max(0, now - this.#startedAt) / BLOCK_MS);
  }

  activeEra(now: number): number {
    if (this.#eraEveryMs <= 0) return BASE_ERA;
    return BASE_ERA + Math.floor(Math.max(0, now - this.#startedAt) / this.#eraEveryMs);
  }
}

export function chainOf(container: string): ChainName {
  return container.startsWith('kusama') ? 'kusama' : 'polkadot';
}
