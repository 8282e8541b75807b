// One request followed live (GET /api/v1/requests/{id}/events): its state, then each agent's outcome as
// it arrives, until the stream says `end`.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api.ts';
import { locale, t } from '../i18n/index.ts';
import { useEventStream } from '../sse.ts';
import type { Outcome, RequestJson } from '../types.ts';
import { OutcomeTable } from './parts.tsx';
import { isRollingRestart, RollingSteps } from './rolling.tsx';

export function useFollowedRequest(initial: RequestJson): { request: RequestJson; ended: string | null } {
  const [request, setRequest] = useState<RequestJson>(initial);
  const [ended, setEnded] = useState<string | null>(null);
  const upsert = (o: Outcome) =>
    setRequest((r) => {
      const list = [...(r.outcomes ?? [])];
      const i = list.findIndex((x) => x.agentId === o.agentId);
      if (i >= 0) list[i] = o;
      else list.push(o);
      return { ...r, outcomes: list };
    });
  // EventSource cannot send Accept-Language: the page's language goes in the URL, and a switch of
  // language opens the stream again, whose snapshot then speaks the new one.
  useEventStream(ended ? null : `/api/v1/requests/${initial.id}/events?lang=${locale.get()}`, {
    snapshot: (d) => setRequest(d as unknown as RequestJson),
    request_decided: (d) => setRequest((r) => ({ ...r, state: typeof d.state === 'string' ? d.state : r.state, approvals: typeof d.approvals === 'number' ? d.approvals : r.approvals })),
    request_started: () => setRequest((r) => ({ ...r, state: 'dispatched' })),
    outcome: (d) => upsert(d as unknown as Outcome),
    request_finished: () => setRequest((r) => ({ ...r, state: 'done' })),
    end: (d) => setEnded(typeof d.state === 'string' ? d.state : 'done'),
  });
  // After the end there is no stream to speak the new language: a switch reads the request again.
  const lang = locale.get();
  const readIn = useRef(lang);
  useEffect(() => {
    if (!ended || readIn.current === lang) return;
    readIn.current = lang;
    get<RequestJson>(`/api/v1/requests/${initial.id}`).then(setRequest, () => undefined);
  }, [ended, lang]);
  return { request, ended };
}

export function FollowedRequest({ initial }: { initial: RequestJson }) {
  const { request, ended } = useFollowedRequest(initial);
  return (
    <section class="results" aria-labelledby={`results-${request.id}`}>
      <h2 id={`results-${request.id}`}>{t('run.results', { id: request.id })}</h2>
      <p role="status" data-state={ended ?? request.state}>
        {ended === 'done' ? t('run.finished') : ended ? t('run.ended', { state: ended }) : t('run.running')}
      </p>
      {isRollingRestart(request) ? (
        <RollingSteps request={request} over={ended !== null || request.state === 'done'} />
      ) : (
        <OutcomeTable outcomes={request.outcomes ?? []} requestId={request.id} />
      )}
    </section>
  );
}
