// The operator console: the old server's prompt (help, list, send), improved. It runs on the same
// dispatcher as Discord, acting as the local operator.
import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Catalog } from '../../core/catalog.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Policy } from '../../core/policy.ts';
import { describeError, UserError } from '../../core/errors.ts';
import { parseParamsText } from '../../core/params-text.ts';
import type { Actor, Clock, CommandUpdate } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/store.ts';
import { resultText } from '../format/result-text.ts';
import { STATE_LABEL, tallyText } from '../format/state-text.ts';
import { agoText, durationText, timeText } from '../format/time-text.ts';
import { helpText } from './help-text.ts';
import type { Scheduler } from '../../scheduler/scheduler.ts';
import { createScheduleVerbs } from './schedule-verbs.ts';
import { createTrailVerbs } from './trail-verbs.ts';
import { createLineQueue } from './line-queue.ts';
import { createKeyVerbs, KEY_VERBS } from './key-verbs.ts';
import type { KeySafetyPort } from '../../core/key-guard.ts';

export interface ConsoleDeps {
  dispatcher: Dispatcher;
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  scheduler: Scheduler;
  store: Pick<Store, 'commands' | 'keys' | 'audit' | 'queue'>;
  agentTokens: () => { tokens: string[]; source: string };
  log: Logger;
  clock: Clock;
  input: Readable;
  output: Writable;
  terminal: boolean;
  onQuit: () => void;
  /** Validator safety: keys duplicates / handovers / submitted / override. */
  safety?: KeySafetyPort | undefined;
}

const BODY_MAX_LINES = 200;
const QUIET_ABOVE = 100;

function consoleActor(): Actor {
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
  const lines = createLineQueue(deps.input, deps.output, deps.terminal);
  const print = (text = ''): void => {
    deps.output.write(`${text}\n`);
  };
  let running = true;
  const trail = createTrailVerbs({ directory, catalog, policy: deps.policy, store, print });
  const keyVerbs = createKeyVerbs({ safety: deps.safety, directory, actor, print, send: (t, c, r, o) => send(t, c, r, o) });
  const schedules = createScheduleVerbs({ scheduler: deps.scheduler, catalog, policy: deps.policy, actor, print, ask });

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
      print(`Request #${r.id}: ${r.command} (${r.risk}) on ${r.agents.length} agent(s): ${r.agents.slice(0, 10).join(', ')}${r.agents.length > 10 ? ', ...' : ''}`);
      print(`  parameters: ${JSON.stringify(r.params)}`);
      if (r.warning) print(`  ${r.warning}`);
      const answer = yes ? 'yes' : await ask(`Type yes to run it (anything else cancels; expires in ${durationText((r.expiresAt ?? 0) - clock.now())}):`);
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
    print(`Request #${run.request.id}: ${run.request.command} sent to ${total} agent(s).`);
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
    const outcomes = await run.done;
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
        return print(helpText(catalog));
      case 'list':
      case 'ls':
      case 'nodes':
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
        return trail.policy();
      case 'schedule':
      case 'schedules':
        return schedules.handle(rest(1));
      case 'keys':
        if (KEY_VERBS.has(args[0] ?? '')) return keyVerbs.handle(args, rest);
        return keys(args[0]);
      case 'token': {
        const { tokens, source } = deps.agentTokens();
        if (tokens.length === 0) return print('Agents connect without a token (MCLIENT_AUTH=none).');
        print(`Agent token(s) (${source}): agents send one as "Authorization: Bearer <token>", ?token=<token> or in their register message.`);
        for (const t of tokens) print(`  ${t}`);
        return;
      }
      case 'quit':
      case 'exit':
        running = false;
        deps.onQuit();
        return;
      default:
        throw new UserError('bad_input', `Unknown console command "${verb}". Type help.`);
    }
  }

  return {
    async run(): Promise<void> {
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
    },
    close(): void {
      running = false;
      lines.close();
    },
  };
}
