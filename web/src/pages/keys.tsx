// Keys: the session keys agents reported, newest first: each rotation, whether a rotate_keys asked for
// it (an unasked change is flagged), and the request that did.
import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';
import { useEventStream } from '../sse.ts';
import type { Page } from '../types.ts';
import { Pager } from './parts.tsx';

interface KeyRow {
  id: number;
  agentId: string;
  container: string;
  sessionKey: string;
  action: string | null;
  commandId: string | null;
  solicited: boolean;
  receivedAt: string | null;
}

export function KeysPage() {
  const [page, setPage] = useState<Page<KeyRow> | null>(null);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const load = () => get<Page<KeyRow>>(`/api/v1/keys?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).then(setPage, (err) => setError(errorText(err)));
  useEffect(() => void load(), [cursor]);
  useEventStream('/api/v1/events', { key_update: () => void (cursors.length === 1 && load()) });
  return (
    <section>
      <h1>{t('keys.title')}</h1>
      {error && <p role="alert" class="notice error">{error}</p>}
      {page === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : page.items.length === 0 ? (
        <p>{t('keys.empty')}</p>
      ) : (
        <table class="cards" aria-label={t('keys.title')}>
          <thead>
            <tr>
              <th scope="col">{t('keys.when')}</th>
              <th scope="col">{t('fleet.col.agent')}</th>
              <th scope="col">{t('keys.container')}</th>
              <th scope="col">{t('keys.key')}</th>
              <th scope="col">{t('keys.asked')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((k) => (
              <tr key={k.id} data-agent={k.agentId}>
                <td data-label={t('keys.when')}>{formatTime(k.receivedAt)}</td>
                <td data-label={t('fleet.col.agent')}>{k.agentId}</td>
                <td data-label={t('keys.container')}>{k.container}</td>
                <td data-label={t('keys.key')}>
                  <code class="key">{k.sessionKey}</code>
                </td>
                <td data-label={t('keys.asked')}>{k.solicited ? t('keys.solicited') : <span class="warn">{t('keys.unsolicited')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager cursors={cursors} next={page?.next ?? null} onChange={setCursors} />
    </section>
  );
}
