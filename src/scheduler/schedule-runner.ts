// One schedule's run, tick or "run now": through the dispatcher like any request, acting for the owner
// under the schedule's standing authorization, recorded in the run history and announced in its
// channel. A schedule never runs twice at once: a tick that comes while its previous run is still going
// is recorded as skipped, and the outcome of that run says how many were.
import type { Dispatcher } from '../core/dispatcher.ts';
import { describeError, isUserError } from '../core/errors.ts';
import { msg } from '../i18n/message.ts';
import type { Clock, CommandUpdate } from '../core/ports.ts';
import type { Run } from '../core/run.ts';
import type { Logger } from '../log.ts';
import type { RequestRecord } from '../store/requests-repo.ts';
import type { ScheduleRecord, SchedulesRepo } from '../store/schedules-repo.ts';
import { tallyMessages } from '../transports/format/state-text.ts';
import { zonedTimeText } from '../transports/format/time-text.ts';
import { notice, type ScheduleNotice } from './schedule-notice.ts';

export interface RunnerDeps {
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  schedules: SchedulesRepo;
  clock: Clock;
  log: Logger;
  /** Logs the notice and posts it to the schedule's channel. */
  announce(s: ScheduleRecord, notice: ScheduleNotice): void;
}

interface Going {
  since: number;
  skipped: number;
}

export function createScheduleRunner(deps: RunnerDeps) {
  const { dispatcher, schedules, clock, log } = deps;
  const going = new Map<number, Going>();
  let stopped = false;

  async function finish(s: ScheduleRecord, runId: number, request: RequestRecord, run: Run): Promise<void> {
    const outcomes: CommandUpdate[] = await run.done;
    const skipped = going.get(s.id)?.skipped ?? 0;
    going.delete(s.id);
    // Once mserver is stopping the database is closing: the row stays `running` and the next start
    // marks it interrupted.
    if (stopped) return;
    const tally: Record<string, number> = {};
    for (const o of outcomes) tally[o.state] = (tally[o.state] ?? 0) + 1;
    schedules.finishRun(runId, { state: 'ran', tally, finishedAt: clock.now() });
    const failed = outcomes.some((o) => o.state !== 'success');
    const counted = outcomes.length > 0 ? tallyMessages(outcomes.map((o) => o.state)) : msg('core.schedule.noAgent');
    const ran = { name: s.name, command: s.command, target: s.target, id: String(request.id), tally: counted };
    const line = skipped > 0 ? msg('core.schedule.ranSkipped', { ...ran, count: skipped }) : msg('core.schedule.ran', ran);
    deps.announce(s, notice(failed ? 'warn' : 'info', [line], { request, outcomes }));
  }

  /**
   * Starts a run now. Resolves with the request and its run once dispatched (its outcome is recorded
   * and announced when it ends); rejects, recorded as refused and announced, when the dispatcher
   * refuses it (authorization no longer granted, no agent for `all`, database not writable).
   */
  async function start(s: ScheduleRecord, firedAt: number, runBy: string | null): Promise<{ request: RequestRecord; run: Run }> {
    going.set(s.id, { since: firedAt, skipped: 0 });
    let runId: number | undefined;
    try {
      schedules.fired(s.id, firedAt);
      runId = schedules.addRun({ scheduleId: s.id, firedAt, state: 'running', runBy });
      const outcome = await dispatcher.dispatch(
        { command: s.command, target: s.target, params: s.params, actor: { id: s.ownerId, name: s.ownerName }, via: 'schedule' },
        { authorization: s.authorizationId ?? 0, origin: { schedule: s.name } },
      );
      if (outcome.kind !== 'running') throw new Error(`a run under an authorization came back ${outcome.kind}`);
      schedules.setRunRequest(runId, outcome.request.id);
      const id = runId;
      void finish(s, id, outcome.request, outcome.run).catch((err: unknown) => log.error({ err, schedule: s.name }, 'recording a schedule run failed'));
      return { request: outcome.request, run: outcome.run };
    } catch (err) {
      going.delete(s.id);
      // The run row keeps the English text; the notice carries the refusal as a Message when it has one.
      const error = describeError(err, log, { schedule: s.name }, 'en');
      if (runId !== undefined && !stopped) schedules.finishRun(runId, { state: 'refused', error, finishedAt: clock.now() });
      const why = isUserError(err) && err.text ? err.text : error;
      deps.announce(s, notice('warn', [msg('core.schedule.didNotRunAt', { name: s.name, command: s.command, target: s.target, at: zonedTimeText(firedAt, s.timezone), error: why })]));
      throw err;
    }
  }

  return {
    isRunning: (scheduleId: number) => going.has(scheduleId),

    start,

    /** A cron tick: runs unless the previous run of this schedule is still going. */
    async tick(s: ScheduleRecord, firedAt: number): Promise<void> {
      const busy = going.get(s.id);
      if (busy) {
        busy.skipped++;
        schedules.fired(s.id, firedAt);
        schedules.addRun({ scheduleId: s.id, firedAt, state: 'skipped_overlap', finishedAt: firedAt });
        log.warn({ schedule: s.name, runningSince: busy.since }, `schedule ${s.name}: tick skipped, its previous run is still going`);
        return;
      }
      // A refusal is already recorded and announced by start().
      await start(s, firedAt, null).catch(() => undefined);
    },

    stop(): void {
      stopped = true;
    },
  };
}

export type ScheduleRunner = ReturnType<typeof createScheduleRunner>;
