// Fleet: every agent in one table, changed live from the fleet stream (GET /api/v1/events) as agents
// connect, drop and report: the event says which agent, and its row is read again.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { ago, t } from '../i18n/index.ts';
import { useEventStream } from '../sse.ts';
import type { Agent, Page } from '../types.ts';
import { LiveBanner, StateBadge, useNow } from './parts.tsx';

async function allAgents(): Promise<Agent[]> {
  const out: Agent[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Agent> = await get<Page<Agent>>(`/api/v1/agents?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

function PayoutCell({ a }: { a: Agent }) {
  const p = a.payout;
  if (!p || p.unclaimedEras.length === 0) return <>{t('fleet.noPayout')}</>;
  const urgent = p.erasLeft !== null && p.erasLeft <= 2;
  return (
    <span class={urgent ? 'warn' : undefined}>
      {t('fleet.unclaimed', { count: p.unclaimedEras.length })}
      {p.erasLeft !== null && (
        <>
          <br />
          <small>{t('fleet.erasLeft', { count: p.erasLeft })}</small>
        </>
      )}
    </span>
  );
}

function KeysCell({ a }: { a: Agent }) {
  if (a.keys.length === 0) return <>{t('fleet.keysNone')}</>;
  const unsolicited = a.keys.some((k) => !k.solicited);
  return <span class={unsolicited ? 'warn' : undefined}>{unsolicited ? t('fleet.keysUnsolicited') : t('fleet.keysOk', { count: a.keys.length })}</span>;
}

export function FleetPage() {
  const [agents, setAgents] = useState<Map<string, Agent> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [state, setState] = useState('');
  const [live, setLive] = useState(true);
  const [streaming, setStreaming] = useState(false);
  const now = useNow(5000);

  const reload = () =>
    allAgents().then(
      (list) => setAgents(new Map(list.map((a) => [a.id, a]))),
      (err) => setError(errorText(err)),
    );
  useEffect(() => {
    void reload();
    // The fleet stream says when an agent connects, drops, or its payouts or keys change; a report that
    // changes only its containers has no event, so the table is read again now and then as well.
    const timer = setInterval(() => void reload(), 30_000);
    return () => clearInterval(timer);
  }, []);

  const refresh = (id: unknown, patch?: Partial<Agent>) => {
    if (typeof id !== 'string') return;
    if (patch) setAgents((m) => (m && m.has(id) ? new Map(m).set(id, { ...m.get(id)!, ...patch }) : m));
    get<Agent>(`/api/v1/agents/${encodeURIComponent(id)}`).then(
      (a) => setAgents((m) => new Map(m ?? []).set(a.id, a)),
      () => undefined,
    );
  };
  useEventStream(
    '/api/v1/events',
    {
      // After a gap too long to replay, the stream starts over: read the whole table again.
      ready: () => {
        // Marked open once the table read after the stream's start is in: any change after it is live.
        void reload().then(() => setStreaming(true));
      },
      agent_online: (d) => refresh(d.agentId, { state: 'online' }),
      agent_offline: (d) => refresh(d.agentId, { state: 'offline' }),
      payout: (d) => refresh(d.agentId),
      key_update: (d) => refresh(d.agentId),
    },
    setLive,
  );

  const all = useMemo(() => [...(agents?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1)), [agents]);
  const q = query.trim().toLowerCase();
  const shown = all.filter(
    (a) => (!state || a.state === state) && (!q || a.id.toLowerCase().includes(q) || (a.hostName ?? '').toLowerCase().includes(q) || a.containers.some((c) => c.toLowerCase().includes(q))),
  );

  return (
    <section data-stream={streaming ? 'open' : 'connecting'}>
      <h1>{t('fleet.title')}</h1>
      <LiveBanner live={live} />
      {error && <p role="alert" class="notice error">{t('app.error', { detail: error })}</p>}
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('fleet.search')}
          <input type="search" value={query} placeholder={t('fleet.searchHint')} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <label>
          {t('fleet.filterState')}
          <select value={state} onChange={(e) => setState(e.currentTarget.value)}>
            <option value="">{t('fleet.filterAll')}</option>
            <option value="online">{t('state.online')}</option>
            <option value="offline">{t('state.offline')}</option>
            <option value="waiting">{t('state.waiting')}</option>
          </select>
        </label>
      </form>
      {agents === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : all.length === 0 ? (
        <p>{t('fleet.empty')}</p>
      ) : (
        <>
          <p class="count" aria-live="polite">
            {shown.length === all.length ? t('fleet.count', { count: all.length }) : t('fleet.shown', { shown: shown.length, total: all.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t('fleet.noMatch')}</p>
          ) : (
            <table class="cards" aria-label={t('fleet.title')}>
              <thead>
                <tr>
                  <th scope="col">{t('fleet.col.agent')}</th>
                  <th scope="col">{t('fleet.col.state')}</th>
                  <th scope="col">{t('fleet.col.host')}</th>
                  <th scope="col">{t('fleet.col.lastSeen')}</th>
                  <th scope="col">{t('fleet.col.containers')}</th>
                  <th scope="col">{t('fleet.col.payouts')}</th>
                  <th scope="col">{t('fleet.col.keys')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <tr key={a.id} data-agent={a.id} data-state={a.state}>
                    <th scope="row" data-label={t('fleet.col.agent')}>
                      <a href={`/agents/${encodeURIComponent(a.id)}`}>{a.id}</a>
                    </th>
                    <td data-label={t('fleet.col.state')}>
                      <StateBadge state={a.state} />
                    </td>
                    <td data-label={t('fleet.col.host')}>{a.hostName ?? '—'}</td>
                    <td data-label={t('fleet.col.lastSeen')}>{a.state === 'online' ? t('fleet.now') : ago(a.lastSeen, now)}</td>
                    <td data-label={t('fleet.col.containers')}>{a.containers.join(', ') || '—'}</td>
                    <td data-label={t('fleet.col.payouts')}>
                      <PayoutCell a={a} />
                    </td>
                    <td data-label={t('fleet.col.keys')}>
                      <KeysCell a={a} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
