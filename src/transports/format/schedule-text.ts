// Schedules as text, the same in the console and in Discord: one line per schedule for `list`, and the
// detail of `show` (next run times in the schedule's own zone, the last runs with their outcome).
import type { CommandState } from '../../core/ports.ts';
import type { ScheduleDetail, ScheduleView } from '../../scheduler/scheduler.ts';
import type { ScheduleRecord, ScheduleRunRecord } from '../../store/schedules-repo.ts';
import { STATE_LABEL } from './state-text.ts';
import { zonedTimeText } from './time-text.ts';
import { plural } from '../../core/plural.ts';

export function paramsText(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

export function scheduleStateText(s: ScheduleRecord): string {
  switch (s.state) {
    case 'active':
      return 'active';
    case 'paused':
      return 'paused';
    case 'awaiting_approval':
      return `waiting for approval (request #${s.authorizationId ?? '-'})`;
    case 'not_approved':
      return 'not approved: not armed (resume asks again)';
  }
}

function tallyOf(tally: Record<string, number> | null): string {
  if (!tally) return '';
  return Object.entries(tally)
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${n} ${STATE_LABEL[state as CommandState] ?? state}`)
    .join(', ');
}

/** What became of one tick. */
export function runOutcomeText(r: ScheduleRunRecord, timezone: string): string {
  const by = r.runBy ? ` (run now by ${r.runBy})` : '';
  const req = r.requestId ? ` #${r.requestId}` : '';
  switch (r.state) {
    case 'running':
      return `running${req}${by}`;
    case 'ran':
      return `ran${req}: ${tallyOf(r.tally) || 'no agent'}${by}`;
    case 'skipped_overlap':
      return 'skipped: the previous run was still going';
    case 'refused':
      return `refused${by}: ${r.error ?? ''}`;
    case 'missed':
      return `missed ${plural(r.ticks, 'run')} while mserver was down (until ${zonedTimeText(r.finishedAt, timezone)}); not replayed`;
    case 'interrupted':
      return `interrupted${req}: mserver stopped while it ran${by}`;
  }
}

export function scheduleLine(v: ScheduleView): string {
  const next = v.nextRun ? `next ${zonedTimeText(v.nextRun, v.timezone)}` : scheduleStateText(v);
  const last = v.running ? 'running now' : v.lastRun ? `last: ${runOutcomeText(v.lastRun, v.timezone)}` : 'never ran';
  return `${v.name}  [${v.state}]  ${v.command}${paramsText(v.params)} on ${v.target}  "${v.cron}" ${v.timezone}  ${next}  ${last}`;
}

export function scheduleDetailLines(d: ScheduleDetail, channelText: string): string[] {
  const s = d.schedule;
  const heading = s.state === 'active' ? 'Next runs' : `Next runs if it were active (it is ${s.state.replace('_', ' ')})`;
  return [
    `Schedule ${s.name}: ${scheduleStateText(s)}${s.running ? ', running now' : ''}`,
    `  runs      ${s.command}${paramsText(s.params)} on ${s.target}`,
    `  when      "${s.cron}" in ${s.timezone}`,
    `  owner     ${s.ownerName} (set up via ${s.via}); runs act for them under authorization #${s.authorizationId ?? '-'}`,
    `  posts to  ${channelText}`,
    `${heading}:`,
    ...d.nextRuns.map((t) => `  ${zonedTimeText(t, s.timezone)}`),
    d.runs.length ? `Last ${plural(d.runs.length, 'run')}, newest first:` : 'No run yet.',
    ...d.runs.map((r) => `  ${zonedTimeText(r.firedAt, s.timezone)}  ${runOutcomeText(r, s.timezone)}`),
  ];
}
