// "Resolve when this becomes true": conditions re-checked whenever the state they read may have changed,
// each with a deadline so that nothing in the benchmark can wait forever.

export class Waiters {
  readonly #waiting = new Set<() => boolean>();

  /** Resolves once `done()` is true (checked now and at every poke), rejects after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiting.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.#waiting.add(check);
    });
  }

  /** Re-checks every waiting condition. */
  poke(): void {
    for (const check of this.#waiting) if (check()) this.#waiting.delete(check);
  }

  get size(): number {
    return this.#waiting.size;
  }
}
