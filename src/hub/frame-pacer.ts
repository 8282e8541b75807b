// Bounds the work one turn of the event loop spends on agent frames. Under a flood, libuv hands the
// process everything that every ready socket has buffered (up to 32 reads of 64 KiB per socket per
// turn), and handling it all at once stalls every timer (the Discord gateway heartbeat, command
// timeouts, interaction deadlines) for seconds. Past `perTurn` frames, frames wait for the next turn
// (setImmediate) in arrival order, and each socket that has frames waiting is paused, so TCP holds the
// rest of the flood, not mserver's memory. A session's frames are always handled in order.
export interface FramePacer<S> {
  /** Handles the frame now, or queues it behind the session's earlier frames or the turn's budget. */
  push(session: S, data: Buffer, isBinary: boolean): void;
  /** Handles the session's queued frames now (it is closing: what it sent comes before its close). */
  flush(session: S): void;
  readonly queued: number;
}

interface Entry<S> {
  session: S;
  data: Buffer;
  isBinary: boolean;
}

/** A socket is paused once this many of its frames wait (one waiting frame is not worth two system calls). */
const PAUSE_AT = 64;
/** ...and resumed when no more than this many are left. */
const RESUME_AT = 8;

export function createFramePacer<S>(opts: {
  perTurn: number;
  handle: (session: S, data: Buffer, isBinary: boolean) => void;
  pause: (session: S) => void;
  resume: (session: S) => void;
}): FramePacer<S> {
  const fifo: Array<Entry<S> | undefined> = [];
  let head = 0;
  /** Frames waiting per session, and the sessions paused for their backlog. */
  const waiting = new Map<S, number>();
  const paused = new Set<S>();
  let handled = 0;
  let scheduled = false;
  let queued = 0;

  function take(e: Entry<S>): void {
    queued -= 1;
    const left = (waiting.get(e.session) ?? 1) - 1;
    if (left > 0) waiting.set(e.session, left);
    else waiting.delete(e.session);
    if (left <= RESUME_AT && paused.delete(e.session)) opts.resume(e.session);
    opts.handle(e.session, e.data, e.isBinary);
  }

  function turn(): void {
    scheduled = false;
    handled = 0;
    while (head < fifo.length && handled < opts.perTurn) {
      const e = fifo[head];
      fifo[head++] = undefined;
      if (!e) continue;
      handled += 1;
      take(e);
    }
    if (head === fifo.length) {
      fifo.length = 0;
      head = 0;
    } else if (head > 4096 && head * 2 > fifo.length) {
      fifo.splice(0, head);
      head = 0;
    }
    if (handled > 0 || head < fifo.length) schedule();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(turn);
  }

  return {
    push(session, data, isBinary) {
      if (!waiting.has(session) && handled < opts.perTurn) {
        handled += 1;
        schedule();
        opts.handle(session, data, isBinary);
        return;
      }
      const n = (waiting.get(session) ?? 0) + 1;
      waiting.set(session, n);
      if (n === PAUSE_AT && !paused.has(session)) {
        paused.add(session);
        opts.pause(session);
      }
      fifo.push({ session, data, isBinary });
      queued += 1;
      schedule();
    },
    flush(session) {
      if (!waiting.has(session)) return;
      for (let i = head; i < fifo.length && waiting.has(session); i++) {
        const e = fifo[i];
        if (e?.session !== session) continue;
        fifo[i] = undefined;
        take(e);
      }
    },
    get queued() {
      return queued;
    },
  };
}
