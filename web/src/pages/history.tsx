// History: commands sent and their outcomes, newest first, filtered on the server (GET /api/v1/history)
// by agent, person, command, outcome and time range, so every page holds only matching rows; paged with
// the server's cursor. Each row opens its request.
import { formatTime, t } from '../i18n/index.ts';
import type { HistoryEntry, Me } from '../types.ts';
import { CommandFilter, FilteredRows, FilterForm, SelectFilter, TextFilter, TimeFilter, useFilteredList } from './filter-form.tsx';
import { outcomeLabel } from './parts.tsx';

const OUTCOMES = ['success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted', 'cancelled', 'running'];

/**
 * A datetime-local value as an ISO instant, or undefined when empty or unreadable. The input shows
 * minutes: "to 10:30" means up to the end of that minute, `plus` 59.999 s.
 */
function instant(local: string, plus = 0): string | undefined {
  const ms = local ? new Date(local).getTime() : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms + plus).toISOString();
}

const FIELDS = { agent: '', user: '', command: '', outcome: '', from: '', to: '' };

function query(f: typeof FIELDS): Record<string, string | undefined> {
  // datetime-local is the reader's local time without a zone: the browser's Date reads it so.
  return { agent: f.agent.trim(), user: f.user.trim(), command: f.command, state: f.outcome, since: instant(f.from), until: instant(f.to, 59_999) };
}

export function HistoryPage(_: { who: Me }) {
  const list = useFilteredList<typeof FIELDS, HistoryEntry>('/api/v1/history', FIELDS, query, { fromQuery: ['agent', 'user', 'command'] });
  return (
    <section>
      <h1>{t('history.title')}</h1>
      <FilterForm list={list}>
        <TextFilter list={list} name="agent" label={t('history.agent')} />
        <TextFilter list={list} name="user" label={t('history.person')} />
        <CommandFilter list={list} name="command" />
        <SelectFilter list={list} name="outcome" label={t('history.outcome')} any={t('history.anyOutcome')} options={OUTCOMES.map((o) => [o, outcomeLabel(o)] as const)} />
        <TimeFilter list={list} name="from" label={t('history.from')} />
        <TimeFilter list={list} name="to" label={t('history.to')} />
      </FilterForm>
      <FilteredRows list={list} empty={t('history.empty')}>
        {(rows) => (
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
      </FilteredRows>
    </section>
  );
}
