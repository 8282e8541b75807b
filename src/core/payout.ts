// Reads the fields an operator needs out of whatever payout_info an agent computes. Every field is
// optional: agents differ, and what cannot be read is still shown raw.

export const DEFAULT_HISTORY_DEPTH = 84;

export interface UnclaimedEra {
  era: number;
  pagesLeft?: number | undefined;
  amount?: string | undefined;
}

export interface PayoutView {
  stash?: string | undefined;
  chain?: string | undefined;
  activeEra?: number | undefined;
  historyDepth: number;
  unclaimed: UnclaimedEra[];
  oldestUnclaimedEra?: number | undefined;
  /** Eras left before the oldest unclaimed era's rewards are lost. */
  erasLeft?: number | undefined;
  raw: unknown;
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
// Only exact integers: an agent's 1e308 era would make every sum after it Infinity.
const int = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
};
const text = (v: unknown, max = 200): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, max) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

function pick(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
}

function readEras(v: unknown): UnclaimedEra[] {
  if (!Array.isArray(v)) return [];
  const out: UnclaimedEra[] = [];
  for (const item of v.slice(0, 1000)) {
    if (typeof item === 'number' || typeof item === 'string') {
      const era = int(item);
      if (era !== undefined) out.push({ era });
    } else if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      const era = int(pick(o, 'era', 'era_index', 'index'));
      if (era === undefined) continue;
      out.push({ era, pagesLeft: int(pick(o, 'pages_left', 'pagesLeft', 'pages')), amount: text(pick(o, 'amount', 'reward', 'value')) });
    }
  }
  return out.sort((a, b) => a.era - b.era);
}

export function readPayout(info: unknown): PayoutView | undefined {
  if (!info || typeof info !== 'object' || Array.isArray(info)) return undefined;
  const o = info as Record<string, unknown>;
  const unclaimed = readEras(pick(o, 'unclaimed_eras', 'unclaimedEras', 'unclaimed', 'pending_eras'));
  const historyDepth = int(pick(o, 'history_depth', 'historyDepth')) ?? DEFAULT_HISTORY_DEPTH;
  const activeEra = int(pick(o, 'active_era', 'activeEra', 'current_era', 'era'));
  const oldestUnclaimedEra = int(pick(o, 'oldest_unclaimed_era', 'oldestUnclaimedEra')) ?? unclaimed[0]?.era;
  let erasLeft = int(pick(o, 'eras_left_before_expiry', 'eras_left', 'erasLeft', 'eras_until_expiry'));
  if (erasLeft === undefined && oldestUnclaimedEra !== undefined && activeEra !== undefined) {
    const computed = oldestUnclaimedEra - activeEra + historyDepth;
    erasLeft = Number.isSafeInteger(computed) ? computed : undefined;
  }
  return {
    stash: text(pick(o, 'stash', 'validator', 'validator_stash', 'stash_address')),
    chain: text(pick(o, 'chain', 'network')),
    activeEra,
    historyDepth,
    unclaimed,
    oldestUnclaimedEra,
    erasLeft,
    raw: info,
  };
}

/** What changes when the payout state changes, and nothing that merely ticks. */
export function payoutDigest(p: PayoutView): string {
  return JSON.stringify([p.stash ?? null, p.activeEra ?? null, p.unclaimed.map((u) => [u.era, u.pagesLeft ?? null]), p.erasLeft ?? null]);
}
