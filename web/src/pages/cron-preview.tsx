// The cron field's check as it is typed: the server's /schedule-preview (the same rules saving applies)
// is asked once typing pauses, and only the answer to the latest question is shown, so a slow answer
// for an old expression never replaces the one for what is in the field now.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorText, get } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';

/** How long typing must pause before the expression is checked. */
const DEBOUNCE_MS = 300;

export type CronPreview =
  | { kind: 'empty' }
  | { kind: 'checking' }
  | { kind: 'ok'; timezone: string; runs: { at: string; text: string }[] }
  | { kind: 'bad'; error: string }
  /** The check itself failed (network, server down): saving is left to the server's own check. */
  | { kind: 'unknown'; error: string };

export function useCronPreview(cron: string, timezone: string): CronPreview {
  const [state, setState] = useState<CronPreview>({ kind: 'empty' });
  const asked = useRef(0);
  useEffect(() => {
    const n = ++asked.current;
    if (cron.trim() === '') {
      setState({ kind: 'empty' });
      return;
    }
    setState({ kind: 'checking' });
    const timer = setTimeout(() => {
      const q = new URLSearchParams({ cron: cron.trim(), ...(timezone.trim() ? { timezone: timezone.trim() } : {}) });
      get<{ timezone: string; runs: { at: string; text: string }[] }>(`/api/v1/schedule-preview?${q}`).then(
        (p) => n === asked.current && setState({ kind: 'ok', timezone: p.timezone, runs: p.runs }),
        (err) => {
          if (n !== asked.current) return;
          setState(err instanceof ApiError && err.status === 400 ? { kind: 'bad', error: errorText(err) } : { kind: 'unknown', error: errorText(err) });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [cron, timezone]);
  return state;
}

/** What the check says, under the field (the field points at it with aria-describedby). */
export function CronPreviewText({ id, preview }: { id: string; preview: CronPreview }) {
  if (preview.kind === 'checking') return <p id={id} class="hint" aria-live="polite">{t('schedules.preview.checking')}</p>;
  if (preview.kind === 'bad') {
    return (
      <p id={id} class="field-error" role="alert">
        {preview.error}
      </p>
    );
  }
  if (preview.kind === 'unknown') return <p id={id} class="hint">{t('schedules.preview.failed', { error: preview.error })}</p>;
  if (preview.kind === 'ok') {
    return (
      <div id={id} class="hint" aria-live="polite">
        {t('schedules.preview.runs', { zone: preview.timezone })}
        <ol class="cron-runs">
          {preview.runs.map((r) => (
            <li key={r.at}>
              <time dateTime={r.at} title={r.text}>
                {formatTime(r.at, preview.timezone)}
              </time>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  return <span id={id} hidden />;
}
