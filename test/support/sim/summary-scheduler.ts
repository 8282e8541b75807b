/**
 * One timer for the whole fleet's periodic summaries: agents are spread over buckets and each tick
 * serves one bucket, so 10,000 agents neither hold 10,000 timers nor all report in the same instant.
 */
export class SummaryScheduler<T extends { sendSummary(): boolean }> {
  readonly #buckets: T[][];
  readonly #tickMs: number;
  readonly #expected: number;
  #added = 0;
  #cursor = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** `expected` is how many items will be added, so a small fleet is spread over the whole period too. */
  constructor(periodMs: number, expected: number) {
    this.#expected = Math.max(1, expected);
    // About four ticks a second at the default 60 s period; never more buckets than that.
    const count = Math.max(1, Math.min(240, Math.floor(periodMs / 250)));
    this.#buckets = Array.from({ length: count }, () => []);
    this.#tickMs = periodMs / count;
  }

  add(item: T): void {
    const n = this.#buckets.length;
    this.#buckets[Math.floor((this.#added++ * n) / this.#expected) % n]?.push(item);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      const bucket = this.#buckets[this.#cursor] ?? [];
      this.#cursor = (this.#cursor + 1) % this.#buckets.length;
      for (const item of bucket) item.sendSummary();
    }, this.#tickMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
