// Schedules: each with its next run in its zone and its last outcome; pause, resume, run now, remove,
// and a form to add one. The server checks the cron and the policy; its message is shown as it is.
import { useEffect, useState } from 'preact/hooks';
import { COMMAND_NAMES } from '../../../src/core/catalog.ts';
import { api, errorText, get, post } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';
import type { Me, Page } from '../types.ts';

interface Schedule {
  name: string;
  cron: string;
  timezone: string;
  target: string;
  command: string;
  params: Record<string, unknown>;
  state: string;
  owner: { id: string; name: string; via: string };
  nextRun: string | null;
  lastRun: { firedAt: string | null; state: string; requestId: number | null; error: string | null } | null;
}

interface Detail {
  schedule: Schedule;
  nextRuns: string[];
}

/** `key=value key2=value2` as the console and Discord take parameters. */
function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

function AddForm({ onAdded }: { onAdded: () => void }) {
  const [f, setF] = useState({ name: '', cron: '', timezone: '', target: '', command: 'status', params: '', reason: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (k: keyof typeof f) => ({ id: `sched-${k}`, value: f[k], onInput: (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }) });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/schedules', {
        name: f.name.trim(),
        cron: f.cron.trim(),
        target: f.target.trim(),
        command: f.command,
        params: parseParams(f.params),
        ...(f.timezone.trim() ? { timezone: f.timezone.trim() } : {}),
        ...(f.reason.trim() ? { reason: f.reason.trim() } : {}),
      });
      setF({ ...f, name: '', cron: '', params: '', reason: '' });
      onAdded();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="run" onSubmit={submit} aria-labelledby="sched-add">
      <h2 id="sched-add">{t('schedules.add')}</h2>
      <label for="sched-name">{t('schedules.name')}</label>
      <input {...field('name')} required />
      <label for="sched-cron">{t('schedules.cron')}</label>
      <input {...field('cron')} required aria-describedby="sched-cron-hint" />
      <small id="sched-cron-hint">{t('schedules.cronHint')}</small>
      <label for="sched-timezone">{t('schedules.timezone')}</label>
      <input {...field('timezone')} placeholder="UTC" />
      <label for="sched-target">{t('run.target')}</label>
      <input {...field('target')} required />
      <label for="sched-command">{t('run.command')}</label>
      <select id="sched-command" value={f.command} onChange={(e) => setF({ ...f, command: e.currentTarget.value })}>
        {COMMAND_NAMES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <label for="sched-params">{t('run.params')}</label>
      <input {...field('params')} aria-describedby="sched-params-hint" />
      <small id="sched-params-hint">{t('schedules.paramsHint')}</small>
      <label for="sched-reason">{t('run.reason')}</label>
      <input {...field('reason')} aria-describedby="sched-reason-hint" />
      <small id="sched-reason-hint">{t('schedules.reasonHint')}</small>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('schedules.addButton')}
      </button>
    </form>
  );
}

export function SchedulesPage({ who }: { who: Me }) {
  const [rows, setRows] = useState<Schedule[] | null>(null);
  const [open, setOpen] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = () => get<Page<Schedule>>('/api/v1/schedules?limit=500').then((p) => setRows(p.items), (err) => setError(errorText(err)));
  useEffect(() => void load(), []);

  const act = async (name: string, verb: 'pause' | 'resume' | 'run' | 'remove') => {
    setError(null);
    setNote(null);
    try {
      if (verb === 'remove') await api('DELETE', `/api/v1/schedules/${encodeURIComponent(name)}`);
      else await post(`/api/v1/schedules/${encodeURIComponent(name)}/${verb}`);
      setNote(t(`schedules.done.${verb}`, { name }));
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const details = (name: string) => get<Detail>(`/api/v1/schedules/${encodeURIComponent(name)}`).then(setOpen, (err) => setError(errorText(err)));
  const mayChange = who.level === 'operator' || who.level === 'admin';

  return (
    <section>
      <h1>{t('schedules.title')}</h1>
      {error && (
        <p role="alert" class="notice error">
          {error}
        </p>
      )}
      {note && (
        <p role="status" class="notice">
          {note}
        </p>
      )}
      {rows === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('schedules.empty')}</p>
      ) : (
        <table class="cards" aria-label={t('schedules.title')}>
          <thead>
            <tr>
              <th scope="col">{t('schedules.name')}</th>
              <th scope="col">{t('schedules.what')}</th>
              <th scope="col">{t('schedules.cron')}</th>
              <th scope="col">{t('schedules.next')}</th>
              <th scope="col">{t('schedules.last')}</th>
              <th scope="col">{t('schedules.state')}</th>
              <th scope="col">
                <span class="sr-only">{t('schedules.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.name} data-schedule={s.name}>
                <th scope="row" data-label={t('schedules.name')}>
                  {s.name}
                </th>
                <td data-label={t('schedules.what')}>
                  <code>
                    {s.command}
                    {Object.entries(s.params).map(([k, v]) => ` ${k}=${String(v)}`)}
                  </code>{' '}
                  → {s.target}
                </td>
                <td data-label={t('schedules.cron')}>
                  <code>{s.cron}</code> <small>{s.timezone}</small>
                </td>
                <td data-label={t('schedules.next')}>{formatTime(s.nextRun, s.timezone)}</td>
                <td data-label={t('schedules.last')}>{s.lastRun ? `${s.lastRun.state} (${formatTime(s.lastRun.firedAt)})` : '—'}</td>
                <td data-label={t('schedules.state')}>{s.state}</td>
                <td data-label={t('schedules.actions')}>
                  <div class="actions">
                    <button type="button" onClick={() => details(s.name)}>
                      {t('schedules.details')}
                    </button>
                    {mayChange && (
                      <>
                        {s.state === 'paused' ? (
                          <button type="button" onClick={() => act(s.name, 'resume')}>
                            {t('schedules.resume')}
                          </button>
                        ) : (
                          <button type="button" onClick={() => act(s.name, 'pause')}>
                            {t('schedules.pause')}
                          </button>
                        )}
                        <button type="button" onClick={() => act(s.name, 'run')}>
                          {t('schedules.runNow')}
                        </button>
                        <button type="button" class="danger" onClick={() => act(s.name, 'remove')}>
                          {t('schedules.remove')}
                        </button>
                      </>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <section class="card" aria-labelledby="sched-detail">
          <h2 id="sched-detail">{t('schedules.nextRuns', { name: open.schedule.name })}</h2>
          <ol>
            {open.nextRuns.slice(0, 5).map((r) => (
              <li key={r}>{formatTime(r, open.schedule.timezone)}</li>
            ))}
          </ol>
        </section>
      )}
      {mayChange && <AddForm onAdded={() => void load()} />}
    </section>
  );
}
