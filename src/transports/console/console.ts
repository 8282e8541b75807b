// The operator console: the old server's prompt (help, list, send), improved. It runs on the same
// dispatcher as Discord, acting as the local operator.
import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Catalog } from '../../core/catalog.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Policy } from '../../core/policy.ts';
import { describeError, UserError } from '../../core/errors.ts';
import { terminalText } from '../../core/inert-text.ts';
import { parseParamsText } from '../../core/params-text.ts';
import type { Actor, Clock, CommandUpdate } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/store.ts';
import { resultText } from '../format/result-text.ts';
import { STATE_LABEL, tallyText } from '../format/state-text.ts';
import { agoText, durationText, expiryText, timeText } from '../format/time-text.ts';
import { helpText } from './help-text.ts';
import type { Scheduler } from '../../scheduler/scheduler.ts';
import { createScheduleVerbs } from './schedule-verbs.ts';
import { createTrailVerbs } from './trail-verbs.ts';
import { createAgentVerbs } from './agent-verbs.ts';
import type { AgentAdmin } from '../../core/agent-admin.ts';
import { createLineQueue } from './line-queue.ts';
import { createRunFollower } from './run-follower.ts';
import { plural } from '../../core/plural.ts';
import { quoted } from '../../core/quote.ts';
import type { Run } from '../../core/run.ts';
import { backupVerb } from './backup-verb.ts';
import type { ApiTokens } from '../../core/api-tokens.ts';
import { createApiTokenVerbs } from './api-token-verbs.ts';
import { createKeyVerbs, KEY_VERBS } from './key-verbs.ts';
import { webLoginVerb } from './web-login-verb.ts';
import type { KeySafetyPort } from '../../core/key-guard.ts';

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

function indent(text: string, prefix = '    '): string {
  const lines = text.split('\n');
  const shown = lines.slice(0, BODY_MAX_LINES).map((l) => prefix + l);
  if (lines.length > BODY_MAX_LINES) shown.push(`${prefix}... ${lines.length - BODY_MAX_LINES} more lines (history shows the stored result)`);
  return shown.join('\n');
}

