// Faults a test arms for the next REST requests: 429s with Discord's headers, or plain server errors.

import type { FailOptions, RateLimitOptions } from './types.ts';

export type Fault =
  | { kind: 'rate-limit'; retryAfterMs: number; global: boolean }
  | { kind: 'fail'; status: number; afterHandling: boolean };

interface Armed {
  remaining: number;
  match: RegExp | undefined;
  fault: Fault;
}

export class FaultPlan {
  readonly #armed: Armed[] = [];

  rateLimitNext(n: number, opts: RateLimitOptions = {}): void {
    this.#armed.push({
      remaining: n,
      match: opts.match,
      fault: { kind: 'rate-limit', retryAfterMs: opts.retryAfterMs ?? 100, global: opts.global ?? false },
    });
  }

  failNext(n: number, opts: FailOptions = {}): void {
    this.#armed.push({ remaining: n, match: opts.match, fault: { kind: 'fail', status: opts.status ?? 503, afterHandling: opts.afterHandling ?? false } });
  }

  /** The fault for this request, if one is armed for it; consumes one use. */
  take(method: string, path: string): Fault | undefined {
    for (const armed of this.#armed) {
      if (armed.remaining <= 0 || !matches(armed.match, method, path)) continue;
      armed.remaining--;
      return armed.fault;
    }
    return undefined;
  }
}

/** A pattern may target the path (`/channels\/\d+\/messages/`) or method and path (`/^POST \/channels/`). */
function matches(re: RegExp | undefined, method: string, path: string): boolean {
  if (!re) return true;
  re.lastIndex = 0;
  if (re.test(path)) return true;
  re.lastIndex = 0;
  return re.test(`${method} ${path}`);
}
