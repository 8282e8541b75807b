// One request: what was asked, by whom, why, each agent's outcome (followed live while it runs), and
// for admins every step of the audit trail.
import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { formatTime, locale, t } from '../i18n/index.ts';
import type { AuditEntry, Me, Page, RequestJson } from '../types.ts';
import { FollowedRequest } from './follow.tsx';
import { actorText, OutcomeTable } from './parts.tsx';
import { isRollingRestart, RollingSteps } from './rolling.tsx';

const OPEN = new Set(['awaiting_confirmation', 'awaiting_approval', 'dispatched']);

export function RequestPage({ id, who }: { id: number; who: Me }) {
  const [request, setRequest] = useState<RequestJson | null>(null);
  const [steps, setSteps] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Read again on a language switch: mserver's own progress and error lines come in the reader's language.
  const lang = locale.get();
  useEffect(() => {
    get<RequestJson>(`/api/v1/requests/${id}`).then(setRequest, (err) => setError(errorText(err)));
    if (who.level === 'admin') get<Page<AuditEntry>>(`/api/v1/audit?request=${id}&limit=200`).then((p) => setSteps(p.items.reverse()), () => undefined);
  }, [id, lang]);
  if (error) return <p role="alert" class="notice error">{error}</p>;
  if (!request) return <p role="status">{t('app.loading')}</p>;
  return (
    <section>
      <h1>{t('request.title', { id })}</h1>
      <dl class="facts">
        <dt>{t('request.state')}</dt>
        <dd>{request.state}</dd>
        <dt>{t('request.command')}</dt>
        <dd>
          <code>
            {request.command}
            {Object.entries(request.params).map(([k, v]) => ` ${k}=${String(v)}`)}
          </code>
        </dd>
        <dt>{t('request.target')}</dt>
        <dd>{request.target}</dd>
        <dt>{t('request.by')}</dt>
        <dd>
          {actorText(request.actor)}
        </dd>
        <dt>{t('request.created')}</dt>
        <dd>{formatTime(request.createdAt)}</dd>
        {request.reason && (
          <>
            <dt>{t('request.reason')}</dt>
            <dd>{request.reason}</dd>
          </>
        )}
      </dl>
      {OPEN.has(request.state) ? (
        <FollowedRequest initial={request} />
      ) : (
        <>
          <h2>{t('request.outcomes')}</h2>
          {isRollingRestart(request) ? <RollingSteps request={request} over /> : <OutcomeTable outcomes={request.outcomes ?? []} requestId={id} />}
        </>
      )}
      {steps.length > 0 && (
        <>
          <h2>{t('request.steps')}</h2>
          <ol class="steps">
            {steps.map((s) => (
              <li key={s.id}>
                <time dateTime={s.at ?? ''}>{formatTime(s.at)}</time> <strong>{s.kind}</strong> {s.actor.name ?? ''} {s.agentId ?? ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
