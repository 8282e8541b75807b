// Waits for lines a child prints (mserver's console on stdout): each wait names a pattern and a deadline,
// and a console error line fails it at once instead of letting it time out.

interface Waiter {
  match: (line: string) => boolean;
  resolve: (line: string) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class LineWatch {
  readonly tail: string[] = [];
  readonly #waiting = new Set<Waiter>();
  readonly #failure: RegExp;

  /** `failure`: lines that fail every wait in progress (default: the console's `error: ...`). */
  constructor(failure: RegExp = /^error: /) {
    this.#failure = failure;
  }

  feed(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 40) this.tail.shift();
    if (this.#waiting.size === 0) return;
    const failed = this.#failure.test(line);
    for (const w of this.#waiting) {
      if (failed) this.#settle(w, () => w.reject(new Error(`mserver console: ${line}`)));
      else if (w.match(line)) this.#settle(w, () => w.resolve(line));
    }
  }

  wait(match: RegExp | ((line: string) => boolean), timeoutMs: number, what: string): Promise<string> {
    const test = typeof match === 'function' ? match : (l: string) => match.test(l);
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        match: test,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiting.delete(w);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last lines:\n${this.tail.slice(-10).join('\n')}`));
        }, timeoutMs),
      };
      this.#waiting.add(w);
    });
  }

  #settle(w: Waiter, fn: () => void): void {
    clearTimeout(w.timer);
    this.#waiting.delete(w);
    fn();
  }
}
