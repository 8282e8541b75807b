// The REST side: records every request, applies armed faults, checks the bot token, answers with
// X-RateLimit-* headers (which @discordjs/rest expects) and JSON errors `{code, message, errors?}`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, Errors } from './api-error.ts';
import type { EmulatorState } from './emulator-state.ts';
import type { FaultPlan } from './fault-plan.ts';
import { parseRequestBody, readBody } from './parse-request-body.ts';
import type { RateLimitBuckets } from './rate-limit-buckets.ts';
import type { Route } from './route.ts';

type Headers = Record<string, string>;

export class RestServer {
  readonly #state: EmulatorState;
  readonly #faults: FaultPlan;
  readonly #buckets: RateLimitBuckets;
  readonly #routes: Route[];
  unreachable = false;

  constructor(state: EmulatorState, faults: FaultPlan, buckets: RateLimitBuckets, routes: Route[]) {
    this.#state = state;
    this.#faults = faults;
    this.#buckets = buckets;
    this.#routes = routes;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = /^\/api(?:\/v\d+)?(\/.*)$/.exec(url.pathname);
    const path = decodePath(api?.[1] ?? url.pathname);

    if (this.unreachable) {
      this.#state.record(method, path, 0, at);
      // A TCP reset: undici reports ECONNRESET, which @discordjs/rest retries like a real network fault.
      req.socket.resetAndDestroy();
      this.#state.notify();
      return;
    }

    let status = 500;
    let code: number | undefined;
    let limitHeaders: Headers = {};
    try {
      const raw = await readBody(req);
      if (!api) {
        status = this.#serveAttachment(res, method, url.pathname);
        return;
      }
      const fault = this.#faults.take(method, path);
      if (fault?.kind === 'rate-limit') {
        status = 429;
        this.#rateLimited(res, fault.retryAfterMs, fault.global);
        return;
      }
      if (fault?.kind === 'fail' && !fault.afterHandling) {
        status = fault.status;
        code = 0;
        this.#json(res, status, { code: 0, message: `${status}: Injected failure` }, {});
        return;
      }
      const { route, params } = this.#match(method, path, /^Bearer /.test(req.headers.authorization ?? ''));
      if (route.auth && req.headers.authorization !== `Bot ${this.#state.token}`) throw Errors.unauthorized();
      const bucket = this.#buckets.take(method, path);
      limitHeaders = {
        'X-RateLimit-Limit': String(bucket.limit),
        'X-RateLimit-Remaining': String(bucket.remaining),
        'X-RateLimit-Reset': (bucket.resetAt / 1000).toFixed(3),
        'X-RateLimit-Reset-After': (bucket.resetAfterMs / 1000).toFixed(3),
        'X-RateLimit-Bucket': bucket.bucket,
      };
      if (bucket.exceeded) {
        status = 429;
        this.#rateLimited(res, bucket.resetAfterMs, false, limitHeaders);
        return;
      }
      const body = await parseRequestBody(raw, req.headers['content-type']);
      const result = await route.handle({ method, path, params, query: url.searchParams, body: body.json, files: body.files, headers: req.headers });
      if (fault?.kind === 'fail') {
        // Handled, but the answer is lost: what the client sees is the failure.
        status = fault.status;
        code = 0;
        this.#json(res, status, { code: 0, message: `${status}: Injected failure after handling` }, {});
        return;
      }
      status = result.status;
      if (result.body === undefined) {
        res.writeHead(status, { ...limitHeaders, ...result.headers }).end();
      } else {
        this.#json(res, status, result.body, { ...limitHeaders, ...result.headers });
      }
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : undefined;
      if (!apiErr) console.error('discord-emulator: route failed', method, path, err);
      status = apiErr?.status ?? 500;
      code = apiErr?.code ?? 0;
      const body = apiErr ? apiErr.toJSON() : { code: 0, message: '500: Internal Server Error' };
      if (!res.headersSent && !res.destroyed) this.#json(res, status, body, limitHeaders);
    } finally {
      this.#state.record(method, path, status, at, code);
      this.#state.notify();
    }
  }

  #match(method: string, path: string, bearer: boolean): { route: Route; params: Record<string, string> } {
    let pathKnown = false;
    for (const route of this.#routes) {
      // OAuth2 user-token routes come first and take only bearer requests; the bot's own routes the rest.
      if (route.bearer === true && !bearer) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (route.method === method) return { route, params: { ...m.groups } };
    }
    throw pathKnown ? Errors.methodNotAllowed() : Errors.notFound();
  }

  #rateLimited(res: ServerResponse, retryAfterMs: number, global: boolean, headers: Headers = {}): void {
    const seconds = retryAfterMs / 1000;
    this.#json(
      res,
      429,
      { message: 'You are being rate limited.', retry_after: seconds, global },
      {
        ...headers,
        'Retry-After': seconds.toFixed(3),
        'X-RateLimit-Limit': headers['X-RateLimit-Limit'] ?? '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': ((Date.now() + retryAfterMs) / 1000).toFixed(3),
        'X-RateLimit-Reset-After': seconds.toFixed(3),
        'X-RateLimit-Bucket': headers['X-RateLimit-Bucket'] ?? 'emulated',
        'X-RateLimit-Scope': global ? 'global' : 'user',
        // @discordjs/rest tests for the header's presence, not its value.
        ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
      },
    );
  }

  /** Attachment bytes at the URL the message's `attachments[].url` names, like Discord's CDN. */
  #serveAttachment(res: ServerResponse, method: string, pathname: string): number {
    const m = /^\/attachments\/(\d+)\/(\d+)\/[^/]+$/.exec(pathname);
    const attachment = m && method === 'GET'
      ? [...this.#state.messagesById.values()]
          .filter((msg) => msg.channel_id === m[1])
          .flatMap((msg) => msg.attachments)
          .find((a) => a.id === m[2])
      : undefined;
    if (!attachment) {
      this.#json(res, 404, { code: 0, message: '404: Not Found' }, {});
      return 404;
    }
    res.writeHead(200, { 'Content-Type': attachment.content_type ?? 'application/octet-stream' }).end(attachment.content);
    return 200;
  }

  #json(res: ServerResponse, status: number, body: unknown, headers: Headers): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  }
}

function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}
