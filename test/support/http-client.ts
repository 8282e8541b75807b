// A small client for mserver's HTTP API over real HTTP on 127.0.0.1: JSON calls with a bearer token, and
// a Server-Sent Events reader (fetch's body stream, parsed as the EventSource spec says).

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the tests assert on the JSON shape
  text: string;
}

export interface ApiClient {
  call(method: string, path: string, opts?: { body?: unknown; headers?: Record<string, string>; raw?: string; token?: string | null }): Promise<ApiAnswer>;
}

/** A response as the tests read it: status, headers, the JSON body when there is one, and the text. */
export async function answerOf(res: Response): Promise<ApiAnswer> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export function apiClient(baseUrl: string, token?: string): ApiClient {
  return {
    async call(method, path, opts = {}) {
      const t = opts.token === undefined ? token : opts.token;
      const headers: Record<string, string> = { ...(t ? { authorization: `Bearer ${t}` } : {}), ...opts.headers };
      let body: string | undefined;
      if (opts.raw !== undefined) body = opts.raw;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      const res = await fetch(baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(10_000) });
      return answerOf(res);
    },
  };
}

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of the event
}

export interface SseReader {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  /** The first event not yet taken that matches, waiting up to timeoutMs. */
  next(match?: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Drops the connection (as a network failure would). */
  close(): void;
}

/** `headers`: more request headers (Accept-Language, for a reader of another language). */
export async function openSse(url: string, token: string, lastEventId?: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}), ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const taken = new Set<number>();
  const wakers = new Set<() => void>();
  let endedFlag = false;
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let id: string | undefined;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
          }
          if (data.length === 0) continue;
          events.push({ id, event, data: JSON.parse(data.join('\n')) });
          for (const w of wakers) w();
        }
      }
    } catch {
      // aborted by close(): the stream simply ends
    } finally {
      endedFlag = true;
      for (const w of wakers) w();
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    ended,
    close: () => abort.abort(),
    next(match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const i = events.findIndex((e, n) => !taken.has(n) && match(e));
          if (i >= 0) {
            taken.add(i);
            done();
            resolve(events[i]!);
          } else if (endedFlag) {
            done();
            reject(new Error(`SSE stream ended without a matching event; got ${events.map((e) => e.event).join(', ')}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching SSE event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          wakers.delete(check);
        };
        wakers.add(check);
        check();
      });
    },
  };
}
