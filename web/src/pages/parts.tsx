// Small pieces the pages share: a state badge, the live-updates banner, a clock that ticks, the
// outcome table with its output viewer.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type WebKey } from '../i18n/index.ts';
import type { Outcome } from '../types.ts';

export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Who asked, and through what: the server already names web sessions "<name> (web)", so the way is not repeated. */
export function actorText(a: { name: string; via: string }): string {
  return a.name.endsWith(`(${a.via})`) ? a.name : `${a.name} (${a.via})`;
}

export function StateBadge({ state }: { state: 'online' | 'offline' | 'waiting' }) {
  return <span class={`badge ${state}`}>{t(`state.${state}`)}</span>;
}

export function LiveBanner({ live }: { live: boolean }) {
  if (live) return null;
  return (
    <p class="notice" role="status">
      {t('app.offline')}
    </p>
  );
}

const OUTCOME_STATES = ['pending', 'sent', 'accepted', 'running', 'success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted', 'cancelled'];

export function outcomeLabel(state: string): string {
  return OUTCOME_STATES.includes(state) ? t(`outcome.state.${state}` as WebKey & `outcome.state.${string}`) : state;
}

/** An agent's answer as text: a string result as it is, anything else as indented JSON. */
export function resultText(o: Pick<Outcome, 'result' | 'error'>): string {
  const r = o.result;
  let text = '';
  if (typeof r === 'string') text = r;
  else if (r && typeof r === 'object') {
    const obj = r as Record<string, unknown>;
    const long = ['output', 'lines', 'logs', 'stdout'].map((k) => obj[k]).find((v) => typeof v === 'string' || Array.isArray(v));
    text = typeof long === 'string' ? long : Array.isArray(long) ? long.join('\n') : JSON.stringify(r, null, 2);
  } else if (r !== undefined && r !== null) text = String(r);
  if (o.error) text = text ? `${o.error}\n${text}` : o.error;
  return text;
}

const INLINE_LINES = 12;

function Viewer({ title, text, filename, onClose }: { title: string; text: string; filename: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [href, setHref] = useState('');
  useEffect(() => {
    ref.current?.showModal();
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);
  return (
    <dialog ref={ref} class="viewer" aria-label={title} onClose={onClose}>
      <header>
        <h2>{title}</h2>
        <a class="button" href={href} download={filename}>
          {t('viewer.download')}
        </a>
        <button type="button" onClick={() => ref.current?.close()}>
          {t('viewer.close')}
        </button>
      </header>
      <pre tabIndex={0}>{text}</pre>
    </dialog>
  );
}

export function OutcomeTable({ outcomes, requestId }: { outcomes: Outcome[]; requestId: number }) {
  const [open, setOpen] = useState<Outcome | null>(null);
  if (outcomes.length === 0) return <p>{t('request.noOutcomes')}</p>;
  return (
    <>
      <table class="cards outcomes">
        <thead>
          <tr>
            <th scope="col">{t('outcome.agent')}</th>
            <th scope="col">{t('outcome.state')}</th>
            <th scope="col">{t('outcome.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {outcomes.map((o) => {
            const text = resultText(o);
            const lines = text.split('\n');
            return (
              <tr key={o.agentId} data-agent={o.agentId} data-outcome={o.state}>
                <th scope="row" data-label={t('outcome.agent')}>
                  {o.agentId}
                </th>
                <td data-label={t('outcome.state')}>
                  <span class={`badge ${o.state}`}>{outcomeLabel(o.state)}</span>
                  {o.progress && !o.finishedAt && <small> {t('outcome.progress', { progress: o.progress })}</small>}
                </td>
                <td data-label={t('outcome.detail')}>
                  {text && <pre class="result">{lines.slice(0, INLINE_LINES).join('\n')}</pre>}
                  {lines.length > INLINE_LINES && (
                    <button type="button" onClick={() => setOpen(o)}>
                      {t('outcome.openViewer')} ({t('outcome.lines', { count: lines.length })})
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {open && <Viewer title={t('viewer.title', { agent: open.agentId })} text={resultText(open)} filename={`request-${requestId}-${open.agentId}.txt`} onClose={() => setOpen(null)} />}
    </>
  );
}

/** Back to the first page, and on to the next: the pages of a list read with cursors (newest first). */
export function Pager({ cursors, next, onChange }: { cursors: Array<string | null>; next: string | null; onChange: (cursors: Array<string | null>) => void }) {
  return (
    <div class="actions pager">
      {cursors.length > 1 && (
        <button type="button" onClick={() => onChange([null])}>
          {t('history.first')}
        </button>
      )}
      {next && (
        <button type="button" onClick={() => onChange([...cursors, next])}>
          {t('history.more')}
        </button>
      )}
    </div>
  );
}
