// Schedules: each with its next run in its zone and its last outcome; pause, resume, run now, remove,
// and a form to add one or change one. The cron is checked as it is typed (the next five runs, or what
// is wrong); the server checks it again with the policy on saving, its message shown as it is.
import { useEffect, useRef, useState } from 'preact/hooks';
import { COMMAND_NAMES } from '../../../src/core/catalog.ts';
import { api, errorText, get, post } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';
import { CronPreviewText, useCronPreview } from './cron-preview.tsx';
import type { Me, Page, Schedule } from '../types.ts';

// Written out: ScheduleDetail and ScheduleAnswer are in routes/schedules.ts, which pulls in fastify and Node's types.
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

const paramsText = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

interface Saved {
  authorization: 'granted' | 'needs_approval';
  request: { id: number };
}

/**
 * Adds a schedule, or changes `editing` (its name kept, sent with PUT). The cron is checked as it is
 * typed; saving waits until the check agrees, and the server's own refusal is shown at the top.
 */
function ScheduleForm({ editing, onSaved, onCancel }: { editing?: Schedule; onSaved: (name: string, answer: Saved) => void; onCancel?: () => void }) {
  const blank = { name: '', cron: '', timezone: '', target: '', command: 'status', params: '', reason: '' };
  const [f, setF] = useState(
    editing ? { name: editing.name, cron: editing.cron, timezone: editing.timezone, target: editing.target, command: editing.command, params: paramsText(editing.params), reason: '' } : blank,
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const preview = useCronPreview(f.cron, f.timezone);
  const cronInput = useRef<HTMLInputElement>(null);
  // An edit form opens below the table: the cursor goes to it, where the person meant to type.
  useEffect(() => {
    if (editing) cronInput.current?.focus();
  }, []);
  // Ids differ between the add form and an edit form shown beside it.
  const ns = editing ? 'sched-edit' : 'sched';
  const field = (k: keyof typeof f) => ({ id: `${ns}-${k}`, value: f[k], onInput: (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }) });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      cron: f.cron.trim(),
      target: f.target.trim(),
      command: f.command,
      params: parseParams(f.params),
      ...(f.timezone.trim() ? { timezone: f.timezone.trim() } : {}),
      ...(f.reason.trim() ? { reason: f.reason.trim() } : {}),
    };
    try {
      const answer = editing
        ? await api<Saved>('PUT', `/api/v1/schedules/${encodeURIComponent(editing.name)}`, body)
        : await post<Saved>('/api/v1/schedules', { name: f.name.trim(), ...body });
      if (!editing) setF({ ...f, name: '', cron: '', params: '', reason: '' });
      onSaved(editing ? editing.name : f.name.trim(), answer);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const heading = `${ns}-title`;
  return (
    <form class="run" onSubmit={submit} aria-labelledby={heading}>
      <h2 id={heading}>{editing ? t('schedules.editTitle', { name: editing.name }) : t('schedules.add')}</h2>
      {error && (
        <p role="alert" class="notice error">
          {error}
        </p>
      )}
      {!editing && (
        <>
          <label for={`${ns}-name`}>{t('schedules.name')}</label>
          <input {...field('name')} required />
        </>
      )}
      <label for={`${ns}-cron`}>{t('schedules.cron')}</label>
      <input {...field('cron')} ref={cronInput} required aria-invalid={preview.kind === 'bad'} aria-describedby={`${ns}-cron-hint ${ns}-cron-check`} />
      <small id={`${ns}-cron-hint`}>{t('schedules.cronHint')}</small>
      <CronPreviewText id={`${ns}-cron-check`} preview={preview} />
      <label for={`${ns}-timezone`}>{t('schedules.timezone')}</label>
      <input {...field('timezone')} placeholder="UTC" aria-describedby={`${ns}-cron-check`} />
      <label for={`${ns}-target`}>{t('run.target')}</label>
      <input {...field('target')} required />
      <label for={`${ns}-command`}>{t('run.command')}</label>
      <select id={`${ns}-command`} value={f.command} onChange={(e) => setF({ ...f, command: e.currentTarget.value })}>
        {COMMAND_NAMES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <label for={`${ns}-params`}>{t('run.params')}</label>
      <input {...field('params')} aria-describedby={`${ns}-params-hint`} />
      <small id={`${ns}-params-hint`}>{t('schedules.paramsHint')}</small>
      <label for={`${ns}-reason`}>{t('run.reason')}</label>
      <input {...field('reason')} aria-describedby={`${ns}-reason-hint`} />
      <small id={`${ns}-reason-hint`}>{t('schedules.reasonHint')}</small>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || preview.kind === 'bad' || preview.kind === 'checking'}>
          {editing ? t('schedules.save') : t('schedules.addButton')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('schedules.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

export function SchedulesPage({ who }: { who: Me }) {
  const [rows, setRows] = useState<Schedule[] | null>(null);
  const [open, setOpen] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [editing, setEditing] = useState<Schedule | null>(null);
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
                        <button type="button" onClick={() => setEditing(s)}>
                          {t('schedules.edit')}
                        </button>
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
      {mayChange && editing && (
        <ScheduleForm
          key={editing.name}
          editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(name, answer) => {
            setEditing(null);
            setError(null);
            setNote(answer.authorization === 'needs_approval' ? t('schedules.done.editNeedsApproval', { name, id: String(answer.request.id) }) : t('schedules.done.edit', { name }));
            void load();
          }}
        />
      )}
      {mayChange && <ScheduleForm onSaved={() => void load()} />}
    </section>
  );
}
