// Commands that were sent and have no final answer yet. The commands of one send() form a batch with one
// timer and one promise of all outcomes: a broadcast to 10,000 agents arms one timer, not 10,000, and a
// command's own promise exists only if someone asks for it. Each transition is written through the write
// queue, and whoever waits is told only after the write committed.
import type { Clock, CommandHandle, CommandState, CommandUpdate } from '../core/ports.ts';
import { msg, render, type Message } from '../i18n/message.ts';
import type { SanitizedResult } from '../core/result-sanitizer.ts';
import type { CommandsRepo } from '../store/commands-repo.ts';
import { toJsonColumn } from '../store/json-column.ts';
import type { WriteQueue } from '../store/write-queue.ts';

/** What a batch reports: each command's final outcome, in the order the batch was opened with. */
export interface Batch {
  /** Every final outcome, once all are stored. */
  readonly done: Promise<CommandUpdate[]>;
  /** One command's final outcome, once stored. */
  outcome(index: number): Promise<CommandUpdate>;
}

/** What the commands of one send() share. */
export interface BatchCommand {
  requestId: number | null;
  command: string;
  params: Record<string, unknown>;
  sentAt: number;
}

interface BatchState extends Batch, BatchCommand {
  readonly results: CommandUpdate[];
  readonly ids: string[];
  open: number;
  readonly timeoutMs: number;
  timer: NodeJS.Timeout | undefined;
  readonly listener: ((u: CommandUpdate) => void) | undefined;
  resolve: (all: CommandUpdate[]) => void;
  /** Promises handed out for single commands, by index: made on demand, one per command. */
  waiters: Map<number, { promise: Promise<CommandUpdate>; resolve: (u: CommandUpdate) => void }> | undefined;
}

/** One open command: its own id and agent, the rest read from its batch (one object per command, no copies). */
export class PendingCommand {
  readonly id: string;
  readonly agentId: string;
  readonly batch: BatchState;
  readonly index: number;
  state: 'sent' | 'progress' = 'sent';
  progress: string | undefined = undefined;

  constructor(id: string, agentId: string, batch: BatchState, index: number) {
    this.id = id;
    this.agentId = agentId;
    this.batch = batch;
    this.index = index;
  }

  get requestId(): number | null {
    return this.batch.requestId;
  }
  get command(): string {
    return this.batch.command;
  }
  get params(): Record<string, unknown> {
    return this.batch.params;
  }
  get sentAt(): number {
    return this.batch.sentAt;
  }
}

/** A command's own promise is made only when asked for: a broadcast's run waits on the batch instead. */
class Handle implements CommandHandle {
  readonly commandId: string;
  readonly agentId: string;
  readonly initial: CommandUpdate;
  readonly #batch: Batch;
  readonly #index: number;

  constructor(batch: Batch, index: number, initial: CommandUpdate) {
    this.commandId = initial.commandId;
    this.agentId = initial.agentId;
    this.initial = initial;
    this.#batch = batch;
    this.#index = index;
  }

  get done(): Promise<CommandUpdate> {
    return this.#batch.outcome(this.#index);
  }
}

/** What send() hands back for the command at `index` of a batch. */
export function commandHandle(batch: Batch, index: number, initial: CommandUpdate): CommandHandle {
  return new Handle(batch, index, initial);
}

export interface PendingDeps {
  commands: Pick<CommandsRepo, 'applyChange' | 'finishLater'>;
  queue: WriteQueue;
  clock: Clock;
  resultMaxBytes: number;
  /** Applied to every result and error before it is stored or shown (redaction, backup_keys digest). */
  sanitizeResult: (command: string, result: unknown) => SanitizedResult;
  sanitizeText: (text: string) => string;
}

export type FinalState = Exclude<CommandState, 'sent' | 'progress'>;

