// Before authentication (issue 15): a socket that connected without a token waits up to the register
// timeout for an authenticated register. Without a bound, a stranger with no token at all could hold
// hundreds of such sockets and lock real agents out (file descriptors, memory, the register timers).
// At most `total` sockets wait at once, and `perAddress` from one address; more are closed at once with
// 4429. A socket leaves the count when it authenticates or closes. Agents that send their token in the
// upgrade (the usual way) never wait here.

/** What the gate needs of a session: where it came from and whether it has authenticated yet. */
export interface Waiting {
  readonly address: string;
  readonly authenticated: boolean;
}

export interface UnauthGate {
  /** True when `s` may wait for its token; false: close it with CLOSE_TOO_MANY_UNAUTHENTICATED. */
  admit(s: Waiting): boolean;
  /** `s` closed. */
  release(s: Waiting): void;
  /** Sockets waiting for a token now. */
  readonly waiting: number;
}

export const CLOSE_TOO_MANY_UNAUTHENTICATED = 4429;

export function createUnauthGate(limits: { total: number; perAddress: number }): UnauthGate {
  const waiting = new Set<Waiting>();
  const perAddress = new Map<string, number>();

  function drop(s: Waiting): void {
    if (!waiting.delete(s)) return;
    const n = (perAddress.get(s.address) ?? 1) - 1;
    if (n <= 0) perAddress.delete(s.address);
    else perAddress.set(s.address, n);
  }

  /** Sockets that authenticated since they were admitted no longer wait: forgotten before counting. */
  function settle(): void {
    for (const s of waiting) if (s.authenticated) drop(s);
  }

  return {
    admit(s) {
      if (waiting.size >= limits.total || (perAddress.get(s.address) ?? 0) >= limits.perAddress) settle();
      if (waiting.size >= limits.total || (perAddress.get(s.address) ?? 0) >= limits.perAddress) return false;
      waiting.add(s);
      perAddress.set(s.address, (perAddress.get(s.address) ?? 0) + 1);
      return true;
    },
    release: drop,
    get waiting() {
      settle();
      return waiting.size;
    },
  };
}

/**
 * Closes a socket the gate did not admit: 4429 for a client that reads it, and the socket itself a moment
 * later for one that never answers the close (ws would otherwise hold it for 30 s).
 */
export function closeNotAdmitted(ws: { close(code: number, reason: string): void; terminate(): void; on(event: 'error', fn: () => void): unknown }): void {
  // No other handler is attached to this socket: an error on it must not become an uncaught one.
  ws.on('error', () => {});
  ws.close(CLOSE_TOO_MANY_UNAUTHENTICATED, 'too many unauthenticated connections'); // i18n-exempt: a WebSocket close reason read by mclient
  setTimeout(() => ws.terminate(), 1000).unref();
}
