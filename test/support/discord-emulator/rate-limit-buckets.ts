// Per-route buckets with honest X-RateLimit-* headers. @discordjs/rest paces itself from these headers,
// so a bot using it never sees a bucket 429; one doing raw HTTP in a loop does.

import { createHash } from 'node:crypto';

export interface BucketState {
  limit: number;
  remaining: number;
  resetAt: number;
  resetAfterMs: number;
  bucket: string;
  exceeded: boolean;
}

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimitBuckets {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, Window>();

  constructor(limit = 50, windowMs = 1000) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  take(method: string, path: string, now = Date.now()): BucketState {
    const route = routeTemplate(path);
    const key = `${method} ${route} ${majorParameter(path)}`;
    let win = this.#windows.get(key);
    if (!win || win.resetAt <= now) {
      win = { count: 0, resetAt: now + this.#windowMs };
      this.#windows.set(key, win);
      if (this.#windows.size > 2000) this.#prune(now);
    }
    win.count++;
    return {
      limit: this.#limit,
      remaining: Math.max(0, this.#limit - win.count),
      resetAt: win.resetAt,
      resetAfterMs: win.resetAt - now,
      bucket: createHash('sha1').update(`${method} ${route}`).digest('hex').slice(0, 32),
      exceeded: win.count > this.#limit,
    };
  }

  #prune(now: number): void {
    for (const [key, win] of this.#windows) if (win.resetAt <= now) this.#windows.delete(key);
  }
}

/** Route shape with ids and tokens replaced, so every channel shares one bucket hash like on Discord. */
function routeTemplate(path: string): string {
  return path
    .replace(/^\/(webhooks|interactions)\/(\d+)\/[^/]+/, '/$1/:id/:token')
    .replace(/\/\d{15,21}/g, '/:id');
}

function majorParameter(path: string): string {
  const m = /^\/(?:channels|guilds)\/(\d+)/.exec(path) ?? /^\/(?:webhooks|interactions)\/(\d+\/[^/]+)/.exec(path);
  return m?.[1] ?? 'global';
}
