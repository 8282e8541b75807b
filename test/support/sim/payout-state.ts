import type { Rng } from './rng.ts';

export interface UnclaimedEra {
  era: number;
  pages_left: number;
  /** In DOT (or KSM), 4 decimals. */
  amount: number;
}

export interface PayoutInfo {
  stash: string;
  chain: string;
  active_era: number;
  history_depth: number;
  unclaimed_eras: UnclaimedEra[];
  oldest_unclaimed_era: number | null;
  eras_left_before_expiry: number | null;
}

/** What a test may pin on one agent with `agent.setPayout(...)`; omitted fields keep their value. */
export interface PayoutSettings {
  stash?: string;
  chain?: string;
  /** Pins this agent's active era; it still advances with the fleet's era clock from there. */
  activeEra?: number;
  historyDepth?: number;
  /** Replaces the unclaimed list. A bare number is an era with 1 page and a random amount. */
  unclaimedEras?: Array<number | { era: number; pages_left?: number; amount?: number }>;
  /** false: no new unclaimed era appears when the era advances (for exact assertions). */
  accrue?: boolean;
  /** Sent verbatim as `payout_info` instead of the computed object (an agent with a foreign format). */
  raw?: Record<string, unknown>;
}

export interface PayoutClaim {
  era: number;
  tx_hash: string;
  amount: number;
  pages: number;
}

const BASE58 = [...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'];
const HISTORY_DEPTH = 84;

/**
 * One agent's view of its validator's rewards. Eras become unclaimed as the era clock passes them
 * (caught up lazily when read, so there is no timer per agent) and are lost after `history_depth`.
 */
export class PayoutState {
  stash: string;
  chain = 'polkadot';
  historyDepth = HISTORY_DEPTH;
  accrue = true;
  /** null: the agent sends no payout_info at all. */
  raw: Record<string, unknown> | null | undefined;
  #eraOffset = 0;
  #lastEra: number;
  #unclaimed: UnclaimedEra[] = [];

  constructor(rng: Rng, fleetEra: number) {
    this.stash = '1' + Array.from({ length: 46 }, () => rng.pick(BASE58)).join('');
    this.#lastEra = fleetEra;
    // Start the fleet varied: most validators are a few eras behind on claims.
    const behind = rng.int(0, 3);
    for (let e = fleetEra - behind; e < fleetEra; e++) this.#unclaimed.push(newEra(e, rng));
  }

  activeEra(fleetEra: number): number {
    return fleetEra + this.#eraOffset;
  }

  set(settings: PayoutSettings | null, fleetEra: number, rng: Rng): void {
    if (settings === null) {
      this.raw = null;
      return;
    }
    this.#catchUp(fleetEra, rng);
    this.raw = settings.raw;
    if (settings.stash !== undefined) this.stash = settings.stash;
    if (settings.chain !== undefined) this.chain = settings.chain;
    if (settings.historyDepth !== undefined) this.historyDepth = settings.historyDepth;
    if (settings.accrue !== undefined) this.accrue = settings.accrue;
    if (settings.activeEra !== undefined) {
      this.#eraOffset = settings.activeEra - fleetEra;
      this.#lastEra = settings.activeEra;
    }
    if (settings.unclaimedEras !== undefined) {
      this.#unclaimed = settings.unclaimedEras
        .map((u) =>
          typeof u === 'number'
            ? newEra(u, rng)
            : { era: u.era, pages_left: u.pages_left ?? 1, amount: u.amount ?? newEra(u.era, rng).amount },
        )
        .sort((a, b) => a.era - b.era);
    }
  }

  /** The summary's payout_info, or undefined when the agent sends none. */
  info(fleetEra: number, rng: Rng): PayoutInfo | Record<string, unknown> | undefined {
    if (this.raw === null) return undefined;
    if (this.raw !== undefined) return this.raw;
    this.#catchUp(fleetEra, rng);
    const active = this.activeEra(fleetEra);
    const oldest = this.#unclaimed[0]?.era ?? null;
    return {
      stash: this.stash,
      chain: this.chain,
      active_era: active,
      history_depth: this.historyDepth,
      unclaimed_eras: this.#unclaimed.map((u) => ({ ...u })),
      oldest_unclaimed_era: oldest,
      eras_left_before_expiry: oldest === null ? null : oldest + this.historyDepth - active,
    };
  }

  unclaimedEras(fleetEra: number, rng: Rng): number[] {
    this.#catchUp(fleetEra, rng);
    return this.#unclaimed.map((u) => u.era);
  }

  /**
   * Claims `eras` (or the oldest unclaimed ones), at most `maxEras`, and removes them from the list.
   * Requested eras that are not claimable are reported with the reason a payout script would give.
   */
  claim(
    eras: number[] | undefined,
    maxEras: number,
    fleetEra: number,
    rng: Rng,
  ): { payouts: PayoutClaim[]; skipped: Array<{ era: number; reason: string }>; still_unclaimed: number[] } {
    this.#catchUp(fleetEra, rng);
    const active = this.activeEra(fleetEra);
    const skipped: Array<{ era: number; reason: string }> = [];
    let wanted: UnclaimedEra[];
    if (eras === undefined) {
      wanted = this.#unclaimed.slice(0, maxEras);
    } else {
      wanted = [];
      for (const era of [...new Set(eras)].sort((a, b) => a - b)) {
        const u = this.#unclaimed.find((x) => x.era === era);
        if (u) wanted.push(u);
        else if (era >= active) skipped.push({ era, reason: 'era not finished' });
        else if (era < active - this.historyDepth) skipped.push({ era, reason: 'era expired (beyond history depth)' });
        else skipped.push({ era, reason: 'already claimed' });
      }
      wanted = wanted.slice(0, maxEras);
    }
    const claimed = new Set(wanted.map((u) => u.era));
    this.#unclaimed = this.#unclaimed.filter((u) => !claimed.has(u.era));
    return {
      payouts: wanted.map((u) => ({ era: u.era, tx_hash: '0x' + rng.hex(64), amount: u.amount, pages: u.pages_left })),
      skipped,
      still_unclaimed: this.#unclaimed.map((u) => u.era),
    };
  }

  #catchUp(fleetEra: number, rng: Rng): void {
    const active = this.activeEra(fleetEra);
    if (active > this.#lastEra && this.accrue) {
      // An era becomes claimable once it has ended; a long-idle agent adds at most history_depth of them.
      for (let e = Math.max(this.#lastEra, active - this.historyDepth); e < active; e++) {
        if (rng.chance(0.9)) this.#unclaimed.push(newEra(e, rng));
      }
    }
    this.#lastEra = Math.max(this.#lastEra, active);
    const firstClaimable = active - this.historyDepth;
    if (this.#unclaimed.length > 0 && (this.#unclaimed[0]?.era ?? firstClaimable) < firstClaimable) {
      this.#unclaimed = this.#unclaimed.filter((u) => u.era >= firstClaimable);
    }
  }
}

function newEra(era: number, rng: Rng): UnclaimedEra {
  return { era, pages_left: rng.chance(0.1) ? 2 : 1, amount: rng.float(8, 40, 4) };
}
