// Schedules as text, the same in the console and in Discord: one line per schedule for `list`, and the
// detail of `show` (next run times in the schedule's own zone, the last runs with their outcome).
import type { CommandState } from '../../core/ports.ts';
import type { Translator } from '../../i18n/translate.ts';
import type { ScheduleDetail, ScheduleView } from '../../scheduler/scheduler.ts';
import type { ScheduleRecord, ScheduleRunRecord } from '../../store/schedules-repo.ts';
import { stateLabel } from './state-text.ts';
import { zonedTimeText } from './time-text.ts';


export function paramsText(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

/** The schedule state's own word (active, paused...), for lists and headings. */
export function scheduleStateWord(state: ScheduleRecord['state'], t: Translator): string {
  switch (state) {
    case 'active':
      return t('discord.schedule.state.active');
    case 'paused':
      return t('discord.schedule.state.paused');
    case 'awaiting_approval':
      return t('discord.schedule.state.awaitingApproval');
    case 'not_approved':
      return t('discord.schedule.state.notApproved');
  }
}

export function scheduleStateText(s: ScheduleRecord, t: Translator): string {
  switch (s.state) {
    case 'awaiting_approval':
      return t('discord.schedule.awaitingApproval', { id: s.authorizationId ?? '-' });
    case 'not_approved':
      return t('discord.schedule.notApproved');
    default:
      return scheduleStateWord(s.state, t);
  }
}

function tallyOf(tally: Record<string, number> | null, t: Translator): string {
  if (!tally) return '';
  return Object.entries(tally)
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => t('discord.state.tally', { count: n, state: stateLabel(state as CommandState, t) ?? state }))
    .join(', ');
}

/** What became of one tick. */
export function runOutcomeText(r: ScheduleRunRecord, timezone: string, t: Translator): string {
  const by = r.runBy ? t('discord.schedule.runNowBy', { name: r.runBy }) : '';
  const req = r.requestId ? ` #${r.requestId}` : '';
  switch (r.state) {
    case 'running':
      return `${t('discord.schedule.outcome.running', { req })}${by}`;
    case 'ran':
      return `${t('discord.schedule.outcome.ran', { req, tally: tallyOf(r.tally, t) || t('discord.schedule.noAgent') })}${by}`;
    case 'skipped_overlap':
      return t('discord.schedule.outcome.skipped');
    case 'refused':
      return t('discord.schedule.outcome.refused', { by, error: r.error ?? '' });
    case 'missed':
      return t('discord.schedule.outcome.missed', { count: r.ticks, until: zonedTimeText(r.finishedAt, timezone) });
    case 'interrupted':
      return `${t('discord.schedule.outcome.interrupted', { req })}${by}`;
  }
}

export function scheduleLine(v: ScheduleView, t: Translator): string {
  const next = v.nextRun ? t('discord.schedule.next', { at: zonedTimeText(v.nextRun, v.timezone) }) : scheduleStateText(v, t);
  const last = v.running ? t('discord.schedule.runningNow') : v.lastRun ? t('discord.schedule.last', { outcome: runOutcomeText(v.lastRun, v.timezone, t) }) : t('discord.schedule.neverRan');
  return `${v.name}  [${v.state}]  ${t('discord.schedule.runsOn', { command: `${v.command}${paramsText(v.params)}`, target: v.target })}  "${v.cron}" ${v.timezone}  ${next}  ${last}`;
}

export function scheduleDetailLines(d: ScheduleDetail, channelText: string, t: Translator): string[] {
  const s = d.schedule;
  const heading = s.state === 'active' ? t('discord.schedule.nextRuns') : t('discord.schedule.nextRunsIfActive', { state: scheduleStateWord(s.state, t) });
  // The labels line up in a code block; each language's labels differ in width.
  const labels = [t('discord.schedule.label.runs'), t('discord.schedule.label.when'), t('discord.schedule.label.owner'), t('discord.schedule.label.postsTo')];
  const width = Math.max(...labels.map(displayWidth)) + 2;
  const row = (i: number, value: string) => `  ${labels[i]}${' '.repeat(width - displayWidth(labels[i]!))}${value}`;
  return [
    t('discord.schedule.heading', { name: s.name, state: scheduleStateText(s, t), running: s.running ? t('discord.schedule.andRunningNow') : '' }),
    row(0, t('discord.schedule.runsOn', { command: `${s.command}${paramsText(s.params)}`, target: s.target })),
    row(1, t('discord.schedule.whenIn', { cron: s.cron, timezone: s.timezone })),
    row(2, t('discord.schedule.ownerValue', { owner: s.ownerName, via: s.via, id: s.authorizationId ?? '-' })),
    row(3, channelText),
    `${heading}:`,
    ...d.nextRuns.map((at) => `  ${zonedTimeText(at, s.timezone)}`),
    d.runs.length ? t('discord.schedule.lastRuns', { count: d.runs.length }) : t('discord.schedule.noRunYet'),
    ...d.runs.map((r) => `  ${zonedTimeText(r.firedAt, s.timezone)}  ${runOutcomeText(r, s.timezone, t)}`),
  ];
}

/** Hangul and other wide characters take two columns in a monospace block. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
}
