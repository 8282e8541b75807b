// A dispatched request in flight: the latest state per agent, listeners for each change, and a promise
// of every final outcome.
import type { RequestRecord } from './records.ts';
import type { CommandUpdate, SentCommands } from './ports.ts';

export interface Run {
  request: RequestRecord;
  /** Latest state per agent id. */
  readonly states: ReadonlyMap<string, CommandUpdate>;
  onUpdate(listener: (u: CommandUpdate) => void): () => void;
  done: Promise<CommandUpdate[]>;
}

export function createRun(
  request: RequestRecord,
  send: (onUpdate: (u: CommandUpdate) => void) => SentCommands,
  onListenerError: (err: unknown) => void,
): Run {
  const states = new Map<string, CommandUpdate>();
  const listeners = new Set<(u: CommandUpdate) => void>();
  const sent = send((u) => {
    states.set(u.agentId, u);
    for (const l of listeners) {
      try {
        l(u);
      } catch (err) {
        onListenerError(err);
      }
    }
  });
  for (const h of sent.handles) if (!states.has(h.agentId)) states.set(h.agentId, h.initial);
  return {
    request,
    states,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    done: sent.done,
  };
}
