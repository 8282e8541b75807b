// The console's `schedule` verbs: add, update, list, show, remove, pause, resume and run, on the same
// scheduler as /schedule in Discord. The console acts as the local admin, so a schedule of a critical
// command gets the typed "yes" that critical commands get (there is no second person to approve it).
import type { Catalog } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { parseParamsText } from '../../core/params-text.ts';
import type { Policy } from '../../core/policy.ts';
import type { Actor, CommandUpdate } from '../../core/ports.ts';
import type { Run } from '../../core/run.ts';
import { msg } from '../../i18n/message.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import { quoted } from '../../core/quote.ts';
import type { Scheduler, ScheduleResult } from '../../scheduler/scheduler.ts';
import type { ScheduleInput } from '../../scheduler/schedule-input.ts';
import { nextRuns } from '../../scheduler/cron.ts';
import { scheduleDetailLines, scheduleLine } from '../format/schedule-text.ts';
import { stateLabel, tallyText } from '../format/state-text.ts';
import { zonedTimeText } from '../format/time-text.ts';
import { updateError } from '../format/update-text.ts';

export interface ScheduleVerbsDeps {
  scheduler: Scheduler;
  catalog: Catalog;
  policy: Policy;
  actor: Actor;
  print(line: string): void;
  /** The console's language; English when not given. */
  t?: Translator;
  /** Whether an answer confirms: `yes`, or the reader's own word for it. */
  isYes?(answer: string): boolean;
  /** Asks a question on the console and resolves with the answer. */
  ask(question: string): Promise<string>;
  /** Shows a run without holding the prompt while its agents are slow (run-follower.ts). */
  follow(run: Run, label: string, finish: (outcomes: CommandUpdate[]) => void): Promise<void>;
  /** With Discord off, outcomes are shown on the console and kept in history, not posted. */
  discordOn: boolean;
}

// i18n-exempt: the syntax as typed, inside a translated "usage:" line
const ADD_USAGE = 'schedule add <name> "<cron>" <target> <command> [name=value ...] [tz=<IANA zone>] [channel=<Discord channel id>] [--yes]';
const YES = /(^|\s)(--yes|-y)(?=\s|$)/;

/** `<name> "<cron>" <target> <command> [params]`: the cron expression is quoted, since it has spaces. */
function readDefinitionArgs(text: string): { input: ScheduleInput; yes: boolean } {
  const m = /^(\S+)\s+(?:"([^"]*)"|'([^']*)')\s+(\S+)\s+(\S+)(.*)$/s.exec(text.trim());
  if (!m) {
    const hint = /^\S+\s+[^"'\s]/.test(text.trim());
    throw new UserError('bad_input', msg(hint ? 'console.schedule.addUsageQuote' : 'console.schedule.addUsage', { add: ADD_USAGE }));
  }
  const rest = m[6] ?? '';
  const yes = YES.test(rest);
  const params = parseParamsText(rest.replace(new RegExp(YES, 'g'), ' '));
  const { tz, channel, ...commandParams } = params;
  return {
    input: {
      name: m[1]!,
      cron: m[2] ?? m[3] ?? '',
      target: m[4]!,
      command: m[5]!,
      params: commandParams,
      ...(tz === undefined ? {} : { timezone: String(tz) }),
      ...(channel === undefined ? {} : { channelId: String(channel) }),
    },
    yes,
  };
}

