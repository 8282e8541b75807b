// A rolling restart's verdicts belong to the run, not to the hub's rows: the restart of the agent where it
// stopped succeeded (its row says so) but the node never became healthy, a healthy one's row lacks the
// health it was judged on, and the agents after the stop were sent nothing (no row at all). When the run
// ends, its outcomes are written over: the history, the API and the request page after mserver restarts
// then say what the live run said (in English, as stored text is).
import type { CoreEvents } from '../core/dispatcher.ts';
import type { EventBus } from '../core/event-bus.ts';
import { isRolling, isUnsentId } from '../core/rolling-restart.ts';
import type { NewCommand } from './commands-repo.ts';
import type { Store } from './store.ts';

export function recordRollingVerdicts(deps: { events: EventBus<CoreEvents>; store: Pick<Store, 'commands' | 'queue'> }): () => void {
  const { store } = deps;
  return deps.events.on('run_finished', ({ request, outcomes }) => {
    if (!isRolling(request)) return;
    const params = { ...request.params };
    delete params.rolling;
    const unsent: NewCommand[] = [];
    const changes: Parameters<Store['commands']['finishLater']>[0][] = [];
    for (const u of outcomes) {
      // Never sent: a row of its own (stored as sent, then finished with its verdict, like any command).
      if (isUnsentId(u.commandId)) unsent.push({ id: u.commandId, requestId: request.id, agentId: u.agentId, command: request.command, params, state: 'sent', at: u.sentAt });
      changes.push({ id: u.commandId, state: u.state, at: u.at, final: true, resultJson: u.result === undefined ? null : JSON.stringify(u.result), error: u.error });
    }
    store.queue.push(() => {
      if (unsent.length > 0) store.commands.insertCommands(unsent);
      for (const c of changes) store.commands.finishLater(c);
    });
  });
}
