// Keys: the session keys agents reported, newest first: each rotation, whether a rotate_keys asked for
// it (an unasked change is flagged), and the request that did.
import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';
import { useEventStream } from '../sse.ts';
import type { Page, SessionKey } from '../types.ts';
import { Pager } from './parts.tsx';

// Written out: its schema (KeyHandover) is in routes/handovers.ts, which pulls in fastify and Node's types.
interface HandoverRow {
  id: number;
  agentId: string;
  container: string;
  state: 'pending' | 'submitted' | 'done' | 'superseded';
  rotatedBy: string;
  rotatedAt: string | null;
  submittedBy: string | null;
  activeAt: string | null;
  basis: string;
  basisText: string;
}

/** Hand-overs in progress: until the new keys are active, the old node must keep running. */
function Handovers({ items }: { items: HandoverRow[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="handovers-title">
      <h2 id="handovers-title">{t('keys.handovers.title')}</h2>
      <ul class="handovers">
        {items.map((h) => (
          <li key={h.id} data-agent={h.agentId} data-basis={h.basis}>
            <strong>
              {h.agentId} / {h.container}
            </strong>{' '}
            <span class={`badge ${h.state}`}>{h.state === 'pending' ? t('keys.handovers.pending') : t('keys.handovers.submitted')}</span>
            <div>{t('keys.handovers.rotated', { by: h.rotatedBy, at: formatTime(h.rotatedAt) })}</div>
            {h.state === 'submitted' && <div>{h.activeAt ? t('keys.handovers.activeAt', { at: formatTime(h.activeAt) }) : t('keys.handovers.activeLater')}</div>}
            <div class={h.basis === 'chain_mismatch' ? 'warn' : undefined}>{h.basisText}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function KeysPage() {
  const [handovers, setHandovers] = useState<HandoverRow[]>([]);
  const [page, setPage] = useState<Page<SessionKey> | null>(null);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const load = () => get<Page<SessionKey>>(`/api/v1/keys?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).then(setPage, (err) => setError(errorText(err)));
  const loadHandovers = () => get<{ items: HandoverRow[] }>('/api/v1/keys/handovers').then((r) => setHandovers(r.items), () => undefined);
  useEffect(() => void load(), [cursor]);
  useEffect(() => void loadHandovers(), []);
  useEventStream('/api/v1/events', {
    key_update: () => {
      void loadHandovers();
      if (cursors.length === 1) void load();
    },
  });
  return (
    <section>
      <h1>{t('keys.title')}</h1>
      {error && <p role="alert" class="notice error">{error}</p>}
      <Handovers items={handovers} />
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
