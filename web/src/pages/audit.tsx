// Audit (admins): every request, decision, refusal, dispatch and login, newest first, filtered by kind,
// person, command and request on the server (GET /api/v1/audit), paged with its cursor. A row with a
// request opens it; the detail is shown as the server stored it (data, never markup).
import { useEffect, useState } from 'preact/hooks';
import { COMMAND_NAMES } from '../../../src/core/catalog.ts';
import { errorText, get } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';
import type { AuditEntry, Me, Page } from '../types.ts';
import { Pager } from './parts.tsx';

interface Filters {
  kind: string;
  user: string;
  command: string;
  request: string;
}

const EMPTY: Filters = { kind: '', user: '', command: '', request: '' };

function detailText(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

export function AuditPage({ who }: { who: Me }) {
  const [form, setForm] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<Page<AuditEntry> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    if (who.level !== 'admin') return;
    const params = new URLSearchParams({ limit: '50' });
    for (const k of ['kind', 'user', 'command', 'request'] as const) if (applied[k].trim()) params.set(k, applied[k].trim());
    if (cursor) params.set('cursor', cursor);
    setError(null);
    get<Page<AuditEntry>>(`/api/v1/audit?${params}`).then(setPage, (err) => setError(errorText(err)));
  }, [applied, cursor, who.level]);

  if (who.level !== 'admin') {
    return (
      <section>
        <h1>{t('audit.title')}</h1>
        <p class="notice">{t('audit.adminOnly')}</p>
      </section>
    );
  }

  const field = (k: keyof Filters) => ({ value: form[k], onInput: (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value }) });
  return (
    <section>
      <h1>{t('audit.title')}</h1>
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
          {t('audit.kind')}
          <input {...field('kind')} placeholder="refused" />
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
          {t('history.col.request')}
          <input {...field('request')} inputMode="numeric" pattern="[0-9]*" />
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
      ) : page.items.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <table class="cards" aria-label={t('audit.title')}>
          <thead>
            <tr>
              <th scope="col">{t('audit.col.when')}</th>
              <th scope="col">{t('audit.kind')}</th>
              <th scope="col">{t('history.col.person')}</th>
              <th scope="col">{t('history.col.command')}</th>
              <th scope="col">{t('history.col.request')}</th>
              <th scope="col">{t('audit.col.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((a) => (
              <tr key={a.id} data-kind={a.kind}>
                <td data-label={t('audit.col.when')}>{formatTime(a.at)}</td>
                <td data-label={t('audit.kind')}>{a.kind}</td>
                <td data-label={t('history.col.person')}>{a.actor.name ? `${a.actor.name}${a.actor.via ? ` · ${a.actor.via}` : ''}` : '—'}</td>
                <td data-label={t('history.col.command')}>{a.command ?? '—'}</td>
                <td data-label={t('history.col.request')}>{a.requestId ? <a href={`/requests/${a.requestId}`}>#{a.requestId}</a> : '—'}</td>
                <td data-label={t('audit.col.detail')}>
                  <code class="detail">{detailText(a.detail)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager cursors={cursors} next={page?.next ?? null} onChange={setCursors} />
    </section>
  );
}
