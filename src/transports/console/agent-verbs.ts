// `agent add|revoke|rotate|forget|accept|reject|list [id]` at the console (issue 13): the admin verbs of
// agent identity, acting as the local operator. A new token is printed once, on a line of its own.
import type { AgentAdmin } from '../../core/agent-admin.ts';
import { UserError } from '../../core/errors.ts';
import type { Actor, Clock } from '../../core/ports.ts';
import { agoText, timeText } from '../format/time-text.ts';
import { isMessage, msg, render } from '../../i18n/message.ts';
import { translator, type Translator } from '../../i18n/translate.ts';

export interface AgentVerbsDeps {
  agents: AgentAdmin;
  actor: Actor;
  clock: Clock;
  print(line: string): void;
  /** The console's language; English when not given. */
  t?: Translator;
}

/** Agent-reported text on a terminal: no control characters (escape sequences). */
const plain = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0) ? '?' : c)).join('');

export function createAgentVerbs(deps: AgentVerbsDeps) {
  const { agents, actor, print } = deps;
  const t = deps.t ?? translator('en');

  function list(): void {
    const rows = agents.list();
    if (rows.length === 0) return print(t('console.agent.none'));
    const pending = rows.filter((r) => r.state === 'pending').length;
    print(pending ? t('console.agent.headPending', { count: rows.length, pending }) : t('console.agent.head', { count: rows.length }));
    const now = deps.clock.now();
    for (const r of rows) {
      const seen = r.lastSeen === null ? t('console.agent.neverSeen') : t('console.agent.lastSeen', { ago: agoText(r.lastSeen, now, t) });
      const grace = r.graceUntil ? t('console.agent.grace', { time: timeText(r.graceUntil) }) : '';
      const online = t(r.online ? 'console.list.online' : 'console.list.offline').padEnd(t.locale === 'en' ? 7 : 4);
      print(t('console.agent.row', { state: r.state.padEnd(8), online, id: plain(r.id), credential: isMessage(r.credential) ? render(t.locale, r.credential) : String(r.credential), address: plain(r.lastAddress ?? '-'), seen, grace }));
    }
  }

  return {
    handle(args: string[]): void {
      const [verb = 'list', id, ...extra] = args;
      if (verb === 'list' || verb === 'ls') return list();
      if (id === undefined || extra.length > 0) throw new UserError('bad_input', msg('console.agent.usage'));
      switch (verb) {
        case 'add': {
          const { token } = agents.add(id, actor, 'console');
          print(t('console.agent.added', { id }));
          print(t('console.agent.tokenLine', { id, token }));
          return;
        }
        case 'rotate': {
          const { token, graceUntil } = agents.rotate(id, actor, 'console');
          print(t('console.agent.rotated', { id, old: graceUntil ? t('console.agent.oldUntil', { time: timeText(graceUntil) }) : t('console.agent.oldGone') }));
          print(t('console.agent.tokenLine', { id, token }));
          return;
        }
        case 'revoke': {
          const { wasConnected } = agents.revoke(id, actor, 'console');
          return print(t(wasConnected ? 'console.agent.revokedClosed' : 'console.agent.revoked', { id }));
        }
        case 'forget':
          agents.forget(id, actor, 'console');
          return print(t('console.agent.forgotten', { id }));
        case 'accept': {
          const { connected } = agents.accept(id, actor, 'console');
          return print(t(connected ? 'console.agent.acceptedNow' : 'console.agent.acceptedLater', { id }));
        }
        case 'reject':
          agents.reject(id, actor, 'console');
          return print(t('console.agent.rejected', { id }));
        default:
          throw new UserError('bad_input', msg('console.agent.usage'));
      }
    },
  };
}
