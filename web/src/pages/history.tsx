// History: commands sent and their outcomes, newest first, filtered on the server (GET /api/v1/history)
// by agent, person, command, outcome and time range, so every page holds only matching rows; paged with
// the server's cursor. Each row opens its request.
import { useEffect, useState } from 'preact/hooks';
import { COMMAND_NAMES } from '../../../src/core/catalog.ts';
import { errorText, get } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';
import { path, queryOf } from '../router.ts';
import { useSignal } from '../signal.ts';
import type { HistoryEntry, Me, Page } from '../types.ts';
import { outcomeLabel, Pager } from './parts.tsx';

const OUTCOMES = ['success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted', 'cancelled', 'running'];

/**
 * A datetime-local value as an ISO instant, or undefined when empty or unreadable. The input shows
 * minutes: "to 10:30" means up to the end of that minute, `plus` 59.999 s.
 */
function instant(local: string, plus = 0): string | undefined {
  const ms = local ? new Date(local).getTime() : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms + plus).toISOString();
}

interface Filters {
  agent: string;
  user: string;
  command: string;
  outcome: string;
  from: string;
  to: string;
}

export function HistoryPage(_: { who: Me }) {
  const q = queryOf(useSignal(path));
  const initial: Filters = { agent: q.get('agent') ?? '', user: q.get('user') ?? '', command: q.get('command') ?? '', outcome: '', from: '', to: '' };
  const [form, setForm] = useState<Filters>(initial);
  const [applied, setApplied] = useState<Filters>(initial);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<Page<HistoryEntry> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    const params = new URLSearchParams({ limit: '50' });
    if (applied.agent.trim()) params.set('agent', applied.agent.trim());
    if (applied.user.trim()) params.set('user', applied.user.trim());
    if (applied.command) params.set('command', applied.command);
    if (applied.outcome) params.set('state', applied.outcome);
    // datetime-local is the reader's local time without a zone: the browser's Date reads it so.
    const since = instant(applied.from);
    const until = instant(applied.to, 59_999);
    if (since) params.set('since', since);
    if (until) params.set('until', until);
    if (cursor) params.set('cursor', cursor);
    setError(null);
    get<Page<HistoryEntry>>(`/api/v1/history?${params}`).then(setPage, (err) => setError(errorText(err)));
  }, [applied, cursor]);

  const rows = page?.items ?? [];
  const field = (k: keyof Filters) => ({ value: form[k], onInput: (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value }) });

  return (
    <section>
      <h1>{t('history.title')}</h1>
      <form
        class="filters"
        aria-label={t('history.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
          setCursors([null]);
        }}
      >
        <label>
          {t('history.agent')}
          <input {...field('agent')} />
        </label>
        <label>
          {t('history.person')}
          <input {...field('user')} />
        </label>
        <label>
          {t('history.command')}
          <select value={form.command} onChange={(e) => setForm({ ...form, command: e.currentTarget.value })}>
            <option value="">{t('history.anyCommand')}</option>
            {COMMAND_NAMES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('history.outcome')}
          <select value={form.outcome} onChange={(e) => setForm({ ...form, outcome: e.currentTarget.value })}>
            <option value="">{t('history.anyOutcome')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {outcomeLabel(o)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('history.from')}
          <input type="datetime-local" {...field('from')} />
        </label>
        <label>
          {t('history.to')}
          <input type="datetime-local" {...field('to')} />
        </label>
        <button type="submit">{t('history.apply')}</button>
      </form>
      {error && (
        <p role="alert" class="notice error">
          {error}
        </p>
      )}
      {page === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('history.empty')}</p>
      ) : (
        <table class="cards" aria-label={t('history.title')}>
          <thead>
            <tr>
              <th scope="col">{t('history.col.when')}</th>
              <th scope="col">{t('history.col.agent')}</th>
              <th scope="col">{t('history.col.command')}</th>
              <th scope="col">{t('history.col.person')}</th>
              <th scope="col">{t('history.col.outcome')}</th>
              <th scope="col">{t('history.col.request')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr key={h.commandId} data-command={h.command}>
                <td data-label={t('history.col.when')}>{formatTime(h.sentAt)}</td>
                <td data-label={t('history.col.agent')}>{h.agentId}</td>
                <td data-label={t('history.col.command')}>{h.command}</td>
                <td data-label={t('history.col.person')}>{h.actor.name ?? '—'}</td>
                <td data-label={t('history.col.outcome')}>
                  <span class={`badge ${h.state}`}>{outcomeLabel(h.state)}</span>
                </td>
                <td data-label={t('history.col.request')}>{h.requestId ? <a href={`/requests/${h.requestId}`}>#{h.requestId}</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager cursors={cursors} next={page?.next ?? null} onChange={setCursors} />
    </section>
  );
}
