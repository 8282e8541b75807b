// `agent add|revoke|rotate|forget|accept|reject|list [id]` at the console (issue 13): the admin verbs of
// agent identity, acting as the local operator. A new token is printed once, on a line of its own.
import type { AgentAdmin } from '../../core/agent-admin.ts';
import { UserError } from '../../core/errors.ts';
import { render } from '../../i18n/message.ts';
import type { Actor, Clock } from '../../core/ports.ts';
import { agoText, timeText } from '../format/time-text.ts';

export interface AgentVerbsDeps {
  agents: AgentAdmin;
  actor: Actor;
  clock: Clock;
  print(line: string): void;
}

const USAGE = 'usage: agent list | agent add|revoke|rotate|forget|accept|reject <id>';

/** Agent-reported text on a terminal: no control characters (escape sequences). */
const plain = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0) ? '?' : c)).join('');

export function createAgentVerbs(deps: AgentVerbsDeps) {
  const { agents, actor, print } = deps;

  function list(): void {
    const rows = agents.list();
    if (rows.length === 0) return print('No agent identities yet: `agent add <id>` creates one with a token of its own.');
    const pending = rows.filter((r) => r.state === 'pending').length;
    print(`Agent identities: ${rows.length}${pending ? `, ${pending} pending (agent accept <id> / agent reject <id>)` : ''}.`);
    const now = deps.clock.now();
    for (const r of rows) {
      const seen = r.lastSeen === null ? 'never seen' : `last seen ${agoText(r.lastSeen, now)}`;
      const grace = r.graceUntil ? `  old token valid until ${timeText(r.graceUntil)}` : '';
      print(`  ${r.state.padEnd(8)} ${r.online ? 'online ' : 'offline'}  ${plain(r.id)}  ${render('en', r.credential)}  address ${plain(r.lastAddress ?? '-')}  ${seen}${grace}`);
    }
  }

  return {
    handle(args: string[]): void {
      const [verb = 'list', id, ...extra] = args;
      if (verb === 'list' || verb === 'ls') return list();
      if (id === undefined || extra.length > 0) throw new UserError('bad_input', USAGE);
      switch (verb) {
        case 'add': {
          const { token } = agents.add(id, actor, 'console');
          print(`Agent ${id} created. Configure its mclient with this token (shown once; only its hash is kept):`);
          print(`token for ${id}: ${token}`);
          return;
        }
        case 'rotate': {
          const { token, graceUntil } = agents.rotate(id, actor, 'console');
          print(`New token for ${id} (shown once). ${graceUntil ? `The old one works until ${timeText(graceUntil)} or until this one is used.` : 'The old one no longer works.'}`);
          print(`token for ${id}: ${token}`);
          return;
        }
        case 'revoke': {
          const { wasConnected } = agents.revoke(id, actor, 'console');
          return print(`${id} revoked: its token is refused from now on${wasConnected ? ', and its connection was closed (4401)' : ''}.`);
        }
        case 'forget':
          agents.forget(id, actor, 'console');
          return print(`${id} forgotten: it left the lists, \`all\` and the offline alerts; its history stays.`);
        case 'accept': {
          const { connected } = agents.accept(id, actor, 'console');
          return print(`${id} accepted${connected ? ': it is connected and receives commands now' : ': it is accepted when it connects'}.`);
        }
        case 'reject':
          agents.reject(id, actor, 'console');
          return print(`${id} rejected: the fleet token can no longer enrol it.`);
        default:
          throw new UserError('bad_input', USAGE);
      }
    },
  };
}