export function createScheduleVerbs(deps: ScheduleVerbsDeps) {
  const { scheduler, print } = deps;
  const t = deps.t ?? translator('en');
  const who = () => ({ actor: deps.actor, via: 'console' as const });

  /** A critical command asks for an approval elsewhere; at the console the operator types yes instead. */
  async function confirmCritical(command: string, name: string, yes: boolean): Promise<boolean> {
    const spec = deps.catalog.get(command);
    if (!spec || yes) return true;
    const rule = deps.policy.rule(spec);
    if (!(rule.approval && rule.approvals > 0)) return true;
    const answer = await deps.ask(t('console.schedule.askCritical', { name, command: spec.name, risk: spec.risk }));
    if (deps.isYes ? deps.isYes(answer) : answer.toLowerCase() === 'yes') return true;
    print(t('console.schedule.cancelled'));
    return false;
  }

  function printResult(verb: 'added' | 'changed' | 'resumed', r: ScheduleResult): void {
    const s = r.schedule;
    if (r.authorization === 'needs_approval') {
      print(t(`console.schedule.${verb}Waits`, { name: s.name, id: String(r.request.id) }));
      return;
    }
    const where = outcomesGoTo(s.channelId);
    print(t(`console.schedule.${verb}`, { name: s.name, command: s.command, target: s.target, cron: s.cron, timezone: s.timezone, state: s.state, where }));
    if (s.state === 'active') print(t('console.schedule.nextRuns', { times: nextRuns(s.cron, s.timezone, 3).map((at) => zonedTimeText(at, s.timezone)).join(', ') }));
  }

  /** Where a schedule's outcomes are told: its channel, or with Discord off, this console and history. */
  function outcomesGoTo(channelId: string | null): string {
    if (!deps.discordOn) return channelId ? t('console.schedule.toConsoleLater', { channel: channelId }) : t('console.schedule.toConsole');
    return channelId ? t('console.schedule.toChannel', { channel: channelId }) : t('console.schedule.toAlerts');
  }

  async function define(verb: 'add' | 'update', text: string): Promise<void> {
    const { input, yes } = readDefinitionArgs(text);
    await scheduler.checkChannel(input.name, input.channelId);
    if (!(await confirmCritical(input.command, input.name, yes))) return;
    printResult(verb === 'add' ? 'added' : 'changed', verb === 'add' ? scheduler.add(input, who()) : scheduler.update(input, who()));
  }

  async function runNow(name: string): Promise<void> {
    const out = await scheduler.runNow(name, who());
    if (out.kind !== 'running') {
      print(t(out.kind === 'needs_approval' ? 'console.schedule.waitsApproval' : 'console.schedule.waitsConfirmation', { name: out.schedule.name, id: String(out.request.id) }));
      return;
    }
    const { schedule, run } = out;
    const total = run.request.agents.length;
    const agents = t('common.agents', { count: total });
    print(t(deps.discordOn ? 'console.schedule.sentAlso' : 'console.schedule.sent', { name: schedule.name, id: String(run.request.id), command: run.request.command, agents }));
    await deps.follow(run, t('console.schedule.runLabel', { command: run.request.command, agents, name: schedule.name }), (outcomes) => {
      for (const u of outcomes) print(`  ${u.agentId}  ${stateLabel(u.state, t)}${updateError(u, t) ? `  ${updateError(u, t)}` : ''}`);
      print(t('console.done', { tally: tallyText(outcomes.map((o) => o.state), t) }));
    });
  }

  return {
    /** `rest` is the line after the word `schedule`. */
    async handle(rest: string): Promise<void> {
      const [verb = '', ...args] = rest.trim().split(/\s+/);
      const after = rest.trim().slice(verb.length);
      const name = () => {
        if (args.length > 1) throw new UserError('bad_input', msg('console.schedule.oneName', { verb, got: quoted(args.join(' ')) }));
        if (args.length !== 1) throw new UserError('bad_input', msg('console.schedule.nameUsage', { verb }));
        return args[0]!;
      };
      switch (verb.toLowerCase()) {
        case 'add':
        case 'update':
          return define(verb.toLowerCase() as 'add' | 'update', after);
        case 'list':
        case 'ls': {
          if (args.length > 0) throw new UserError('bad_input', msg('console.schedule.listTakesNothing', { got: quoted(args.join(' ')) }));
          const all = scheduler.list();
          print(all.length === 0 ? t('console.schedule.none') : t('console.schedule.count', { count: all.length }));
          for (const v of all) print(`  ${scheduleLine(v, t)}`);
          return;
        }
        case 'show': {
          const d = scheduler.show(name());
          for (const line of scheduleDetailLines(d, outcomesGoTo(d.schedule.channelId), t)) print(line);
          return;
        }
        case 'remove':
        case 'rm':
          print(t('console.schedule.removed', { name: scheduler.remove(name(), who()).name }));
          return;
        case 'pause':
          print(t('console.schedule.paused', { name: scheduler.pause(name(), who()).name }));
          return;
        case 'resume': {
          const s = scheduler.show(name()).schedule;
          if (s.state === 'not_approved' && !(await confirmCritical(s.command, s.name, false))) return;
          printResult('resumed', await scheduler.resume(s.name, who()));
          return;
        }
        case 'run':
          return runNow(name());
        default:
          throw new UserError('bad_input', msg('console.schedule.usage', { add: ADD_USAGE }));
      }
    },
  };
}
