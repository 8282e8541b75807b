// Request / response over the Node IPC channel between the orchestrator and its child processes (the
// floor server, the load generator, the probe inside mserver). Every call has a timeout, and a child
// whose parent disappears (even killed with SIGKILL) notices the closed channel and stops: nothing the
// benchmark starts outlives it.
import type { ChildProcess } from 'node:child_process';

/** A child's API: one handler per operation, taking one JSON argument. */
export type RpcApi = Record<string, (args: never) => unknown>;

type ArgsOf<F> = F extends (args: infer A) => unknown ? A : never;

interface RpcRequest {
  rpc: number;
  op: string;
  args: unknown;
}

interface RpcReply {
  rpc: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isRequest(m: unknown): m is RpcRequest {
  return isRecord(m) && typeof m.rpc === 'number' && typeof m.op === 'string';
}

function isReply(m: unknown): m is RpcReply {
  return isRecord(m) && typeof m.rpc === 'number' && typeof m.ok === 'boolean';
}

export interface RpcClient<A extends RpcApi> {
  call<K extends keyof A & string>(op: K, args: ArgsOf<A[K]>, timeoutMs?: number): Promise<Awaited<ReturnType<A[K]>>>;
  /** Rejects every call still waiting (the child exited). */
  fail(reason: string): void;
}

export function rpcClient<A extends RpcApi>(child: ChildProcess, name: string): RpcClient<A> {
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  child.on('message', (m: unknown) => {
    if (!isReply(m)) return;
    const w = waiting.get(m.rpc);
    if (!w) return;
    waiting.delete(m.rpc);
    clearTimeout(w.timer);
    if (m.ok) w.resolve(m.result);
    else w.reject(new Error(`${name}: ${m.error ?? 'failed'}`));
  });
  const fail = (reason: string) => {
    for (const [id, w] of waiting) {
      waiting.delete(id);
      clearTimeout(w.timer);
      w.reject(new Error(`${name}: ${reason}`));
    }
  };
  child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) while a call was waiting`));
  return {
    call(op, args, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        if (!child.connected) {
          reject(new Error(`${name}: not running (${op})`));
          return;
        }
        const rpc = next++;
        const timer = setTimeout(() => {
          waiting.delete(rpc);
          reject(new Error(`${name}: ${op} took over ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(rpc, { resolve: resolve as (v: unknown) => void, reject, timer });
        child.send({ rpc, op, args } satisfies RpcRequest, (err) => {
          if (!err) return;
          waiting.delete(rpc);
          clearTimeout(timer);
          reject(new Error(`${name}: could not send ${op}: ${err.message}`));
        });
      });
    },
    fail,
  };
}

/**
 * Serves `handlers` to the parent. `onParentGone` runs when the channel closes (default: exit), so a
 * child never outlives an orchestrator that was killed.
 */
export function serveRpc<A extends RpcApi>(handlers: A, opts: { onParentGone?: () => void } = {}): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('bench: this process must be started by the benchmark, with an IPC channel');
  process.on('message', (m: unknown) => {
    if (!isRequest(m)) return;
    const handler = handlers[m.op] as ((args: unknown) => unknown) | undefined;
    const reply = (r: Omit<RpcReply, 'rpc'>) => {
      if (process.connected) send({ rpc: m.rpc, ...r });
    };
    if (!handler) {
      reply({ ok: false, error: `unknown operation ${m.op}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(m.args))
      .then(
        (result) => reply({ ok: true, result }),
        (err: unknown) => reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      );
  });
  process.on('disconnect', opts.onParentGone ?? (() => process.exit(0)));
}