export function createPendingCommands(deps: PendingDeps) {
  const byId = new Map<string, PendingCommand>();
  // An agent rarely has more than one command open: a small array costs less than a Set per agent.
  const byAgent = new Map<string, PendingCommand[]>();

  function untrack(p: PendingCommand): void {
    byId.delete(p.id);
    const list = byAgent.get(p.agentId);
    if (!list) return;
    const i = list.indexOf(p);
    if (i !== -1) list.splice(i, 1);
    if (list.length === 0) byAgent.delete(p.agentId);
  }

  function settle(batch: BatchState, index: number, update: CommandUpdate): void {
    batch.results[index] = update;
    const waiter = batch.waiters?.get(index);
    if (waiter) {
      batch.waiters!.delete(index);
      waiter.resolve(update);
    }
    batch.open -= 1;
    if (batch.open === 0) {
      clearTimeout(batch.timer);
      batch.resolve(batch.results);
    }
  }

  /** `error` is the agent's own text; `message` is mserver's, stored in English and carried as a Message to live readers. */
  function finish(id: string, state: FinalState, outcome: { result?: unknown; error?: unknown; message?: Message } = {}): boolean {
    const p = byId.get(id);
    if (!p) return false;
    untrack(p);
    const at = deps.clock.now();
    const update: CommandUpdate = { commandId: p.id, requestId: p.requestId, agentId: p.agentId, command: p.command, state, at, sentAt: p.sentAt };
    let resultJson: string | null = null;
    let truncated = false;
    if (state === 'success') {
      const safe = deps.sanitizeResult(p.command, outcome.result ?? null);
      update.result = safe.value;
      const stored = toJsonColumn(safe.value, deps.resultMaxBytes, safe.json);
      resultJson = stored.text;
      truncated = stored.truncated;
    } else if (outcome.message !== undefined) {
      update.error = render('en', outcome.message);
      update.errorText = outcome.message;
    } else if (outcome.error !== undefined) {
      update.error = deps.sanitizeText(String(outcome.error));
    }
    const batch = p.batch;
    deps.queue.push(
      () => deps.commands.finishLater({ id, state, at, final: true, resultJson, truncated, error: update.error }),
      () => {
        batch.listener?.(update);
        settle(batch, p.index, update);
      },
    );
    return true;
  }

  function expire(batch: BatchState): void {
    const message = msg('core.run.timeout', { seconds: Math.round(batch.timeoutMs / 1000) });
    for (const id of batch.ids) {
      const p = byId.get(id);
      if (p?.batch === batch) finish(id, 'timeout', { message });
    }
  }

  return {
    /**
     * A batch of `size` commands: each is then either tracked (sent, waiting for its answer) or settled
     * at once (its outcome is already known). `listener` hears every later transition, once stored.
     */
    open(size: number, shared: BatchCommand, timeoutMs: number, listener?: (u: CommandUpdate) => void): Batch {
      let resolve!: (all: CommandUpdate[]) => void;
      const done = new Promise<CommandUpdate[]>((r) => (resolve = r));
      const batch: BatchState = {
        requestId: shared.requestId,
        command: shared.command,
        params: shared.params,
        sentAt: shared.sentAt,
        done,
        results: new Array<CommandUpdate>(size),
        ids: [],
        open: size,
        timeoutMs,
        timer: undefined,
        listener,
        resolve,
        waiters: undefined,
        outcome(index) {
          const known = batch.results[index];
          if (known) return Promise.resolve(known);
          const waiters = (batch.waiters ??= new Map());
          let waiter = waiters.get(index);
          if (!waiter) {
            let resolve!: (u: CommandUpdate) => void;
            const promise = new Promise<CommandUpdate>((r) => (resolve = r));
            waiter = { promise, resolve };
            waiters.set(index, waiter);
          }
          return waiter.promise;
        },
      };
      if (size === 0) resolve([]);
      return batch;
    },
    /** A command of the batch that was sent: its answer is waited for, up to the batch's timeout. */
    track(batch: Batch, index: number, id: string, agentId: string): void {
      const b = batch as BatchState;
      const p = new PendingCommand(id, agentId, b, index);
      byId.set(id, p);
      b.ids.push(id);
      const list = byAgent.get(agentId);
      if (list) list.push(p);
      else byAgent.set(agentId, [p]);
      if (b.timer === undefined) {
        b.timer = setTimeout(() => expire(b), b.timeoutMs);
        b.timer.unref();
      }
    },
    /** A command of the batch whose outcome is known without waiting (the agent is not connected). */
    settle(batch: Batch, index: number, update: CommandUpdate): void {
      settle(batch as BatchState, index, update);
    },
    get(id: string): PendingCommand | undefined {
      return byId.get(id);
    },
    has(id: string): boolean {
      return byId.has(id);
    },
    progress(id: string, word: string): void {
      const p = byId.get(id);
      if (!p) return;
      const at = deps.clock.now();
      p.state = 'progress';
      p.progress = word;
      const update: CommandUpdate = {
        commandId: p.id,
        requestId: p.requestId,
        agentId: p.agentId,
        command: p.command,
        state: 'progress',
        at,
        sentAt: p.sentAt,
        progress: word,
      };
      deps.queue.push(
        () => deps.commands.applyChange({ id, state: 'progress', at, final: false, progress: word }),
        () => p.batch.listener?.(update),
      );
    },
    finish,
    /** Ids of the commands still open for one agent. */
    ofAgent(agentId: string): string[] {
      return (byAgent.get(agentId) ?? []).map((p) => p.id);
    },
    /** The newest open command of a kind for an agent, to tie an unrequested-looking frame to its cause. */
    findOpen(agentId: string, command: string, match?: (p: PendingCommand) => boolean): PendingCommand | undefined {
      let found: PendingCommand | undefined;
      for (const p of byAgent.get(agentId) ?? []) {
        if (p.command === command && (!match || match(p)) && (!found || p.sentAt >= found.sentAt)) found = p;
      }
      return found;
    },
    ids(): string[] {
      return [...byId.keys()];
    },
    get size(): number {
      return byId.size;
    },
  };
}

export type PendingCommands = ReturnType<typeof createPendingCommands>;
