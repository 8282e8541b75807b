// Approvals: the critical requests waiting, with the reason, what runs and the time left; Approve and
// Deny go through the same rules as in Discord (the server re-checks: not your own, approver, level).
// The fleet stream adds new requests and marks those decided elsewhere, without a reload.
import { useEffect, useState } from 'preact/hooks';
import { errorText, get, post } from '../api.ts';
import { formatDuration, t, type WebKey } from '../i18n/index.ts';
import { useEventStream } from '../sse.ts';
import type { Answer, Me, Page, RequestJson } from '../types.ts';
import { actorText, LiveBanner, useNow } from './parts.tsx';

interface Row {
  request: RequestJson;
  decided?: { decision: string; by: string | null };
  error?: string;
}

const DECISIONS = ['approved', 'denied', 'expired', 'cancelled', 'withdrawn', 'confirmed'];

function decisionLabel(d: string): string {
  return DECISIONS.includes(d) ? t(`approvals.decision.${d}` as WebKey & `approvals.decision.${string}`) : d;
}

function ApprovalCard({ row, who, now, onDecide, busy }: { row: Row; who: Me; now: number; onDecide: (verb: 'approve' | 'deny') => void; busy: boolean }) {
  const r = row.request;
  const left = r.expiresAt ? Date.parse(r.expiresAt) - now : null;
  const own = r.actor.id === who.actor.id;
  const blocked = own ? t('approvals.ownRequest') : !who.approver ? t('approvals.notApprover') : null;
  const titleId = `approval-${r.id}`;
  return (
    <article class="card approval" aria-labelledby={titleId} data-request={r.id} data-state={row.decided?.decision ?? 'waiting'}>
      <h2 id={titleId}>{t('approvals.request', { id: r.id, command: r.command, target: r.target })}</h2>
      <p>{t('approvals.by', { name: actorText(r.actor) })}</p>
      <dl>
        <dt>{t('approvals.reason')}</dt>
        <dd>{r.reason ?? t('approvals.noReason')}</dd>
        <dt>{t('approvals.digest')}</dt>
        <dd>
          <code>
            {r.command}
            {Object.entries(r.params).map(([k, v]) => ` ${k}=${String(v)}`)}
          </code>{' '}
          → {r.agents.join(', ')}
        </dd>
        <dt>{t('approvals.tally', { approvals: r.approvals, needed: r.approvalsNeeded })}</dt>
        <dd>
          {left === null || row.decided ? '' : left > 0 ? <span aria-live="off">{t('approvals.expiresIn', { time: formatDuration(left) })}</span> : t('approvals.expired')}
        </dd>
      </dl>
      {row.decided ? (
        <p role="status" class="decided">
          {t('approvals.decided', { decision: decisionLabel(row.decided.decision), name: row.decided.by ?? '—' })}
        </p>
      ) : (
        <div class="actions">
          <button type="button" class="primary" disabled={busy || !!blocked} onClick={() => onDecide('approve')}>
            {t('approvals.approve')}
          </button>
          <button type="button" class="danger" disabled={busy || !!blocked} onClick={() => onDecide('deny')}>
            {t('approvals.deny')}
          </button>
          {blocked && <small>{blocked}</small>}
        </div>
      )}
      {row.error && (
        <p role="alert" class="field-error">
          {row.error}
        </p>
      )}
    </article>
  );
}

export function ApprovalsPage({ who }: { who: Me }) {
  const [rows, setRows] = useState<Map<number, Row> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [live, setLive] = useState(true);
  const [streaming, setStreaming] = useState(false);
  const now = useNow(1000);

  const reload = () =>
    get<Page<RequestJson>>('/api/v1/requests?state=awaiting_approval&limit=200').then(
      (p) => setRows((old) => new Map([...[...(old ?? new Map<number, Row>()).entries()].filter(([, r]) => r.decided), ...p.items.map((r) => [r.id, { request: r }] as const)])),
      (err) => setError(errorText(err)),
    );
  useEffect(() => void reload(), []);

  const update = (id: number, f: (r: Row) => Row) => setRows((m) => (m && m.has(id) ? new Map(m).set(id, f(m.get(id)!)) : m));

  useEventStream(
    '/api/v1/events',
    {
      ready: () => {
        void reload().then(() => setStreaming(true));
      },
      approval_waiting: (d) => {
        const id = Number(d.requestId);
        get<RequestJson>(`/api/v1/requests/${id}`).then(
          (r) => setRows((m) => new Map(m ?? []).set(id, { request: r })),
          () => undefined,
        );
      },
      request_decided: (d) => {
        const id = Number(d.requestId);
        const decision = String(d.decision);
        const approvals = typeof d.approvals === 'number' ? d.approvals : undefined;
        // One approval of several leaves the request waiting: only the tally changes.
        const stillWaiting = d.state === 'awaiting_approval';
        update(id, (r) => ({
          ...r,
          request: { ...r.request, state: String(d.state), approvals: approvals ?? r.request.approvals },
          ...(stillWaiting ? {} : { decided: { decision, by: typeof d.by === 'string' ? d.by : null } }),
        }));
      },
    },
    setLive,
  );

  const decide = async (id: number, verb: 'approve' | 'deny') => {
    setBusy(id);
    update(id, (r) => ({ ...r, error: undefined }) as Row);
    try {
      const a = await post<Answer>(`/api/v1/requests/${id}/${verb}`);
      if (a.request.state !== 'awaiting_approval') update(id, (r) => ({ ...r, request: { ...r.request, ...a.request }, decided: r.decided ?? { decision: verb === 'approve' ? 'approved' : 'denied', by: who.actor.name } }));
      else update(id, (r) => ({ ...r, request: { ...r.request, approvals: a.request.approvals } }));
    } catch (err) {
      update(id, (r) => ({ ...r, error: errorText(err) }));
    } finally {
      setBusy(null);
    }
  };

  const list = [...(rows?.values() ?? [])].sort((a, b) => b.request.id - a.request.id);
  return (
    <section data-stream={streaming ? 'open' : 'connecting'}>
      <h1>{t('approvals.title')}</h1>
      <LiveBanner live={live} />
      {error && (
        <p role="alert" class="notice error">
          {t('app.error', { detail: error })}
        </p>
      )}
      {rows === null ? <p role="status">{t('app.loading')}</p> : list.length === 0 ? <p>{t('approvals.empty')}</p> : list.map((row) => <ApprovalCard key={row.request.id} row={row} who={who} now={now} busy={busy === row.request.id} onDecide={(v) => decide(row.request.id, v)} />)}
    </section>
  );
}
