// Notices: what mserver told (or would tell) the team, whether or not Discord is on: hosts offline,
// payouts, key hand-overs, failed unattended runs, disk space. Newest first, filtered by level on the
// server (GET /api/v1/notices), in the interface language; a new one arrives live from the event stream.
// Titles and texts are plain text from the server and shown as text nodes (agent-written values are data).
import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { formatTime, locale, t } from '../i18n/index.ts';
import { useSignal } from '../signal.ts';
import { useEventStream } from '../sse.ts';
import type { Page } from '../types.ts';
import { LiveBanner, Pager } from './parts.tsx';

export interface NoticeRow {
  id: number;
  at: string;
  kind: string;
  level: 'info' | 'warning' | 'critical';
  channel: string;
  agentId: string | null;
  title: string;
  text: string;
}

const LEVELS = ['info', 'warning', 'critical'] as const;

export function NoticeLevelBadge({ level }: { level: NoticeRow['level'] }) {
  return <span class={`badge level-${level}`}>{t(`notices.level.${level}`)}</span>;
}

/** The rows of a list of notices; `agentColumn` off on an agent's own page. */
export function NoticeTable({ items, agentColumn = true }: { items: NoticeRow[]; agentColumn?: boolean }) {
  return (
    <table class="cards notices" aria-label={t('notices.title')}>
      <thead>
        <tr>
          <th scope="col">{t('notices.col.when')}</th>
          <th scope="col">{t('notices.col.level')}</th>
          <th scope="col">{t('notices.col.notice')}</th>
          {agentColumn && <th scope="col">{t('fleet.col.agent')}</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((n) => (
          <tr key={n.id} data-kind={n.kind} data-level={n.level} data-agent={n.agentId ?? undefined}>
            <td data-label={t('notices.col.when')}>{formatTime(n.at)}</td>
            <td data-label={t('notices.col.level')}>
              <NoticeLevelBadge level={n.level} />
            </td>
            <td data-label={t('notices.col.notice')}>
              <strong class="notice-title">{n.title}</strong>
              <div class="notice-text">{n.text}</div>
            </td>
            {agentColumn && <td data-label={t('fleet.col.agent')}>{n.agentId ? <a href={`/agents/${encodeURIComponent(n.agentId)}`}>{n.agentId}</a> : '—'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function NoticesPage() {
  const [level, setLevel] = useState('');
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<Page<NoticeRow> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(true);
  const [version, setVersion] = useState(0);
  const lang = useSignal(locale);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    const params = new URLSearchParams({ limit: '50' });
    if (level) params.set('level', level);
    if (cursor) params.set('cursor', cursor);
    get<Page<NoticeRow>>(`/api/v1/notices?${params}`).then(
      (p) => {
        setError(null);
        setPage(p);
      },
      (err) => setError(errorText(err)),
    );
  }, [level, cursor, version, lang]);

  // The event carries the notice in the browser's language; the first page is read again in the
  // interface's language (the switch in the header) instead.
  useEventStream(
    '/api/v1/events',
    {
      notice: (data) => {
        if (cursors.length === 1 && (!level || data.level === level)) setVersion((v) => v + 1);
      },
    },
    setLive,
  );

  return (
    <section>
      <h1>{t('notices.title')}</h1>
      <LiveBanner live={live} />
      <form class="filters" aria-label={t('history.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('notices.col.level')}
          <select
            value={level}
            onChange={(e) => {
              setLevel(e.currentTarget.value);
              setCursors([null]);
            }}
          >
            <option value="">{t('notices.level.any')}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`notices.level.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p role="alert" class="notice error">
          {error}
        </p>
      )}
      {page === null ? <p role="status">{t('app.loading')}</p> : page.items.length === 0 ? <p>{t('notices.empty')}</p> : <NoticeTable items={page.items} />}
      <Pager cursors={cursors} next={page?.next ?? null} onChange={setCursors} />
    </section>
  );
}
