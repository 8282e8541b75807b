// Every agent ever seen, merged with who is connected right now; and how a typed target (an id, a host
// name, a list, `all`) becomes agent ids. Autocomplete reads the in-memory index only.
import type { AgentRecord, AgentsPort } from './records.ts';
import { msg } from '../i18n/message.ts';
import { UserError } from './errors.ts';
import { readPayout, type PayoutView } from './payout.ts';
import type { HubPort } from './ports.ts';
import { quoted } from './quote.ts';

export interface AgentView {
  id: string;
  hostName: string | null;
  connected: boolean;
  provisional: boolean;
  address: string | null;
  firstSeen: number | null;
  lastSeen: number;
  connectedAt: number | null;
  containers: string[];
  version: string | null;
  lastSummaryAt: number | null;
  payout: PayoutView | undefined;
}

export interface DirectoryDeps {
  hub: HubPort;
  agents: Pick<AgentsPort, 'list' | 'get' | 'byHostName' | 'names'>;
  clock: { now(): number };
  /** Commits queued writes so a read sees the newest state. */
  flush: () => void;
}

function payoutOf(summary: unknown): PayoutView | undefined {
  if (!summary || typeof summary !== 'object') return undefined;
  return readPayout((summary as Record<string, unknown>).payout_info);
}

function merge(record: AgentRecord | undefined, live: ReturnType<HubPort['live']>[number] | undefined): AgentView {
  return {
    id: (live?.id ?? record?.id)!,
    hostName: live?.hostName ?? record?.hostName ?? null,
    connected: live !== undefined && !live.provisional,
    provisional: live?.provisional ?? false,
    address: live?.address ?? record?.address ?? null,
    firstSeen: record?.firstSeen ?? live?.connectedAt ?? null,
    lastSeen: Math.max(live?.lastSeen ?? 0, record?.lastSeen ?? 0),
    connectedAt: live ? live.connectedAt : null,
    containers: live?.containers ?? record?.containers ?? [],
    version: record?.version ?? null,
    lastSummaryAt: record?.lastSummaryAt ?? null,
    payout: payoutOf(record?.lastSummary),
  };
}

export interface Suggestion {
  id: string;
  hostName: string | null;
  connected: boolean;
}

const INDEX_TTL_MS = 5000;

export function createAgentDirectory(deps: DirectoryDeps) {
  const { hub, agents } = deps;
  // Autocomplete must answer within Discord's 3 s from memory: a small index of names, refreshed from
  // the database at most every few seconds, merged with the live sessions (always current).
  let index: Array<{ id: string; hostName: string | null; containers: string[] }> = [];
  let indexAt = -Infinity;
  function names() {
    const now = deps.clock.now();
    if (now - indexAt > INDEX_TTL_MS) {
      deps.flush();
      index = agents.names();
      indexAt = now;
    }
    return index;
  }

  function list(): AgentView[] {
    deps.flush();
    const live = new Map(hub.live().map((l) => [l.id, l]));
    const out: AgentView[] = [];
    for (const r of agents.list()) {
      out.push(merge(r, live.get(r.id)));
      live.delete(r.id);
    }
    for (const l of live.values()) out.push(merge(undefined, l));
    return out.sort((a, b) => Number(b.connected) - Number(a.connected) || a.id.localeCompare(b.id));
  }

  function get(id: string): AgentView | undefined {
    deps.flush();
    const record = agents.get(id);
    const live = hub.live().find((l) => l.id === id);
    return record || live ? merge(record, live) : undefined;
  }

  function resolveOne(name: string): string {
    if (hub.isConnected(name) || agents.get(name)) return name;
    const byHost = agents.byHostName(name);
    if (byHost.length === 1) return byHost[0]!.id;
    if (byHost.length > 1) {
      throw new UserError('unknown_agent', msg('core.target.ambiguousHost', { name: quoted(name), count: byHost.length, ids: byHost.map((a) => a.id).join(', ') }));
    }
    const provisional = hub.live().find((l) => l.id === name && l.provisional);
    if (provisional?.pending) throw new UserError('unknown_agent', msg('core.target.pending', { name: quoted(name), id: name }));
    if (provisional) throw new UserError('unknown_agent', msg('core.target.unidentified', { name: quoted(name) }));
    const lower = name.toLowerCase();
    const close = list()
      .filter((a) => a.id.toLowerCase().includes(lower) || (a.hostName ?? '').toLowerCase().includes(lower))
      .slice(0, 5)
      .map((a) => a.id);
    const hint = close.length > 0 ? msg('core.target.didYouMean', { ids: close.join(', ') }) : msg('core.target.seeList');
    throw new UserError('unknown_agent', msg('core.target.unknown', { name: quoted(name), hint }));
  }

  return {
    list,
    get,
    /** Agents whose id or host name contains `text`, connected first, at most `limit`. */
    suggest(text: string, limit = 25): Suggestion[] {
      const q = text.trim().toLowerCase();
      const live = new Map(hub.live().filter((l) => !l.provisional).map((l) => [l.id, l]));
      const seen = new Set<string>();
      const out: Suggestion[] = [];
      for (const l of live.values()) {
        seen.add(l.id);
        out.push({ id: l.id, hostName: l.hostName ?? null, connected: true });
      }
      for (const a of names()) if (!seen.has(a.id)) out.push({ id: a.id, hostName: a.hostName, connected: false });
      return out
        .filter((s) => q === '' || s.id.toLowerCase().includes(q) || (s.hostName ?? '').toLowerCase().includes(q))
        .sort((a, b) => Number(b.connected) - Number(a.connected) || a.id.localeCompare(b.id))
        .slice(0, limit);
    },
    /** The containers an agent reported (register or summary), from memory. */
    containersOf(agentId: string): string[] {
      const live = hub.live().find((l) => l.id === agentId);
      if (live?.containers) return live.containers;
      return names().find((a) => a.id === agentId)?.containers ?? [];
    },
    /** `all` is the agents connected at this moment; otherwise ids or host names, comma-separated. */
    resolve(target: string): string[] {
      const t = target.trim();
      if (t === '') throw new UserError('unknown_agent', msg('core.target.empty'));
      if (t.toLowerCase() === 'all' || t === '*') {
        const ids = hub.connectedIds();
        if (ids.length === 0) throw new UserError('no_agents', msg('core.target.noneConnected'));
        return ids;
      }
      const ids = t.split(',').map((s) => s.trim()).filter(Boolean).map(resolveOne);
      return [...new Set(ids)];
    },
  };
}

export type AgentDirectory = ReturnType<typeof createAgentDirectory>;
