// The small amount of statistics the benchmark needs: percentiles of a sample (nearest rank, so every
// figure is a latency that really happened), and min / median over repeated rounds.

/** The p-th percentile (0..100) by nearest rank; NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** The median; the mean of the two middle values for an even count. NaN for an empty sample. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** One figure over repeated rounds: the best round and the typical one. */
export interface Rounds {
  min: number;
  median: number;
  max: number;
  values: number[];
}

export function rounds(values: readonly number[]): Rounds {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN, values: [...values] };
  return { min: Math.min(...finite), median: median(finite), max: Math.max(...finite), values: [...values] };
}

/** For figures where more is better (throughput): the best round is the highest. */
export function best(r: Rounds, higherIsBetter: boolean): number {
  return higherIsBetter ? r.max : r.min;
}

/** mserver's figure over the floor's; NaN when either is missing or the floor is zero. */
export function ratio(mserver: number, floor: number): number {
  if (!Number.isFinite(mserver) || !Number.isFinite(floor) || floor === 0) return Number.NaN;
  return mserver / floor;
}

/** p50 / p99 / max of one round's latencies. */
export interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencies(values: readonly number[]): Latencies {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}
