// Audit (admins): every request, decision, refusal, dispatch and login, newest first, filtered by kind,
// person, command and request on the server (GET /api/v1/audit), paged with its cursor. A row with a
// request opens it; the detail is shown as the server stored it (data, never markup).
import { formatTime, t } from '../i18n/index.ts';
import type { AuditEntry, Me } from '../types.ts';
import { CommandFilter, FilteredRows, FilterForm, TextFilter, useFilteredList } from './filter-form.tsx';

const FIELDS = { kind: '', user: '', command: '', request: '' };

function detailText(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

export function AuditPage({ who }: { who: Me }) {
  const admin = who.level === 'admin';
  const list = useFilteredList<typeof FIELDS, AuditEntry>('/api/v1/audit', FIELDS, (f) => ({ kind: f.kind.trim(), user: f.user.trim(), command: f.command, request: f.request.trim() }), { enabled: admin });

  if (!admin) {
    return (
      <section>
        <h1>{t('audit.title')}</h1>
        <p class="notice">{t('audit.adminOnly')}</p>
      </section>
    );
  }

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <FilterForm list={list}>
        <TextFilter list={list} name="kind" label={t('audit.kind')} placeholder="refused" />
        <TextFilter list={list} name="user" label={t('history.person')} />
        <CommandFilter list={list} name="command" />
        <TextFilter list={list} name="request" label={t('history.col.request')} inputMode="numeric" pattern="[0-9]*" />
      </FilterForm>
      <FilteredRows list={list} empty={t('audit.empty')}>
        {(items) => (
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
              {items.map((a) => (
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
      </FilteredRows>
    </section>
  );
}
