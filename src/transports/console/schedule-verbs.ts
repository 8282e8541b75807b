// The console's `schedule` verbs: add, update, list, show, remove, pause, resume and run, on the same
// scheduler as /schedule in Discord. The console acts as the local admin, so a schedule of a critical
// command gets the typed "yes" that critical commands get (there is no second person to approve it).
import type { Catalog } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { parseParamsText } from '../../core/params-text.ts';
import type { Policy } from '../../core/policy.ts';
import type { Actor, CommandUpdate } from '../../core/ports.ts';
import type { Run } from '../../core/run.ts';
import { plural } from '../../core/plural.ts';
import { quoted } from '../../core/quote.ts';
import type { Scheduler, ScheduleResult } from '../../scheduler/scheduler.ts';
import type { ScheduleInput } from '../../scheduler/schedule-input.ts';
import { nextRuns } from '../../scheduler/cron.ts';
import { scheduleDetailLines, scheduleLine } from '../format/schedule-text.ts';
import { STATE_LABEL, tallyText } from '../format/state-text.ts';
import { zonedTimeText } from '../format/time-text.ts';

export interface ScheduleVerbsDeps {
  scheduler: Scheduler;
  catalog: Catalog;
  policy: Policy;
  actor: Actor;
  print(line: string): void;
  /** Asks a question on the console and resolves with the answer. */
  ask(question: string): Promise<string>;
  /** Shows a run without holding the prompt while its agents are slow (run-follower.ts). */
  follow(run: Run, label: string, finish: (outcomes: CommandUpdate[]) => void): Promise<void>;
  /** With Discord off, outcomes are shown on the console and kept in history, not posted. */
  discordOn: boolean;
}

const ADD_USAGE = 'schedule add <name> "<cron>" <target> <command> [name=value ...] [tz=<IANA zone>] [channel=<Discord channel id>] [--yes]';
const USAGE = [
  `usage: ${ADD_USAGE}`,
  '       schedule update <same as add>      (a new definition: asks the policy again)',
  '       schedule list | show <name> | remove <name> | pause <name> | resume <name> | run <name>',
].join('\n');
const YES = /(^|\s)(--yes|-y)(?=\s|$)/;

