// One agent: what it is now, its recent commands with their outcomes, its session-key history (each
// rotation, asked for or not) and the schedules that target it. Its row changes live like the fleet's.
import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { ago, formatTime, t } from '../i18n/index.ts';
import { useEventStream } from '../sse.ts';
import type { Agent, HistoryEntry, Page } from '../types.ts';
import { NoticeTable, type NoticeRow } from './notices.tsx';
import { outcomeLabel, StateBadge, useNow } from './parts.tsx';
import { PayoutChart } from './payout-chart.tsx';

interface KeyRow {
  id: number;
  container: string;
  sessionKey: string;
  solicited: boolean;
  receivedAt: string | null;
}

interface ScheduleRow {
  name: string;
  cron: string;
  timezone: string;
  target: string;
  command: string;
  nextRun: string | null;
}

export function AgentPage({ id }: { id: string }) {
  const [agent, setAgent] = useState<Agent | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [keys, setKeys] = useState<KeyRow[]>([]);
  const [notices, setNotices] = useState<NoticeRow[]>([]);
  const [schedules, setSchedules] = useState<ScheduleRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [payoutVersion, setPayoutVersion] = useState(0);
  const now = useNow(5000);
  const q = encodeURIComponent(id);

  const loadAgent = () => get<Agent>(`/api/v1/agents/${q}`).then(setAgent, (err) => setError(errorText(err)));
  const loadHistory = () => get<Page<HistoryEntry>>(`/api/v1/history?agent=${q}&limit=20`).then((p) => setHistory(p.items), () => undefined);
  const loadKeys = () => get<Page<KeyRow>>(`/api/v1/keys?agent=${q}&limit=20`).then((p) => setKeys(p.items), () => undefined);
  const loadNotices = () => get<Page<NoticeRow>>(`/api/v1/notices?agent=${q}&limit=10`).then((p) => setNotices(p.items), () => undefined);
  useEffect(() => {
    void loadAgent();
    void loadHistory();
    void loadKeys();
    void loadNotices();
    get<Page<ScheduleRow>>('/api/v1/schedules?limit=500').then(
      (p) => setSchedules(p.items.filter((s) => s.target === 'all' || s.target.split(',').some((x) => x.trim() === id || x.trim() === agent?.hostName))),
      () => undefined,
    );
  }, [id]);
  const mine = (d: Record<string, unknown>) => d.agentId === id;
  useEventStream(`/api/v1/events`, {
    agent_online: (d) => mine(d) && void loadAgent(),
    agent_offline: (d) => mine(d) && void loadAgent(),
    payout: (d) => {
      if (!mine(d)) return;
      void loadAgent();
      setPayoutVersion((v) => v + 1);
    },
    key_update: (d) => {
      if (!mine(d)) return;
      void loadAgent();
      void loadKeys();
    },
    request_finished: () => void loadHistory(),
    notice: (d) => mine(d) && void loadNotices(),
  });

  if (error) return <p role="alert" class="notice error">{error}</p>;
  if (!agent) return <p role="status">{t('app.loading')}</p>;
  const p = agent.payout;
  return (
    <section>
      <h1>{t('agent.title', { id: agent.id })}</h1>
      <dl class="facts">
        <dt>{t('fleet.col.state')}</dt>
        <dd>
          <StateBadge state={agent.state} />
        </dd>
        <dt>{t('fleet.col.host')}</dt>
        <dd>{agent.hostName ?? '—'}</dd>
        <dt>{t('fleet.col.lastSeen')}</dt>
        <dd>{agent.state === 'online' ? t('fleet.now') : ago(agent.lastSeen, now)}</dd>
        <dt>{t('agent.version')}</dt>
        <dd>{agent.version ?? '—'}</dd>
        <dt>{t('fleet.col.containers')}</dt>
        <dd>{agent.containers.join(', ') || '—'}</dd>
        <dt>{t('fleet.col.payouts')}</dt>
        <dd>
          {p && p.unclaimedEras.length > 0 ? (
            <>
              {t('fleet.unclaimed', { count: p.unclaimedEras.length })} ({p.unclaimedEras.join(', ')}){p.erasLeft !== null && <> · {t('fleet.erasLeft', { count: p.erasLeft })}</>}
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <p>
        <a class="button primary" href={`/run?target=${q}`}>
          {t('agent.run')}
        </a>
      </p>

      <PayoutChart agentId={agent.id} version={payoutVersion} />

      <h2>{t('agent.commands')}</h2>
      {history.length === 0 ? (
        <p>{t('history.empty')}</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t('history.col.when')}</th>
              <th scope="col">{t('history.col.command')}</th>
              <th scope="col">{t('history.col.person')}</th>
              <th scope="col">{t('history.col.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.commandId}>
                <td data-label={t('history.col.when')}>{h.requestId ? <a href={`/requests/${h.requestId}`}>{formatTime(h.sentAt)}</a> : formatTime(h.sentAt)}</td>
                <td data-label={t('history.col.command')}>{h.command}</td>
                <td data-label={t('history.col.person')}>{h.actor.name ?? '—'}</td>
                <td data-label={t('history.col.outcome')}>
                  <span class={`badge ${h.state}`}>{outcomeLabel(h.state)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('keys.title')}</h2>
      {keys.length === 0 ? (
        <p>{t('fleet.keysNone')}</p>
      ) : (
        <ul class="keys">
          {keys.map((k) => (
            <li key={k.id}>
              {formatTime(k.receivedAt)} · {k.container} · {k.solicited ? t('keys.solicited') : <span class="warn">{t('keys.unsolicited')}</span>}
              <br />
              <code class="key">{k.sessionKey}</code>
            </li>
          ))}
        </ul>
      )}

      {notices.length > 0 && (
        <>
          <h2>{t('notices.agentTitle')}</h2>
          <NoticeTable items={notices} agentColumn={false} />
        </>
      )}

      <h2>{t('schedules.title')}</h2>
      {schedules.length === 0 ? (
        <p>{t('schedules.empty')}</p>
      ) : (
        <ul>
          {schedules.map((s) => (
            <li key={s.name}>
              <strong>{s.name}</strong>: <code>{s.command}</code> · <code>{s.cron}</code> · {t('schedules.next')} {formatTime(s.nextRun, s.timezone)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
