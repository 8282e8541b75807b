// Server-Sent Events: GET /api/v1/requests/{id}/events follows one request (its state changes and each
// agent's outcome) until it ends, then sends `event: end`; GET /api/v1/events follows the fleet, showing
// each reader only what its token's level may see. Both resume after a dropped connection from the
// Last-Event-ID header; when that id is no longer kept, the stream starts with a `snapshot`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiTokens, Principal } from '../../core/api-tokens.ts';
import { LEVELS } from '../../core/policy.ts';
import { bearerOf, requireLevel, type AuthDeps } from './auth.ts';
import { dataFor, type EventFeed, type FeedEvent } from './event-feed.ts';
import { HttpProblem, localeOf, problemResponses } from './problem.ts';
import type { RequestJson } from './views.ts';
import type { Locale } from '../../i18n/locale.ts';
import { msg } from '../../i18n/message.ts';

/** An event's data as this reader reads it (texts in their language, when it has texts). */

export interface SseDeps extends Pick<AuthDeps, 'audit' | 'now'> {
  feed: EventFeed;
  tokens: ApiTokens;
  /** The request as the API shows it to a reader of `locale`, with its outcomes so far; undefined when there is none. */
  requestJson(id: number, locale?: Locale): RequestJson | undefined;
  keepAliveMs?: number;
  /** How often a long fleet stream reads its owner's level again. */
  recheckMs?: number;
}

interface Stream {
  send(event: string, data: unknown, id?: string): void;
  end(): void;
  readonly closed: boolean;
}

const OPEN_STATES = new Set(['awaiting_confirmation', 'awaiting_approval', 'dispatched']);
const ENDING_DECISIONS = new Set(['cancelled', 'denied', 'expired']);
const FINAL_OUTCOMES = new Set(['success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted']);

/** Every open stream, so closing the server ends them instead of waiting for the clients. */
const openStreams = new WeakMap<FastifyInstance, Set<Stream>>();

function open(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, keepAliveMs: number, onClose: () => void): Stream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    // i18n-exempt: an HTTP header value
    'content-type': 'text/event-stream; charset=utf-8',
    // i18n-exempt: an HTTP header value
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 1000\n\n');
  let closed = false;
  const set = openStreams.get(app) ?? new Set<Stream>();
  openStreams.set(app, set);
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  keepAlive.unref();
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    set.delete(stream);
    onClose();
  };
  const stream: Stream = {
    send(event, data, id) {
      if (closed) return;
      res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (closed) return;
      finish();
      res.end();
    },
    get closed() {
      return closed;
    },
  };
  set.add(stream);
  req.raw.on('close', finish);
  return stream;
}

export function endAllStreams(app: FastifyInstance): void {
  for (const s of openStreams.get(app) ?? []) s.end();
}

const lastEventIdOf = (req: FastifyRequest): string | undefined => {
  const h = req.headers['last-event-id'];
  return typeof h === 'string' && h.length <= 64 ? h : undefined;
};

const SSE_RESPONSE = { 200: z.string().describe('text/event-stream'), ...problemResponses(403, 404) };

