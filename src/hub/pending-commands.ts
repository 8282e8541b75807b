// Commands that were sent and have no final answer yet. Each has a timer; each transition is written
// through the write queue, and whoever waits is told only after the write committed.
import type { Clock, CommandState, CommandUpdate } from '../core/ports.ts';
import type { CommandsRepo } from '../store/commands-repo.ts';
import { toJsonColumn } from '../store/json-column.ts';
import type { WriteQueue } from '../store/write-queue.ts';

export interface PendingCommand {
  id: string;
  agentId: string;
  requestId: number | null;
  command: string;
  params: Record<string, unknown>;
  sentAt: number;
  state: 'sent' | 'progress';
  progress?: string | undefined;
  listener: ((u: CommandUpdate) => void) | undefined;
  resolve: (u: CommandUpdate) => void;
  timer: NodeJS.Timeout;
}

export interface PendingDeps {
  commands: Pick<CommandsRepo, 'applyChange' | 'finishLater'>;
  queue: WriteQueue;
  clock: Clock;
  resultMaxBytes: number;
  /** Applied to every result and error before it is stored or shown (redaction, backup_keys digest). */
  sanitizeResult: (command: string, result: unknown) => unknown;
  sanitizeText: (text: string) => string;
  /** Every transition, for whoever watches all commands (notifications). */
  onUpdate: (u: CommandUpdate) => void;
}

export type FinalState = Exclude<CommandState, 'sent' | 'progress'>;

export function createPendingCommands(deps: PendingDeps) {
  const byId = new Map<string, PendingCommand>();
  const byAgent = new Map<string, Set<string>>();

  function untrack(p: PendingCommand): void {
    clearTimeout(p.timer);
    byId.delete(p.id);
    const set = byAgent.get(p.agentId);
    set?.delete(p.id);
    if (set && set.size === 0) byAgent.delete(p.agentId);
  }

  function updateOf(p: PendingCommand, state: CommandState, at: number): CommandUpdate {
    return { commandId: p.id, requestId: p.requestId, agentId: p.agentId, command: p.command, state, at, sentAt: p.sentAt };
  }

  function finish(id: string, state: FinalState, outcome: { result?: unknown; error?: unknown } = {}): boolean {
    const p = byId.get(id);
    if (!p) return false;
    untrack(p);
    const at = deps.clock.now();
    const update = updateOf(p, state, at);
    let resultJson: string | null = null;
    let truncated = false;
    if (state === 'success') {
      update.result = deps.sanitizeResult(p.command, outcome.result ?? null);
      const stored = toJsonColumn(update.result, deps.resultMaxBytes);
      resultJson = stored.text;
      truncated = stored.truncated;
    } else if (outcome.error !== undefined) {
      update.error = deps.sanitizeText(String(outcome.error));
    }
    deps.queue.push(
      () => deps.commands.finishLater({ id, state, at, final: true, resultJson, truncated, error: update.error }),
      () => {
        p.resolve(update);
        p.listener?.(update);
        deps.onUpdate(update);
      },
    );
    return true;
  }

  return {
    add(
      c: Omit<PendingCommand, 'state' | 'resolve' | 'timer' | 'listener'>,
      timeoutMs: number,
      listener?: (u: CommandUpdate) => void,
    ): Promise<CommandUpdate> {
      return new Promise<CommandUpdate>((resolve) => {
        const timer = setTimeout(
          () => finish(c.id, 'timeout', { error: `no final answer within ${Math.round(timeoutMs / 1000)} s` }),
          timeoutMs,
        );
        timer.unref();
        const p: PendingCommand = { ...c, state: 'sent', listener, resolve, timer };
        byId.set(c.id, p);
        let set = byAgent.get(c.agentId);
        if (!set) {
          set = new Set();
          byAgent.set(c.agentId, set);
        }
        set.add(c.id);
      });
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
      const update = { ...updateOf(p, 'progress', at), progress: word };
      deps.queue.push(
        () => deps.commands.applyChange({ id, state: 'progress', at, final: false, progress: word }),
        () => {
          p.listener?.(update);
          deps.onUpdate(update);
        },
      );
    },
    finish,
    /** Ids of the commands still open for one agent. */
    ofAgent(agentId: string): string[] {
      return [...(byAgent.get(agentId) ?? [])];
    },
    /** The newest open command of a kind for an agent, to tie an unrequested-looking frame to its cause. */
    findOpen(agentId: string, command: string, match?: (p: PendingCommand) => boolean): PendingCommand | undefined {
      let found: PendingCommand | undefined;
      for (const id of byAgent.get(agentId) ?? []) {
        const p = byId.get(id);
        if (p && p.command === command && (!match || match(p)) && (!found || p.sentAt >= found.sentAt)) found = p;
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
