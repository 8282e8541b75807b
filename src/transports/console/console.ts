// The operator console: the old server's prompt (help, list, send), improved. It runs on the same
// dispatcher as Discord, acting as the local operator.
import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Catalog } from '../../core/catalog.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Policy } from '../../core/policy.ts';
import { describeError, UserError } from '../../core/errors.ts';
import { msg } from '../../i18n/message.ts';
import { terminalText } from '../../core/inert-text.ts';
import { parseParamsText } from '../../core/params-text.ts';
import type { Actor, Clock, CommandUpdate } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/store.ts';
import { resultText } from '../format/result-text.ts';
import { stateLabel, tallyText } from '../format/state-text.ts';
import { agoText, durationText, expiryText, timeText } from '../format/time-text.ts';
import { helpText } from './help-text.ts';
import type { Scheduler } from '../../scheduler/scheduler.ts';
import { createScheduleVerbs } from './schedule-verbs.ts';
import { createTrailVerbs } from './trail-verbs.ts';
import { createAgentVerbs } from './agent-verbs.ts';
import type { AgentAdmin } from '../../core/agent-admin.ts';
import { createLineQueue } from './line-queue.ts';
import { createRunFollower } from './run-follower.ts';
import { quoted } from '../../core/quote.ts';
import type { Run } from '../../core/run.ts';
import { backupVerb } from './backup-verb.ts';
import type { ApiTokens } from '../../core/api-tokens.ts';
import { createApiTokenVerbs } from './api-token-verbs.ts';
import { createKeyVerbs, KEY_VERBS } from './key-verbs.ts';
import { webLoginVerb } from './web-login-verb.ts';
import type { KeySafetyPort } from '../../core/key-guard.ts';
import type { Locale } from '../../i18n/locale.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import { updateError, updateProgress } from '../format/update-text.ts';
import { warningText } from '../format/warning-text.ts';

export interface ConsoleDeps {
  dispatcher: Dispatcher;
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  scheduler: Scheduler;
  store: Pick<Store, 'commands' | 'keys' | 'audit' | 'queue' | 'settings' | 'db'>;
  agents: AgentAdmin;
  agentTokens: () => { source: 'none' | 'MCLIENT_TOKEN' | 'generated'; file: string | undefined };
  apiTokens?: ApiTokens;
  log: Logger;
  clock: Clock;
  input: Readable;
  output: Writable;
  terminal: boolean;
  /** The operator asked to stop mserver (quit, or Ctrl-C on an empty line): stop it gracefully. */
  onQuit: (reason: string) => void;
  /** Whether the Discord bot runs: with it off, schedules' outcomes are shown here and kept in history. */
  discordOn: boolean;
  /** How long a command keeps the prompt before it goes on in the background (default 1.5 s). */
  foregroundMs?: number;
  /** How often a command in the background says it still waits (default 15 s). */
  remindEveryMs?: number;
  /** Validator safety: keys duplicates / handovers / submitted / override. */
  safety?: KeySafetyPort | undefined;
  /** The language the console speaks (config.locale.console: MSERVER_LOCALE, else LC_ALL/LANG); English by default. */
  locale?: Locale;
  /** The dashboard's one-time login link (`web-login`). */
  webLogin?: (() => string) | undefined;
}

/** Why the console's loop ended: `quit` typed, or its input ended (Ctrl-D, end of a pipe). */
export type ConsoleEnd = 'quit' | 'end of input';

const BODY_MAX_LINES = 200;
const QUIET_ABOVE = 100;

export function consoleActor(): Actor {
  let name = 'operator';
  try {
    name = userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid; the console still works.
  }
  return { id: `console:${name}`, name: `${name} (console)` };
}

function indent(t: Translator, text: string, prefix = '    '): string {
  const lines = text.split('\n');
  const shown = lines.slice(0, BODY_MAX_LINES).map((l) => prefix + l);
  if (lines.length > BODY_MAX_LINES) shown.push(prefix + t('console.moreLines', { count: lines.length - BODY_MAX_LINES }));
  return shown.join('\n');
}

