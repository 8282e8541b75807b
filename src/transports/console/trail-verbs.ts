// The console's view of the audit trail: `history` (commands and their outcomes) and `audit` (every
// request, decision, refusal and dispatch), both filtered by agent, user and command; and `policy`.
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Catalog } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { parseParamsText } from '../../core/params-text.ts';
import type { Policy } from '../../core/policy.ts';
import type { Store } from '../../store/store.ts';
import { resultText } from '../format/result-text.ts';
import { stateLabel } from '../format/state-text.ts';
import { durationText, timeText } from '../format/time-text.ts';
import { reachText } from '../format/reach-text.ts';
import { historyReach } from '../../store/history-reach.ts';
import { msg } from '../../i18n/message.ts';
import { translator, type Translator } from '../../i18n/translate.ts';

export interface TrailDeps {
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  store: Pick<Store, 'commands' | 'audit' | 'queue' | 'settings'>;
  print(line: string): void;
  /** The console's language; English when not given. */
  t?: Translator;
}

interface Filter {
  agentId?: string | undefined;
  user?: string | undefined;
  command?: string | undefined;
  kind?: string | undefined;
  limit: number;
}

/** `[client] [user=X] [command=Y] [kind=Z] [limit=N]` */
function readFilter(deps: TrailDeps, args: string[], allowKind: boolean): Filter {
  const words = args.filter((a) => !a.includes('='));
  const named = parseParamsText(args.filter((a) => a.includes('=')).join(' '));
  const known = new Set(['user', 'command', 'limit', ...(allowKind ? ['kind'] : [])]);
  for (const k of Object.keys(named)) {
    if (!known.has(k)) throw new UserError('bad_input', msg('console.trail.notFilter', { name: k, filters: [...known].map((x) => `${x}=`).join(' ') }));
  }
  if (words.length > 1) throw new UserError('bad_input', msg('console.trail.oneAgent', { got: words.join(', ') }));
  const command = named.command === undefined ? undefined : String(named.command);
  if (command !== undefined && !deps.catalog.get(command)) throw new UserError('bad_input', msg('console.trail.notCommand', { command }));
  const limit = named.limit === undefined ? 25 : Number(named.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserError('bad_input', msg('console.trail.limit'));
  return {
    agentId: words[0] ? deps.directory.resolve(words[0])[0] : undefined,
    user: named.user === undefined ? undefined : String(named.user),
    command: command === undefined ? undefined : deps.catalog.get(command)!.name,
    kind: named.kind === undefined ? undefined : String(named.kind),
    limit,
  };
}

export function createTrailVerbs(deps: TrailDeps) {
  const { store, print } = deps;
  const t = deps.t ?? translator('en');
  return {
    history(args: string[]): void {
      const f = readFilter(deps, args, false);
      store.queue.flush();
      const rows = store.commands.history({ agentId: f.agentId, actorId: f.user, command: f.command, limit: f.limit });
      const reach = reachText(historyReach(store), t);
      if (rows.length === 0) return print(t('console.trail.noHistory', { reach }));
      for (const r of rows.reverse()) {
        const took = r.finishedAt ? durationText(r.finishedAt - r.sentAt, t) : t('console.trail.running');
        const by = r.actorName ? t('console.trail.by', { name: r.actorName, via: r.via ?? '-' }) : t('console.trail.system');
        const detail = r.state === 'success' ? resultText(r.command, r.result, t).summary : (r.error ?? '');
        print(t('console.trail.historyRow', { time: timeText(r.sentAt), request: String(r.requestId ?? '-'), id: String(r.id), agent: r.agentId, command: r.command, state: stateLabel(r.state, t), took, by, detail }).trimEnd());
      }
      print(reach);
    },

    audit(args: string[]): void {
      const f = readFilter(deps, args, true);
      store.queue.flush();
      const rows = store.audit.list({ agentId: f.agentId, actorId: f.user, command: f.command, kind: f.kind, limit: f.limit });
      if (rows.length === 0) return print(t('console.trail.noAudit'));
      for (const e of rows.reverse()) {
        const who = e.actorName ? `${e.actorName}${e.actorId ? ` [${e.actorId}]` : ''}` : '-';
        const detail = e.detail === undefined ? '' : `  ${JSON.stringify(e.detail)}`;
        print(t('console.trail.auditRow', { time: timeText(e.at), kind: e.kind.padEnd(10), request: String(e.requestId ?? '-'), command: e.command ?? '-', who, via: e.via ?? '-', agent: e.agentId ? t('console.trail.auditAgent', { agent: e.agentId }) : '', detail }));
      }
    },

    policy(): void {
      print(t('console.policy.head'));
      for (const spec of deps.catalog.commands) {
        const r = deps.policy.rule(spec);
        const guard = r.approval && r.approvals > 0 ? t('console.policy.approval', { count: r.approvals }) : r.confirm ? t('console.policy.confirm') : t('console.policy.atOnce');
        const allow = r.allow !== undefined ? t('console.policy.allowed', { list: r.allow.length === 0 ? t('console.policy.allowNothing') : r.allow.map((re) => re.source).join(' | ') }) : '';
        print(`  ${spec.name.padEnd(17)} ${spec.risk.padEnd(8)} ${r.minLevel.padEnd(8)} ${guard}${allow}`);
      }
    },
  };
}
