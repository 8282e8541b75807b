// Run: a form built from the command catalog. The command list, the level each needs and its guard come
// from GET /api/v1/commands (the policy in force); each parameter is checked as it is typed by the same
// catalog the server validates with (src/core/catalog.ts), so the messages are the server's own.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { COMMAND_SPECS, createCatalog, ruleOf } from '../../../src/core/catalog.ts';
import { errorText, get, post } from '../api.ts';
import { problemField, serverText } from '../server-text.ts';
import { locale, t } from '../i18n/index.ts';
import { path, queryOf } from '../router.ts';
import { useSignal } from '../signal.ts';
import type { Agent, Answer, CommandSpecJson, Me, Page, RequestJson } from '../types.ts';
import { FollowedRequest } from './follow.tsx';

const catalog = createCatalog(COMMAND_SPECS);
const LEVELS = ['none', 'viewer', 'operator', 'admin'];
/** A command's description from the shared catalog (in the interface's language once it is translated), else the server's. */
const describe = (s: CommandSpecJson): string => {
  const local = catalog.get(s.name);
  return local ? serverText(local.description) : s.description;
};
export const mayRun = (who: Me, spec: CommandSpecJson) => LEVELS.indexOf(who.level) >= LEVELS.indexOf(spec.level);

function fieldProblems(command: string, values: Record<string, string>): Record<string, string> {
  const spec = catalog.get(command);
  if (!spec) return {};
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  const res = catalog.parseParams(spec, given);
  if (res.ok) return {};
  const out: Record<string, string> = {};
  for (const p of res.problems) out[problemField(p)] ??= serverText(p);
  return out;
}

function resolveTarget(target: string, agents: Agent[]): { agents: Agent[]; unknown: string[] } {
  const names = target
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.some((n) => n.toLowerCase() === 'all')) return { agents: agents.filter((a) => a.state === 'online'), unknown: [] };
  const found: Agent[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const a = agents.find((x) => x.id === n || x.hostName === n);
    if (a) found.push(a);
    else unknown.push(n);
  }
  return { agents: found, unknown };
}

type Stage = { kind: 'form' } | { kind: 'confirm'; request: RequestJson } | { kind: 'waiting'; request: RequestJson } | { kind: 'cancelled'; id: number } | { kind: 'running'; request: RequestJson };