export function createConsole(deps: ConsoleDeps) {
  const { dispatcher, directory, catalog, store, clock } = deps;
  const actor = consoleActor();
  const locale = deps.locale ?? 'en';
  const t = translator(locale);
  /** `yes` always confirms (it is what scripts and the help say); the reader's own word for it too. */
  const isYes = (answer: string) => ['yes', t('console.yes')].includes(answer.trim().toLowerCase());
  let running = true;
  let ended: ConsoleEnd = 'end of input'; // i18n-exempt: a value of ConsoleEnd, not shown
  const lines = createLineQueue({
    input: deps.input,
    output: deps.output,
    terminal: deps.terminal,
    onInterrupt: () => {
      running = false;
      ended = 'quit';
      deps.onQuit('Ctrl-C at the console'); // i18n-exempt: the stop reason goes to the log
    },
  });
  // Every line passes here: what an agent wrote in it cannot drive the terminal (issue 14).
  const print = (text = ''): void => lines.print(terminalText(text));
  const runs = createRunFollower({ print, t, clock, foregroundMs: deps.foregroundMs ?? 1500, remindEveryMs: deps.remindEveryMs ?? 15_000 });
  // Schedule runs started here (`schedule run`) print their own outcome: not said twice below.
  const followed = new Set<number>();
  const follow = (run: Run, label: string, finish: (outcomes: CommandUpdate[]) => void) => {
    if ((run.request.origin as { schedule?: unknown } | null)?.schedule !== undefined) followed.add(run.request.id);
    return runs.follow(run, label, finish);
  };
  const trail = createTrailVerbs({ directory, catalog, policy: deps.policy, store, print, t });
  const agentVerbs = createAgentVerbs({ agents: deps.agents, actor, clock, print, t });
  const schedules = createScheduleVerbs({ scheduler: deps.scheduler, catalog, policy: deps.policy, actor, print, t, isYes, ask, follow, discordOn: deps.discordOn });
  // With Discord off, a schedule's outcome has no channel: it is shown here (and kept in history).
  const offRuns = deps.discordOn
    ? () => {}
    : dispatcher.events.on('run_finished', ({ request, outcomes }) => {
        const name = (request.origin as { schedule?: unknown } | null)?.schedule;
        if (typeof name !== 'string' || followed.delete(request.id)) return;
        print(t('console.scheduleRan', { name, id: String(request.id), command: request.command, agents: t('common.agents', { count: outcomes.length }), tally: tallyText(outcomes.map((o) => o.state), t) || t('console.noAgent') }));
      });
  const keyVerbs = createKeyVerbs({ safety: deps.safety, directory, actor, print, t, send: (t, c, r, o) => send(t, c, r, o) });

  function outcomeLine(u: CommandUpdate): string {
    const took = u.state === 'not_connected' ? '' : `  ${durationText(u.at - u.sentAt, t)}`;
    const head = `  ${u.agentId}  ${stateLabel(u.state, t)}${took}`;
    if (u.state === 'success') return `${head}  ${resultText(u.command, u.result, t).summary}`;
    const error = updateError(u, t);
    if (error) return `${head}  ${error}`;
    return head;
  }

  async function ask(question: string): Promise<string> {
    print(question);
    lines.prompt('> ');
    return (await lines.next())?.trim() ?? '';
  }

  async function send(target: string, command: string, rest: string, opts: { override?: boolean; reason?: string } = {}): Promise<void> {
    const yes = /(^|\s)(--yes|-y)(\s|$)/.test(rest);
    const params = parseParamsText(rest.replace(/(^|\s)(--yes|-y)(?=\s|$)/g, ' '));
    let outcome = await dispatcher.dispatch({ command, target, params, actor, via: 'console' }, opts);
    if (outcome.kind === 'needs_confirmation') {
      const r = outcome.request;
      print(t('console.send.request', { id: String(r.id), command: r.command, risk: r.risk, agents: t('common.agents', { count: r.agents.length }), list: `${r.agents.slice(0, 10).join(', ')}${r.agents.length > 10 ? ', ...' : ''}` }));
      print(t('console.send.params', { json: JSON.stringify(r.params) }));
      if (r.warning) print(`  ${warningText(r.warning, locale)}`);
      const answer = yes ? 'yes' : await ask(t('console.send.askYes', { expiry: expiryText(r.expiresAt ?? 0, clock.now(), t) }));
      if (!isYes(answer)) {
        dispatcher.cancel(r.id, actor, 'console');
        print(t('console.request.cancelled', { id: String(r.id) }));
        return;
      }
      outcome = { kind: 'running', request: r, run: dispatcher.confirm(r.id, actor, 'console') };
    }
    if (outcome.kind === 'needs_approval') {
      print(t('console.request.waitsApproval', { id: String(outcome.request.id) }));
      return;
    }
    const run = outcome.run;
    const total = run.request.agents.length;
    print(t('console.send.sent', { id: String(run.request.id), command: run.request.command, agents: t('common.agents', { count: total }) }));
    const single = total === 1;
    // Past a hundred agents a line per success drowns the failures: only those are listed, then the tally.
    const quiet = total > QUIET_ABOVE;
    if (quiet) print(t('console.send.quiet', { count: total }));
    if (!single) run.onUpdate((u) => {
      if (u.state !== 'progress' && !(quiet && u.state === 'success')) print(outcomeLine(u));
    });
    else run.onUpdate((u) => {
      if (u.state === 'progress') print(`  ${u.agentId}  ${updateProgress(u, t) ?? t('console.send.inProgress')}...`);
    });
    for (const u of run.states.values()) if (!single && u.state === 'not_connected') print(outcomeLine(u));
    const label = t('console.send.label', { command: run.request.command, target: single ? run.request.agents[0]! : t('common.agents', { count: total }) });
    await follow(run, label, (outcomes) => {
      if (single) {
        const u = outcomes[0]!;
        print(outcomeLine(u));
        if (u.state === 'success') {
          const body = resultText(u.command, u.result, t).body;
          if (body.trim() !== '') print(indent(t, body));
        }
      } else {
        print(t('console.done', { tally: tallyText(outcomes.map((o) => o.state), t) }));
      }
    });
  }

  /** `cancel <request>`: withdraws a request waiting for a yes or an approval, or gives up on one still running. */
  function cancel(args: string[]): void {
    const id = Number(/^#?(\d+)$/.exec(args[0] ?? '')?.[1]);
    if (args.length !== 1 || !Number.isSafeInteger(id)) throw new UserError('bad_input', msg('console.usage.cancel'));
    if (dispatcher.getRequest(id)?.state === 'dispatched') {
      const r = dispatcher.abandon(id, actor, 'console');
      print(t('console.request.abandoned', { id: String(r.id), name: actor.name }));
    } else {
      const r = dispatcher.cancel(id, actor, 'console');
      print(t('console.request.cancelled', { id: String(r.id) }));
    }
  }

  /** No words may follow a verb that takes none: `list all` is a mistake, not `list`. */
  function none(verb: string, args: string[]): void {
    if (args.length > 0) throw new UserError('bad_input', msg('console.takesNothing', { verb, got: quoted(args.join(' ')) }));
  }

  function list(): void {
    const agents = directory.list();
    const online = agents.filter((a) => a.connected).length;
    print(t('console.list.head', { known: agents.length, online }));
    const now = clock.now();
    for (const a of agents) {
      const state = t(a.connected ? 'console.list.online' : a.provisional ? 'console.list.waiting' : 'console.list.offline').padEnd(locale === 'en' ? 7 : 4);
      const host = a.hostName ?? '-';
      const containers = a.containers.length > 0 ? `  [${a.containers.join(', ')}]` : '';
      const unclaimed = a.payout ? t('console.list.unclaimed', { count: a.payout.unclaimed.length }) : '';
      print(t('console.list.row', { state, id: a.id, host, ago: agoText(a.lastSeen, now, t), containers, unclaimed }));
    }
  }

  function keys(target: string | undefined): void {
    const agentId = target ? directory.resolve(target)[0] : undefined;
    const rows = store.keys.list(agentId, 50);
    if (rows.length === 0) {
      print(agentId ? t('console.keys.noneFor', { agent: agentId }) : t('console.keys.none'));
      return;
    }
    for (const k of rows) {
      const flag = k.solicited ? '' : t('console.keys.unsolicited');
      print(`  ${timeText(k.receivedAt)}  ${k.agentId}  ${k.container}  ${k.sessionKey}${flag}`);
    }
  }

  async function handle(line: string): Promise<void> {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return;
    const [verb = '', ...args] = text.split(/\s+/);
    // The rest of the line after n words, untouched, so quoted values keep their spaces.
    const rest = (n: number) => {
      const m = new RegExp(`^(?:\\S+\\s+){${n}}`).exec(text);
      return m ? text.slice(m[0].length) : '';
    };
    switch (verb.toLowerCase()) {
      case 'help':
      case '?':
        none(verb, args);
        return print(helpText(catalog, t));
      case 'list':
      case 'ls':
      case 'nodes':
        none(verb, args);
        return list();
      case 'send':
        if (args.length < 2) throw new UserError('bad_input', msg('console.usage.send'));
        return send(args[0]!, args[1]!, rest(3));
      case 'broadcast':
        if (args.length < 1) throw new UserError('bad_input', msg('console.usage.broadcast'));
        return send('all', args[0]!, rest(2));
      case 'history':
        return trail.history(args);
      case 'audit':
        return trail.audit(args);
      case 'policy':
        none(verb, args);
        return trail.policy();
      case 'cancel':
        return cancel(args);
      case 'waiting':
      case 'jobs': {
        none(verb, args);
        const waiting = runs.lines();
        print(waiting.length === 0 ? t('console.waiting.none') : t('console.waiting.head', { count: waiting.length }));
        for (const l of waiting) print(l);
        return;
      }
      case 'schedule':
      case 'schedules':
        return schedules.handle(rest(1));
      case 'keys':
        if (KEY_VERBS.has(args[0] ?? '')) return keyVerbs.handle(args, rest);
        if (args.length > 1) throw new UserError('bad_input', msg('console.usage.keys', { got: quoted(args.join(' ')) }));
        return keys(args[0]);
      case 'agent':
      case 'agents':
        return agentVerbs.handle(args);
      case 'token': {
        none(verb, args);
        const { source, file } = deps.agentTokens();
        if (source === 'none') return print(t('console.token.none'));
        if (source === 'MCLIENT_TOKEN') print(t('console.token.env'));
        else print(t('console.token.file', { file: file ?? '-' }));
        print(t('console.token.enrolOnly'));
        return;
      }
      case 'backup':
        return backupVerb(store, args, print, t);
      case 'api-token':
      case 'api-tokens':
        if (!deps.apiTokens) throw new UserError('bad_input', msg('console.apiTokens.unavailable'));
        return createApiTokenVerbs({ tokens: deps.apiTokens, actor, print, t, audit: (kind, detail) => store.queue.push(() => store.audit.add({ at: clock.now(), kind, actorId: actor.id, actorName: actor.name, via: 'console', detail })) }).handle(args);
      case 'web-login':
        return webLoginVerb(deps.webLogin, args, print, locale);
      case 'quit':
      case 'exit':
        none(verb, args);
        running = false;
        ended = 'quit';
        deps.onQuit('quit at the console'); // i18n-exempt: the stop reason goes to the log
        return;
      default:
        throw new UserError('bad_input', msg('console.unknownVerb', { verb: quoted(verb) }));
    }
  }

  return {
    async run(): Promise<ConsoleEnd> {
      print(t('console.banner'));
      while (running) {
        lines.prompt('mserver> ');
        const line = await lines.next();
        if (line === undefined) break;
        try {
          await handle(line);
        } catch (err) {
          print(t('console.error', { text: describeError(err, deps.log, { via: 'console', line: line.slice(0, 200) }, locale) }));
        }
      }
      // End of input: what was read finishes first (its outcomes are printed), then the caller stops.
      if (running && runs.size > 0) {
        print(t('console.endOfInput', { count: runs.size }));
        await runs.idle();
      }
      running = false;
      offRuns();
      return ended;
    },
    close(): void {
      running = false;
      offRuns();
      lines.close();
    },
  };
}
