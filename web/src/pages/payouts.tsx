// Payouts: unclaimed staking rewards per agent, most urgent first (the server's order), with the
// warning and critical levels the server applies (PAYOUT_WARN_ERAS, PAYOUT_CRITICAL_ERAS_LEFT).
import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { t } from '../i18n/index.ts';
import { useEventStream } from '../sse.ts';
import type { Page } from '../types.ts';

interface Payout {
  agentId: string;
  online: boolean;
  stash: string | null;
  chain: string | null;
  activeEra: number | null;
  unclaimedEras: number[];
  oldestUnclaimedEra: number | null;
  erasLeft: number | null;
  level: 'ok' | 'warning' | 'critical';
}

export function PayoutsPage() {
  const [rows, setRows] = useState<Payout[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => get<Page<Payout>>('/api/v1/payouts?limit=500').then((p) => setRows(p.items), (err) => setError(errorText(err)));
  useEffect(() => void load(), []);
  useEventStream('/api/v1/events', { payout: () => void load() });
  return (
    <section>
      <h1>{t('payouts.title')}</h1>
      {error && <p role="alert" class="notice error">{error}</p>}
      {rows === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('payouts.empty')}</p>
      ) : (
        <table class="cards" aria-label={t('payouts.title')}>
          <thead>
            <tr>
              <th scope="col">{t('fleet.col.agent')}</th>
              <th scope="col">{t('payouts.level')}</th>
              <th scope="col">{t('payouts.unclaimed')}</th>
              <th scope="col">{t('payouts.erasLeft')}</th>
              <th scope="col">{t('payouts.stash')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.agentId} data-agent={p.agentId} data-level={p.level}>
                <th scope="row" data-label={t('fleet.col.agent')}>{p.agentId}</th>
                <td data-label={t('payouts.level')}>
                  <span class={`badge level-${p.level}`}>{t(`payouts.level.${p.level}`)}</span>
                </td>
                <td data-label={t('payouts.unclaimed')}>{p.unclaimedEras.length > 0 ? p.unclaimedEras.join(', ') : '—'}</td>
                <td data-label={t('payouts.erasLeft')}>{p.erasLeft ?? '—'}</td>
                <td data-label={t('payouts.stash')}>
                  <code>{p.stash ?? '—'}</code> {p.chain ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