export async function ssePlugin(app: FastifyInstance, deps: SseDeps): Promise<void> {
  const keepAliveMs = deps.keepAliveMs ?? 15_000;
  const recheckMs = deps.recheckMs ?? 60_000;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/requests/:id/events',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Follow one request: state changes and per-agent outcomes, then `event: end`',
        description:
          // i18n-exempt: OpenAPI documentation, written for developers in English
          'Server-Sent Events. Events: `snapshot` (the request now), `request_decided`, `request_started`, `outcome` (one agent), `request_finished`, `end`. Send `Last-Event-ID` to resume after a dropped connection. mserver\'s own progress and error lines are in the language of `Accept-Language`, or of `lang` (EventSource cannot set headers).',
        tags: ['events'],
        params: z.object({ id: z.coerce.number().int().positive() }),
        // i18n-exempt: OpenAPI documentation, written for developers in English
        querystring: z.object({ lang: z.enum(['en', 'ko']).optional().describe('The reader\'s language, instead of Accept-Language') }),
        headers: z.object({ 'last-event-id': z.string().max(64).optional() }),
        response: SSE_RESPONSE,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      requireLevel(req, deps, 'viewer', 'GET /requests/{id}/events');
      const id = req.params.id;
      const locale: Locale = req.query.lang ?? localeOf(req);
      const first = deps.requestJson(id, locale);
      if (!first) throw new HttpProblem('not_found', msg('http.noRequest', { id: String(id) }));
      let live = false;
      let delivered = 0;
      const held: FeedEvent[] = [];
      let waitTimer: NodeJS.Timeout | undefined;
      let unsubscribe = () => {};
      const stream = open(app, req, reply, keepAliveMs, () => {
        unsubscribe();
        clearTimeout(waitTimer);
      });
      const end = (state: string) => {
        stream.send('end', { requestId: id, state });
        stream.end();
      };
      const deliver = (e: FeedEvent) => {
        if (e.seq <= delivered || stream.closed) return;
        delivered = e.seq;
        stream.send(e.type, dataFor(e, locale), e.id);
        if (e.type === 'request_finished') end('done');
        else if (e.type === 'request_decided' && ENDING_DECISIONS.has(String(e.data.decision))) end(String(e.data.decision));
      };
      unsubscribe = deps.feed.subscribe((e) => {
        if (e.requestId !== id) return;
        if (live) deliver(e);
        else held.push(e);
      });
      const replay = deps.feed.since(lastEventIdOf(req));
      let current = first;
      if (replay) {
        for (const e of replay) if (e.requestId === id) deliver(e);
      } else {
        // Read again after subscribing: nothing can fall between the snapshot and the live events.
        current = deps.requestJson(id, locale) ?? first;
        const at = deps.feed.lastId();
        delivered = Number(at.split('.')[1]);
        stream.send('snapshot', current, at);
      }
      live = true;
      for (const e of held) deliver(e);
      if (stream.closed) return;
      if (!OPEN_STATES.has(current.state)) return end(current.state);
      if (current.state === 'dispatched' && current.outcomes.length > 0 && current.outcomes.every((o) => FINAL_OUTCOMES.has(o.state))) {
        // Every agent has answered: the end follows at once, unless the run was lost with a restart.
        waitTimer = setTimeout(() => end(deps.requestJson(id)?.state ?? 'done'), 2000);
      }
    },
  );

  api.get(
    '/events',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Follow the fleet: agents online/offline, requests, approvals waiting, payout and key events',
        description:
          // i18n-exempt: OpenAPI documentation, written for developers in English
          'Server-Sent Events, filtered by the token\'s level (a request\'s events need the level its command needs; key updates need operator). Events: `agent_online`, `agent_offline`, `approval_waiting`, `request_decided`, `request_started`, `request_finished`, `payout`, `key_update`, `notice` (a Notice, its title and text in the reader\'s language; key notices need operator). Send `Last-Event-ID` to resume.',
        tags: ['events'],
        headers: z.object({ 'last-event-id': z.string().max(64).optional() }),
        response: SSE_RESPONSE,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      let principal: Principal = requireLevel(req, deps, 'viewer', 'GET /events');
      const locale = localeOf(req);
      const timers: { recheck?: NodeJS.Timeout } = {};
      let unsubscribe = () => {};
      const stream = open(app, req, reply, keepAliveMs, () => {
        unsubscribe();
        clearInterval(timers.recheck);
      });
      const allowed = (e: FeedEvent) => e.fleet && LEVELS.indexOf(principal.level) >= LEVELS.indexOf(e.minLevel);
      let delivered = 0;
      const deliver = (e: FeedEvent) => {
        if (e.seq <= delivered) return;
        delivered = e.seq;
        if (allowed(e)) stream.send(e.type, dataFor(e, locale), e.id);
      };
      unsubscribe = deps.feed.subscribe(deliver);
      const replay = deps.feed.since(lastEventIdOf(req));
      if (replay) for (const e of replay) deliver(e);
      else stream.send('ready', { level: principal.level }, deps.feed.lastId());
      // A stream can stay open for days: the owner's roles are read again, and a token revoked or an
      // owner who lost the level closes it.
      const recheck = setInterval(() => {
        // A token revoked, a dashboard session logged out, or an owner who lost the level closes it.
        (req.reauthenticate ?? (() => deps.tokens.authenticate(bearerOf(req))))().then(
          (p) => {
            principal = p;
            if (p.level === 'none') stream.end();
          },
          () => stream.end(),
        );
      }, recheckMs);
      recheck.unref();
      timers.recheck = recheck;
    },
  );
}
