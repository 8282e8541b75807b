// A rolling restart (issue 19) followed step by step: the agents in the order they are restarted, each
// with its step ("2 of 5"), what it is doing now, where the restart stopped and who was not restarted.
// The server's progress and error lines arrive in the reader's language; the step words are ours.
import { t } from '../i18n/index.ts';
import type { Outcome, RequestJson } from '../types.ts';

export type RollingPhase = 'done' | 'current' | 'waiting' | 'stopped' | 'notRestarted' | 'cancelled';

export interface RollingStep {
  agentId: string;
  n: number;
  phase: RollingPhase;
  outcome: Outcome | undefined;
}

const FINAL = new Set(['success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted', 'cancelled']);

export const isRollingRestart = (r: Pick<RequestJson, 'command' | 'params'>): boolean =>
  r.command === 'restart' && (r.params.rolling === true || r.params.rolling === 'true');

/**
 * Each agent's step, read from the outcomes: agents go one at a time in the request's order, so the
 * first unfinished one is the one in progress and those after it wait; the first failure is where it
 * stopped and every agent after it was not restarted. `over`: the run has ended (missing agents were
 * never restarted).
 */
export function rollingSteps(r: RequestJson, over: boolean): RollingStep[] {
  const byAgent = new Map((r.outcomes ?? []).map((o) => [o.agentId, o]));
  let stopped = false;
  let current = false;
  return r.agents.map((agentId, i) => {
    const o = byAgent.get(agentId);
    let phase: RollingPhase;
    if (o?.state === 'success') phase = 'done';
    else if (o?.state === 'cancelled') phase = 'cancelled';
    else if (o && FINAL.has(o.state)) {
      phase = stopped ? 'notRestarted' : 'stopped';
      stopped = true;
    } else if (stopped || (over && !o)) phase = 'notRestarted';
    else if (!current && o) {
      phase = 'current';
      current = true;
    } else phase = 'waiting';
    return { agentId, n: i + 1, phase, outcome: o };
  });
}

const BADGE: Record<RollingPhase, string> = { done: 'success', current: 'running', waiting: 'pending', stopped: 'failed', notRestarted: 'skipped', cancelled: 'cancelled' };

/** The line that says where the restart stands: how many are done, which one runs or where it stopped. */
function summary(steps: RollingStep[]): string[] {
  const total = steps.length;
  const done = steps.filter((s) => s.phase === 'done').length;
  if (done === total) return [t('rolling.summary.allDone', { total })];
  const lines = [t('rolling.summary.progress', { done, total })];
  const now = steps.find((s) => s.phase === 'current');
  if (now) lines.push(t('rolling.summary.current', { agent: now.agentId, n: now.n, total, step: now.outcome?.progress ?? t('outcome.state.sent') }));
  const stop = steps.find((s) => s.phase === 'stopped');
  if (stop) lines.push(t('rolling.summary.stopped', { agent: stop.agentId, n: stop.n, total, why: stop.outcome?.error ?? t(`outcome.state.failed`) }));
  const skipped = steps.filter((s) => s.phase === 'notRestarted').map((s) => s.agentId);
  if (skipped.length > 0) lines.push(t('rolling.summary.notRestarted', { count: skipped.length, agents: skipped.join(', ') }));
  return lines;
}

export function RollingSteps({ request, over }: { request: RequestJson; over: boolean }) {
  const steps = rollingSteps(request, over);
  const total = steps.length;
  const titleId = `rolling-${request.id}`;
  return (
    <section class="rolling" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('rolling.title')}</h3>
      <p role="status" class="rolling-summary">
        {summary(steps).map((line, i) => (
          <span key={i} class="line">
            {line}{' '}
          </span>
        ))}
      </p>
      <table class="cards outcomes rolling-steps">
        <thead>
          <tr>
            <th scope="col">{t('rolling.step')}</th>
            <th scope="col">{t('outcome.agent')}</th>
            <th scope="col">{t('outcome.state')}</th>
            <th scope="col">{t('outcome.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => {
            const o = s.outcome;
            // mserver's own words, already in the reader's language: the step in progress, or why it ended.
            const detail = s.phase === 'done' ? null : s.phase === 'current' || s.phase === 'waiting' ? o?.progress : (o?.error ?? null);
            return (
              <tr key={s.agentId} data-agent={s.agentId} data-step={s.phase} data-outcome={o?.state ?? 'none'}>
                <td data-label={t('rolling.step')}>{t('rolling.nOfTotal', { n: s.n, total })}</td>
                <th scope="row" data-label={t('outcome.agent')}>
                  {s.agentId}
                </th>
                <td data-label={t('outcome.state')}>
                  <span class={`badge ${BADGE[s.phase]}`}>{t(`rolling.phase.${s.phase}`)}</span>
                </td>
                <td data-label={t('outcome.detail')}>{detail && <span class="detail">{detail}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
