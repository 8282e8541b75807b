// Scenario 7: one command through mserver's HTTP API. A request is sent with POST /api/v1/requests and is
// done when the fleet event stream (GET /api/v1/events, one connection held open) says it finished, so
// the figure covers the HTTP call, the dispatcher, the agent's answer stored, and the event out.
import { Agent, request } from 'node:http';

export interface HttpBench {
  single(agent: string, timeoutMs: number): Promise<boolean>;
  close(): void;
}

export async function startHttpBench(baseUrl: string, token: string): Promise<HttpBench> {
  const auth = { authorization: `Bearer ${token}` };
  const abort = new AbortController();
  const finished = new Map<number, Record<string, number>>();
  const waiters = new Map<number, (tally: Record<string, number>) => void>();
  // The POST goes out in one write: fetch (undici) writes the headers and the body apart, and with Nagle's
  // algorithm and delayed ACKs on loopback that alone costs ~15 ms a request, which is not mserver's.
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = (url: string, body: string, timeoutMs: number) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent: keepAlive, timeout: timeoutMs, headers: { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('timeout', () => req.destroy(new Error('POST timed out')));
      req.on('error', reject);
      req.end(body);
    });
  const res = await fetch(`${baseUrl}/api/v1/events`, { headers: { ...auth, accept: 'text/event-stream' }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`GET /api/v1/events answered ${res.status}`);
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.includes('event: ready')) ready();
          if (!block.includes('event: request_finished')) continue;
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const e = JSON.parse(data.slice(6)) as { requestId: number; tally: Record<string, number> };
          const w = waiters.get(e.requestId);
          if (w) {
            waiters.delete(e.requestId);
            w(e.tally);
          } else finished.set(e.requestId, e.tally);
        }
      }
    } catch {
      // closed by close()
    }
  })();
  await readyP;
  return {
    async single(agent, timeoutMs) {
      const r = await post(`${baseUrl}/api/v1/requests`, JSON.stringify({ command: 'status', target: agent }), timeoutMs);
      const body = JSON.parse(r.text) as { request?: { id: number } };
      if (r.status !== 201 || !body.request) return false;
      const id = body.request.id;
      const early = finished.get(id);
      if (early) {
        finished.delete(id);
        return (early.success ?? 0) === 1;
      }
      let timer: NodeJS.Timeout | undefined;
      const tally = await Promise.race([
        new Promise<Record<string, number>>((resolve) => waiters.set(id, resolve)),
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
      ]);
      clearTimeout(timer);
      waiters.delete(id);
      return (tally?.success ?? 0) === 1;
    },
    close() {
      abort.abort();
      keepAlive.destroy();
    },
  };
}
