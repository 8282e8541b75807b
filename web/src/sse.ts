// Server-Sent Events with the session cookie (EventSource sends it on the same origin). The browser
// reconnects by itself with Last-Event-ID; `onState` tells the page when the stream is down.
import { useEffect, useRef } from 'preact/hooks';

export type Handlers = Record<string, (data: Record<string, unknown>) => void>;

export function useEventStream(url: string | null, handlers: Handlers, onState?: (open: boolean) => void): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  const stateRef = useRef(onState);
  stateRef.current = onState;
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url, { withCredentials: true });
    const names = Object.keys(ref.current);
    const listeners = names.map((name) => {
      const fn = (e: MessageEvent<string>) => {
        let data: Record<string, unknown> = {};
        try {
          data = JSON.parse(e.data) as Record<string, unknown>;
        } catch {
          // keep-alives and empty events carry no JSON
        }
        ref.current[name]?.(data);
      };
      es.addEventListener(name, fn as EventListener);
      return [name, fn] as const;
    });
    es.onopen = () => stateRef.current?.(true);
    es.onerror = () => stateRef.current?.(false);
    // A stream that said `end` is done: the browser would otherwise reconnect and replay it.
    es.addEventListener('end', () => es.close());
    return () => {
      for (const [name, fn] of listeners) es.removeEventListener(name, fn as EventListener);
      es.close();
    };
  }, [url]);
}