export function RunPage({ who }: { who: Me }) {
  const q = queryOf(useSignal(path));
  const [specs, setSpecs] = useState<CommandSpecJson[] | null>(null);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [command, setCommand] = useState(q.get('command') ?? '');
  const [target, setTarget] = useState(q.get('target') ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'form' });

  useEffect(() => {
    get<{ items: CommandSpecJson[] }>('/api/v1/commands').then(
      (c) => setSpecs(c.items),
      (err) => setError(errorText(err)),
    );
    get<Page<Agent>>('/api/v1/agents?limit=500').then(
      (p) => setAgents(p.items),
      () => undefined,
    );
  }, []);

  const spec = specs?.find((s) => s.name === command);
  const local = catalog.get(command);
  const lang = useSignal(locale);
  const problems = useMemo(() => fieldProblems(command, values), [command, values, lang]);
  const resolved = resolveTarget(target, agents);
  const allowed = spec ? mayRun(who, spec) : false;
  const needsReason = spec?.guard === 'approval';
  const reasonOk = reason.trim().length >= 3;
  const targetProblem = target.trim() === '' ? t('run.targetMissing') : resolved.unknown.length > 0 ? t('run.targetUnknown', { name: resolved.unknown[0]! }) : null;
  const valid = !!spec && allowed && Object.keys(problems).length === 0 && !targetProblem && (!needsReason || reasonOk);
  const shown = (name: string) => submitted || touched.has(name);
  const touch = (name: string) => setTouched((s) => new Set(s).add(name));

  const chooseCommand = (name: string) => {
    setCommand(name);
    setValues({});
    setTouched(new Set());
    setSubmitted(false);
    setError(null);
    setStage({ kind: 'form' });
  };

  const params = () => Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  // What runs: the parameters as the server will send them (defaults filled in) once they are valid.
  const effective = (): Record<string, unknown> => {
    const res = local ? catalog.parseParams(local, params()) : undefined;
    return res?.ok ? res.params : params();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setSubmitted(true);
    if (!valid || !spec) return;
    setBusy(true);
    setError(null);
    try {
      const a = await post<Answer>('/api/v1/requests', { command: spec.name, target, params: params(), ...(needsReason ? { reason: reason.trim() } : {}) });
      if (a.status === 'needs_confirmation') setStage({ kind: 'confirm', request: a.request });
      else if (a.status === 'needs_approval') setStage({ kind: 'waiting', request: a.request });
      else setStage({ kind: 'running', request: a.request });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const decide = async (verb: 'confirm' | 'cancel', request: RequestJson) => {
    setBusy(true);
    setError(null);
    try {
      const a = await post<Answer>(`/api/v1/requests/${request.id}/${verb}`);
      setStage(verb === 'cancel' ? { kind: 'cancelled', id: request.id } : { kind: 'running', request: a.request });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const preview = spec && (
    <section class="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('run.preview')}</h2>
      <p>
        <code>
          {spec.name}
          {Object.entries(effective()).map(([k, v]) => ` ${k}=${String(v)}`)}
        </code>
      </p>
      <p>{resolved.agents.length > 0 ? t('run.previewAgents', { count: resolved.agents.length, agents: resolved.agents.map((a) => a.id).join(', ') }) : t('run.previewNone')}</p>
      <p class={`guard ${spec.guard}`}>{t(`run.guard.${spec.guard}`)}</p>
    </section>
  );

  return (
    <section>
      <h1>{t('run.title')}</h1>
      {error && (
        <p role="alert" class="notice error">
          {error}
        </p>
      )}
      {stage.kind === 'form' && (
        <form class="run" onSubmit={submit} noValidate>
          <label for="run-target">{t('run.target')}</label>
          <input
            id="run-target"
            list="run-agents"
            value={target}
            autoComplete="off"
            aria-describedby="run-target-hint run-target-problem"
            aria-invalid={shown('target') && !!targetProblem}
            onInput={(e) => setTarget(e.currentTarget.value)}
            onBlur={() => touch('target')}
          />
          <datalist id="run-agents">
            <option value="all" />
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.hostName ?? ''}
              </option>
            ))}
          </datalist>
          <small id="run-target-hint">{t('run.targetHint')}</small>
          {shown('target') && targetProblem && (
            <p id="run-target-problem" class="field-error">
              {targetProblem}
            </p>
          )}

          <label for="run-command">{t('run.command')}</label>
          <select id="run-command" value={command} onChange={(e) => chooseCommand(e.currentTarget.value)}>
            <option value="">{t('run.chooseCommand')}</option>
            {(specs ?? []).map((s) => (
              <option key={s.name} value={s.name} disabled={!mayRun(who, s)}>
                {mayRun(who, s) ? `${s.name} — ${describe(s)}` : t('run.needsLevel', { command: s.name, level: s.level })}
              </option>
            ))}
          </select>
          {spec && !allowed && (
            <p class="field-error" role="alert">
              {t('run.forbidden', { level: who.level, command: spec.name, needed: spec.level })}
            </p>
          )}

          {spec && local && (
            <fieldset>
              <legend>{t('run.params')}</legend>
              {local.params.length === 0 && <p>{t('run.noParams')}</p>}
              {local.params.map((p) => {
                const id = `param-${p.name}`;
                const rule = serverText(ruleOf(p));
                const problem = shown(p.name) ? problems[p.name] : undefined;
                const common = {
                  id,
                  name: p.name,
                  value: values[p.name] ?? '',
                  'aria-invalid': !!problem,
                  'aria-describedby': `${id}-rule${problem ? ` ${id}-problem` : ''}`,
                  onBlur: () => touch(p.name),
                };
                const set = (v: string) => {
                  setValues((old) => ({ ...old, [p.name]: v }));
                  touch(p.name);
                };
                return (
                  <div class="field" key={p.name}>
                    <label for={id}>
                      {p.name} <small>{p.required ? `(${t('run.required')})` : p.default !== undefined ? `(${t('run.default', { value: String(p.default) })})` : ''}</small>
                    </label>
                    {p.kind === 'choice' ? (
                      <select {...common} onChange={(e) => set(e.currentTarget.value)}>
                        <option value="" />
                        {(p.choices ?? []).map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input {...common} inputMode={p.kind === 'integer' ? 'numeric' : undefined} placeholder={p.default !== undefined ? String(p.default) : ''} onInput={(e) => set(e.currentTarget.value)} />
                    )}
                    <small id={`${id}-rule`}>
                      {serverText(p.description)}. {t('run.rule', { rule })}
                    </small>
                    {problem && (
                      <p id={`${id}-problem`} class="field-error">
                        {problem}
                      </p>
                    )}
                  </div>
                );
              })}
            </fieldset>
          )}

          {needsReason && (
            <>
              <label for="run-reason">{t('run.reason')}</label>
              <textarea id="run-reason" value={reason} rows={2} aria-describedby="run-reason-hint" aria-invalid={(submitted || touched.has('reason')) && !reasonOk} onInput={(e) => setReason(e.currentTarget.value)} onBlur={() => touch('reason')} />
              <small id="run-reason-hint">{t('run.reasonHint')}</small>
              {(submitted || touched.has('reason')) && !reasonOk && <p class="field-error">{t('run.reasonShort')}</p>}
            </>
          )}

          {preview}

          <button type="submit" class="primary" disabled={busy || !spec || !allowed}>
            {busy ? t('run.sending') : spec?.guard === 'confirmation' ? t('run.submitReview') : spec?.guard === 'approval' ? t('run.submitApproval') : t('run.submit')}
          </button>
        </form>
      )}

      {stage.kind === 'confirm' && (
        <section class="confirm" role="region" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t('run.confirmTitle', { id: stage.request.id })}</h2>
          <p>{t('run.confirmBody', { command: stage.request.command, agents: stage.request.agents.join(', ') })}</p>
          <p>
            <code>
              {stage.request.command}
              {Object.entries(stage.request.params).map(([k, v]) => ` ${k}=${String(v)}`)}
            </code>
          </p>
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={() => decide('confirm', stage.request)}>
              {t('run.confirm')}
            </button>
            <button type="button" disabled={busy} onClick={() => decide('cancel', stage.request)}>
              {t('run.cancel')}
            </button>
          </div>
        </section>
      )}

      {stage.kind === 'cancelled' && <p role="status">{t('run.cancelled', { id: stage.id })}</p>}

      {stage.kind === 'waiting' && (
        <>
          <p role="status" class="notice">
            {t('run.waitingApproval', { id: stage.request.id })} <a href="/approvals">{t('run.openApprovals')}</a>
          </p>
          <FollowedRequest initial={stage.request} />
        </>
      )}

      {stage.kind === 'running' && <FollowedRequest initial={stage.request} />}

      {stage.kind !== 'form' && stage.kind !== 'confirm' && (
        <p>
          <button type="button" onClick={() => setStage({ kind: 'form' })}>
            {t('run.another')}
          </button>
        </p>
      )}
    </section>
  );
}