/** `<name> "<cron>" <target> <command> [params]`: the cron expression is quoted, since it has spaces. */
function readDefinitionArgs(text: string): { input: ScheduleInput; yes: boolean } {
  const m = /^(\S+)\s+(?:"([^"]*)"|'([^']*)')\s+(\S+)\s+(\S+)(.*)$/s.exec(text.trim());
  if (!m) {
    const hint = /^\S+\s+[^"'\s]/.test(text.trim()) ? ' (put the cron expression in quotes: "0 3 * * *")' : '';
    throw new UserError('bad_input', `usage: ${ADD_USAGE}${hint}`);
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
  const who = () => ({ actor: deps.actor, via: 'console' as const });

  /** A critical command asks for an approval elsewhere; at the console the operator types yes instead. */
  async function confirmCritical(command: string, what: string, yes: boolean): Promise<boolean> {
    const spec = deps.catalog.get(command);
    if (!spec || yes) return true;
    const rule = deps.policy.rule(spec);
    if (!(rule.approval && rule.approvals > 0)) return true;
    const answer = await deps.ask(`${what} runs ${spec.name} (${spec.risk}) unattended, acting for you. Type yes to set it up (anything else cancels):`);
    if (answer.toLowerCase() === 'yes') return true;
    print('Cancelled: nothing was changed.');
    return false;
  }

  function printResult(verb: string, r: ScheduleResult): void {
    const s = r.schedule;
    if (r.authorization === 'needs_approval') {
      print(`Schedule ${s.name} ${verb}, but it waits for approval (request #${r.request.id}) before it is armed.`);
      return;
    }
    const where = outcomesGoTo(s.channelId);
    print(`Schedule ${s.name} ${verb}: ${s.command} on ${s.target}, "${s.cron}" in ${s.timezone}; ${s.state}; outcomes go to ${where}.`);
    if (s.state === 'active') print(`  next runs: ${nextRuns(s.cron, s.timezone, 3).map((t) => zonedTimeText(t, s.timezone)).join(', ')}`);
  }

  /** Where a schedule's outcomes are told: its channel, or with Discord off, this console and history. */
  function outcomesGoTo(channelId: string | null): string {
    if (!deps.discordOn) return `this console and history (Discord is off${channelId ? `; channel ${channelId} is used once it is on` : ''})`;
    return channelId ? `channel ${channelId}` : 'the alerts channel';
  }

  async function define(verb: 'add' | 'update', text: string): Promise<void> {
    const { input, yes } = readDefinitionArgs(text);
    await scheduler.checkChannel(input.name, input.channelId);
    if (!(await confirmCritical(input.command, `Schedule ${input.name}`, yes))) return;
    printResult(verb === 'add' ? 'added' : 'changed', verb === 'add' ? scheduler.add(input, who()) : scheduler.update(input, who()));
  }

  async function runNow(name: string): Promise<void> {
    const out = await scheduler.runNow(name, who());
    if (out.kind !== 'running') {
      print(`Schedule ${out.schedule.name}: request #${out.request.id} waits for ${out.kind === 'needs_approval' ? 'an approval' : 'a confirmation'}; nothing was sent.`);
      return;
    }
    const { schedule, run } = out;
    const total = run.request.agents.length;
    const also = deps.discordOn ? '; the outcome also goes to its channel' : '';
    print(`Schedule ${schedule.name}: request #${run.request.id}, ${run.request.command} sent to ${plural(total, 'agent')}${also}.`);
    await deps.follow(run, `${run.request.command} on ${plural(total, 'agent')}, schedule ${schedule.name}`, (outcomes) => {
      for (const u of outcomes) print(`  ${u.agentId}  ${STATE_LABEL[u.state]}${u.error ? `  ${u.error}` : ''}`);
      print(`Done: ${tallyText(outcomes.map((o) => o.state))}.`);
    });
  }

  return {
    /** `rest` is the line after the word `schedule`. */
    async handle(rest: string): Promise<void> {
      const [verb = '', ...args] = rest.trim().split(/\s+/);
      const after = rest.trim().slice(verb.length);
      const name = () => {
        if (args.length !== 1) throw new UserError('bad_input', `usage: schedule ${verb} <name>${args.length > 1 ? ` (one name; got ${quoted(args.join(' '))})` : ''}`);
        return args[0]!;
      };
      switch (verb.toLowerCase()) {
        case 'add':
        case 'update':
          return define(verb.toLowerCase() as 'add' | 'update', after);
        case 'list':
        case 'ls': {
          if (args.length > 0) throw new UserError('bad_input', `schedule list takes nothing after it (got ${quoted(args.join(' '))})`);
          const all = scheduler.list();
          print(all.length === 0 ? 'No schedule yet. schedule add creates one.' : `Schedules: ${all.length}`);
          for (const v of all) print(`  ${scheduleLine(v)}`);
          return;
        }
        case 'show': {
          const d = scheduler.show(name());
          for (const line of scheduleDetailLines(d, outcomesGoTo(d.schedule.channelId))) print(line);
          return;
        }
        case 'remove':
        case 'rm':
          print(`Schedule ${scheduler.remove(name(), who()).name} removed; its authorization is revoked.`);
          return;
        case 'pause':
          print(`Schedule ${scheduler.pause(name(), who()).name} paused: it does not run until resumed.`);
          return;
        case 'resume': {
          const s = scheduler.show(name()).schedule;
          if (s.state === 'not_approved' && !(await confirmCritical(s.command, `Schedule ${s.name}`, false))) return;
          printResult('resumed', await scheduler.resume(s.name, who()));
          return;
        }
        case 'run':
          return runNow(name());
        default:
          throw new UserError('bad_input', USAGE);
      }
    },
  };
}
