// Keeps the console usable while commands wait for agents. A run is followed in the foreground for a
// moment (a quick answer prints before the next prompt, as before); past that, the console says that
// it is waiting and for how long, gives the prompt back, reminds now and then, and prints the outcome
// when it comes. `cancel <request>` gives up on it through the dispatcher.
import type { Clock, CommandUpdate } from '../../core/ports.ts';
import type { Run } from '../../core/run.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import { durationText } from '../format/time-text.ts';

export interface RunFollowerDeps {
  print(line: string): void;
  /** The console's language; English when not given. */
  t?: Translator;
  clock: Clock;
  /** How long a run keeps the prompt before it goes on in the background. */
  foregroundMs: number;
  /** How often a run in the background says that it is still waiting. */
  remindEveryMs: number;
}

interface Followed {
  run: Run;
  label: string;
  startedAt: number;
  finished: Promise<void>;
  reminder?: NodeJS.Timeout;
}

/** The agents a run still waits for: `box-1`, or `3 agents (box-1, box-2, box-3)`. */
function waitingFor(t: Translator, run: Run): string {
  const ids = [...run.states.values()].filter((u) => u.state === 'sent' || u.state === 'progress').map((u) => u.agentId);
  if (ids.length === 1) return ids[0]!;
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', …' : '');
  return t('console.follow.agents', { agents: t('common.agents', { count: ids.length }), list: shown });
}

export function createRunFollower(deps: RunFollowerDeps) {
  const { print, clock } = deps;
  const t = deps.t ?? translator('en');
  const active = new Map<number, Followed>();
  const elapsed = (f: Followed) => durationText(clock.now() - f.startedAt, t);

  return {
    /**
     * Shows a run: `finish` prints its outcomes once all are in. Resolves when it is done, or sooner,
     * when it goes on in the background.
     */
    async follow(run: Run, label: string, finish: (outcomes: CommandUpdate[]) => void): Promise<void> {
      const id = run.request.id;
      let background = false;
      const f: Followed = {
        run,
        label,
        startedAt: clock.now(),
        finished: run.done.then((outcomes) => {
          clearInterval(f.reminder);
          active.delete(id);
          if (background) print(t('console.follow.finished', { id: String(id), label, elapsed: elapsed(f) }));
          finish(outcomes);
        }),
      };
      active.set(id, f);
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), deps.foregroundMs)));
      const first = await Promise.race([f.finished.then(() => 'done' as const), slow]);
      clearTimeout(timer);
      if (first === 'done') return;
      background = true;
      print(t('console.follow.background', { id: String(id), label, who: waitingFor(t, run), elapsed: elapsed(f) }));
      f.reminder = setInterval(() => print(t('console.follow.reminder', { id: String(id), label, who: waitingFor(t, run), elapsed: elapsed(f) })), deps.remindEveryMs);
      f.reminder.unref();
    },

    /** One line per run still waiting, oldest first. */
    lines(): string[] {
      return [...active.values()].map((f) => t('console.follow.line', { id: String(f.run.request.id), label: f.label, who: waitingFor(t, f.run), elapsed: elapsed(f) }));
    },

    get size(): number {
      return active.size;
    },

    /** Resolves once every followed run has finished and printed its outcome. */
    async idle(): Promise<void> {
      while (active.size > 0) await Promise.all([...active.values()].map((f) => f.finished));
    },
  };
}
