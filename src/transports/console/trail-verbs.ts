// The console's view of the audit trail: `history` (commands and their outcomes) and `audit` (every
// request, decision, refusal and dispatch), both filtered by agent, user and command; and `policy`.
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Catalog } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { parseParamsText } from '../../core/params-text.ts';
import type { Policy } from '../../core/policy.ts';
import type { Store } from '../../store/store.ts';
import { resultText } from '../format/result-text.ts';
import { STATE_LABEL } from '../format/state-text.ts';
import { durationText, timeText } from '../format/time-text.ts';
import { reachText } from '../format/reach-text.ts';
import { historyReach } from '../../store/history-reach.ts';
import { plural } from '../../core/plural.ts';

export interface TrailDeps {
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  store: Pick<Store, 'commands' | 'audit' | 'queue' | 'settings'>;
  print(line: string): void;
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
    if (!known.has(k)) throw new UserError('bad_input', `${k}= is not a filter here (filters: ${[...known].map((x) => `${x}=`).join(' ')})`);
  }
  if (words.length > 1) throw new UserError('bad_input', `one agent at most (got ${words.join(', ')})`);
  const command = named.command === undefined ? undefined : String(named.command);
  if (command !== undefined && !deps.catalog.get(command)) throw new UserError('bad_input', `command=${command} is not a command`);
  const limit = named.limit === undefined ? 25 : Number(named.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserError('bad_input', 'limit= takes an integer from 1 to 1000');
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
  return {
    history(args: string[]): void {
      const f = readFilter(deps, args, false);
      store.queue.flush();
      const rows = store.commands.history({ agentId: f.agentId, actorId: f.user, command: f.command, limit: f.limit });
      const reach = reachText(historyReach(store));
      if (rows.length === 0) return print(`No command matches. ${reach}`);
      for (const r of rows.reverse()) {
        const took = r.finishedAt ? durationText(r.finishedAt - r.sentAt) : 'running';
        const by = r.actorName ? `${r.actorName} via ${r.via}` : 'system';
        const detail = r.state === 'success' ? resultText(r.command, r.result).summary : (r.error ?? '');
        print(`  ${timeText(r.sentAt)}  #${r.requestId ?? '-'} ${r.id}  ${r.agentId}  ${r.command}  ${STATE_LABEL[r.state]} (${took})  by ${by}  ${detail}`.trimEnd());
      }
      print(reach);
    },

    audit(args: string[]): void {
      const f = readFilter(deps, args, true);
      store.queue.flush();
      const rows = store.audit.list({ agentId: f.agentId, actorId: f.user, command: f.command, kind: f.kind, limit: f.limit });
      if (rows.length === 0) return print('No audit event matches.');
      for (const e of rows.reverse()) {
        const who = e.actorName ? `${e.actorName}${e.actorId ? ` [${e.actorId}]` : ''}` : '-';
        const detail = e.detail === undefined ? '' : `  ${JSON.stringify(e.detail)}`;
        print(`  ${timeText(e.at)}  ${e.kind.padEnd(10)} #${e.requestId ?? '-'}  ${e.command ?? '-'}  by ${who} via ${e.via ?? '-'}${e.agentId ? `  agent ${e.agentId}` : ''}${detail}`);
      }
    },

    policy(): void {
      print('Effective policy (level needed; confirmation; approvals):');
      for (const spec of deps.catalog.commands) {
        const r = deps.policy.rule(spec);
        const guard = r.approval && r.approvals > 0 ? `approval by ${plural(r.approvals, 'approver')}` : r.confirm ? 'confirmation' : 'runs at once';
        const allow = r.allow !== undefined ? `; allowed: ${r.allow.length === 0 ? 'nothing (list patterns in POLICY_FILE)' : r.allow.map((re) => re.source).join(' | ')}` : '';
        print(`  ${spec.name.padEnd(17)} ${spec.risk.padEnd(8)} ${r.minLevel.padEnd(8)} ${guard}${allow}`);
      }
    },
  };
}