export function createConsole(deps: ConsoleDeps) {
  const { dispatcher, directory, catalog, store, clock } = deps;
  const actor = consoleActor();
  let running = true;
  let ended: ConsoleEnd = 'end of input';
  const lines = createLineQueue({
    input: deps.input,
    output: deps.output,
    terminal: deps.terminal,
    onInterrupt: () => {
      running = false;
      ended = 'quit';
      deps.onQuit('Ctrl-C at the console');
    },
  });
  // Every line passes here: what an agent wrote in it cannot drive the terminal (issue 14).
  const print = (text = ''): void => lines.print(terminalText(text));
  const runs = createRunFollower({ print, clock, foregroundMs: deps.foregroundMs ?? 1500, remindEveryMs: deps.remindEveryMs ?? 15_000 });
  // Schedule runs started here (`schedule run`) print their own outcome: not said twice below.
  const followed = new Set<number>();
  const follow = (run: Run, label: string, finish: (outcomes: CommandUpdate[]) => void) => {
    if ((run.request.origin as { schedule?: unknown } | null)?.schedule !== undefined) followed.add(run.request.id);
    return runs.follow(run, label, finish);
  };
  const trail = createTrailVerbs({ directory, catalog, policy: deps.policy, store, print });
  const agentVerbs = createAgentVerbs({ agents: deps.agents, actor, clock, print });
  const schedules = createScheduleVerbs({ scheduler: deps.scheduler, catalog, policy: deps.policy, actor, print, ask, follow, discordOn: deps.discordOn });
  // With Discord off, a schedule's outcome has no channel: it is shown here (and kept in history).
  const offRuns = deps.discordOn
    ? () => {}
    : dispatcher.events.on('run_finished', ({ request, outcomes }) => {
        const name = (request.origin as { schedule?: unknown } | null)?.schedule;
        if (typeof name !== 'string' || followed.delete(request.id)) return;
        print(`Schedule ${name} ran: request #${request.id}, ${request.command} on ${plural(outcomes.length, 'agent')}: ${tallyText(outcomes.map((o) => o.state)) || 'no agent'}.`);
      });
  const keyVerbs = createKeyVerbs({ safety: deps.safety, directory, actor, print, send: (t, c, r, o) => send(t, c, r, o) });

  function outcomeLine(u: CommandUpdate): string {
    const took = u.state === 'not_connected' ? '' : `  ${durationText(u.at - u.sentAt)}`;
    const head = `  ${u.agentId}  ${STATE_LABEL[u.state]}${took}`;
    if (u.state === 'success') return `${head}  ${resultText(u.command, u.result).summary}`;
    if (u.error) return `${head}  ${u.error}`;
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
      print(`Request #${r.id}: ${r.command} (${r.risk}) on ${plural(r.agents.length, 'agent')}: ${r.agents.slice(0, 10).join(', ')}${r.agents.length > 10 ? ', ...' : ''}`);
      print(`  parameters: ${JSON.stringify(r.params)}`);
      if (r.warning) print(`  ${r.warning}`);
      const answer = yes ? 'yes' : await ask(`Type yes to run it (anything else cancels; ${expiryText(r.expiresAt ?? 0, clock.now())}):`);
      if (answer.toLowerCase() !== 'yes') {
        dispatcher.cancel(r.id, actor, 'console');
        print(`Request #${r.id} cancelled: nothing was sent.`);
        return;
      }
      outcome = { kind: 'running', request: r, run: dispatcher.confirm(r.id, actor, 'console') };
    }
    if (outcome.kind === 'needs_approval') {
      print(`Request #${outcome.request.id} waits for approval.`);
      return;
    }
    const run = outcome.run;
    const total = run.request.agents.length;
    print(`Request #${run.request.id}: ${run.request.command} sent to ${plural(total, 'agent')}.`);
    const single = total === 1;
    // Past a hundred agents a line per success drowns the failures: only those are listed, then the tally.
    const quiet = total > QUIET_ABOVE;
    if (quiet) print(`  (${total} agents: only the ones that do not succeed are listed; history shows every outcome)`);
    if (!single) run.onUpdate((u) => {
      if (u.state !== 'progress' && !(quiet && u.state === 'success')) print(outcomeLine(u));
    });
    else run.onUpdate((u) => {
      if (u.state === 'progress') print(`  ${u.agentId}  ${u.progress ?? 'in progress'}...`);
    });
    for (const u of run.states.values()) if (!single && u.state === 'not_connected') print(outcomeLine(u));
    const label = `${run.request.command} on ${single ? run.request.agents[0]! : plural(total, 'agent')}`;
    await follow(run, label, (outcomes) => {
      if (single) {
        const u = outcomes[0]!;
        print(outcomeLine(u));
        if (u.state === 'success') {
          const body = resultText(u.command, u.result).body;
          if (body.trim() !== '') print(indent(body));
        }
      } else {
        print(`Done: ${tallyText(outcomes.map((o) => o.state))}.`);
      }
    });
  }

  /** `cancel <request>`: withdraws a request waiting for a yes or an approval, or gives up on one still running. */
  function cancel(args: string[]): void {
    const id = Number(/^#?(\d+)$/.exec(args[0] ?? '')?.[1]);
    if (args.length !== 1 || !Number.isSafeInteger(id)) throw new UserError('bad_input', 'usage: cancel <request number> (as shown by "waiting", like: cancel 12)');
    if (dispatcher.getRequest(id)?.state === 'dispatched') {
      const r = dispatcher.abandon(id, actor, 'console');
      print(`Request #${r.id}: gave up waiting; recorded as cancelled by ${actor.name}. The agent may still finish: a late answer is kept with the command (history shows it).`);
    } else {
      const r = dispatcher.cancel(id, actor, 'console');
      print(`Request #${r.id} cancelled: nothing was sent.`);
    }
  }

  /** No words may follow a verb that takes none: `list all` is a mistake, not `list`. */
  function none(verb: string, args: string[]): void {
    if (args.length > 0) throw new UserError('bad_input', `${verb} takes nothing after it (got ${quoted(args.join(' '))}). Type help.`);
  }

  function list(): void {
    const agents = directory.list();
    const online = agents.filter((a) => a.connected).length;
    print(`Agents: ${agents.length} known, ${online} connected.`);
    const now = clock.now();
    for (const a of agents) {
      const state = a.connected ? 'online ' : a.provisional ? 'waiting' : 'offline';
      const host = a.hostName ?? '-';
      const containers = a.containers.length > 0 ? `  [${a.containers.join(', ')}]` : '';
      const unclaimed = a.payout ? `  unclaimed eras: ${a.payout.unclaimed.length}` : '';
      print(`  ${state}  ${a.id}  host ${host}  last seen ${agoText(a.lastSeen, now)}${containers}${unclaimed}`);
    }
  }

  function keys(target: string | undefined): void {
    const agentId = target ? directory.resolve(target)[0] : undefined;
    const rows = store.keys.list(agentId, 50);
    if (rows.length === 0) {
      print(agentId ? `No session keys stored for ${agentId}.` : 'No session keys stored yet.');
      return;
    }
    for (const k of rows) {
      const flag = k.solicited ? '' : '  (UNSOLICITED: no rotate_keys asked for it)';
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
        return print(helpText(catalog));
      case 'list':
      case 'ls':
      case 'nodes':
        none(verb, args);
        return list();
      case 'send':
        if (args.length < 2) throw new UserError('bad_input', 'usage: send <client> <command> [name=value ... | JSON] [--yes]');
        return send(args[0]!, args[1]!, rest(3));
      case 'broadcast':
        if (args.length < 1) throw new UserError('bad_input', 'usage: broadcast <command> [name=value ... | JSON] [--yes]');
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
        print(waiting.length === 0 ? 'No command is waiting for an agent.' : `Waiting: ${plural(waiting.length, 'request')}`);
        for (const l of waiting) print(l);
        return;
      }
      case 'schedule':
      case 'schedules':
        return schedules.handle(rest(1));
      case 'keys':
        if (KEY_VERBS.has(args[0] ?? '')) return keyVerbs.handle(args, rest);
        if (args.length > 1) throw new UserError('bad_input', `usage: keys [client] (got ${quoted(args.join(' '))})`);
        return keys(args[0]);
      case 'agent':
      case 'agents':
        return agentVerbs.handle(args);
      case 'token': {
        none(verb, args);
        const { source, file } = deps.agentTokens();
        if (source === 'none') return print('Agents connect without a token (MCLIENT_AUTH=none); new ids wait for `agent accept`.');
        if (source === 'MCLIENT_TOKEN') print('The fleet enrolment token is the one in MCLIENT_TOKEN (not shown).');
        else print(`The fleet enrolment token is in the file ${file} (mode 0600); the database keeps only its hash.`);
        print('It only enrols: new ids wait for an admin. Give each host a token of its own with `agent add <id>` (or `agent rotate <id>` for a known one).');
        return;
      }
      case 'backup':
        return backupVerb(store, args, print);
      case 'api-token':
      case 'api-tokens':
        if (!deps.apiTokens) throw new UserError('bad_input', 'API tokens are not available in this console.');
        return createApiTokenVerbs({ tokens: deps.apiTokens, actor, print, audit: (kind, detail) => store.queue.push(() => store.audit.add({ at: clock.now(), kind, actorId: actor.id, actorName: actor.name, via: 'console', detail })) }).handle(args);
      case 'web-login':
        return webLoginVerb(deps.webLogin, args, print);
      case 'quit':
      case 'exit':
        none(verb, args);
        running = false;
        ended = 'quit';
        deps.onQuit('quit at the console');
        return;
      default:
        throw new UserError('bad_input', `Unknown console command ${quoted(verb)}. Type help.`);
    }
  }

  return {
    async run(): Promise<ConsoleEnd> {
      print('mserver console: type help for commands.');
      while (running) {
        lines.prompt('mserver> ');
        const line = await lines.next();
        if (line === undefined) break;
        try {
          await handle(line);
        } catch (err) {
          print(`error: ${describeError(err, deps.log, { via: 'console', line: line.slice(0, 200) })}`);
        }
      }
      // End of input: what was read finishes first (its outcomes are printed), then the caller stops.
      if (running && runs.size > 0) {
        print(`End of input: waiting for ${plural(runs.size, 'request')} still running before stopping.`);
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
