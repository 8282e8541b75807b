// /api/v1/schedules: the same verbs and rules as /schedule in Discord and `schedule` at the console,
// over the scheduler. A schedule of a critical command waits for another owner's approval of its
// authorization request (POST /requests/{id}/approve), and needs a reason up front.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Catalog } from '../../../core/catalog.ts';
import type { Dispatcher } from '../../../core/dispatcher.ts';
import type { Policy } from '../../../core/policy.ts';
import type { Requester, Scheduler, ScheduleResult } from '../../../scheduler/scheduler.ts';
import { principalOf, requireLevel, type AuthDeps } from '../auth.ts';
import type { Idempotency } from '../idempotency.ts';
import { HttpProblem, localeOf, problemResponses } from '../problem.ts';
import { iso, pageOf, PageQuery, RequestSchema, requestJson, runOutcomes, ScheduleSchema, scheduleJson, decodeCursor, encodeCursor } from '../views.ts';
import { msg } from '../../../i18n/message.ts';
import { zonedTimeText } from '../../format/time-text.ts';

export interface ScheduleRoutesDeps extends Pick<AuthDeps, 'audit' | 'now'> {
  scheduler: Scheduler;
  dispatcher: Pick<Dispatcher, 'submitReason'>;
  catalog: Catalog;
  policy: Policy;
  idempotency: Idempotency;
}

const Definition = z
  .object({
    // i18n-exempt: OpenAPI documentation, written for developers in English
    cron: z.string().min(1).max(120).describe('minute hour day month weekday, like "0 3 * * *" (6 fields: seconds first)'),
    target: z.string().min(1).max(1000),
    command: z.string().min(1).max(64),
    params: z.record(z.string(), z.unknown()).optional(),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    timezone: z.string().max(64).optional().describe('IANA time zone the cron is read in (default SCHEDULE_TIMEZONE)'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    channelId: z.string().regex(/^\d{17,20}$/).optional().describe('Discord channel for its outcomes (default: the alerts channel)'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    reason: z.string().max(1000).optional().describe('Required when the command is critical: approvers decide on it'),
  })
  .meta({ id: 'ScheduleDefinition' });

const Answer = z
  .object({
    schedule: ScheduleSchema,
    authorization: z.enum(['granted', 'needs_approval']),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    request: RequestSchema.describe('The authorization request: approve it with POST /requests/{id}/approve'),
  })
  .meta({ id: 'ScheduleAnswer' });

const Detail = z
  .object({
    schedule: ScheduleSchema,
    nextRuns: z.array(z.string()),
    runs: z.array(z.object({ firedAt: z.string().nullable(), state: z.string(), requestId: z.number().int().nullable(), error: z.string().nullable(), finishedAt: z.string().nullable() })),
  })
  .meta({ id: 'ScheduleDetail' });

const PreviewQuery = z.object({
  cron: z.string().min(1).max(120),
  timezone: z.string().max(64).optional(),
});

const Preview = z
  .object({
    // i18n-exempt: OpenAPI documentation, written for developers in English
    cron: z.string().describe('The expression as it would be saved (spaces collapsed)'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    timezone: z.string().describe('The IANA zone it is read in, as it would be saved'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    runs: z.array(z.object({ at: z.string(), text: z.string().describe('The time in the schedule\'s zone: 2026-11-28 03:00:00 Europe/Berlin') })),
  })
  .meta({ id: 'SchedulePreview' });

const NameParams = z.object({ name: z.string().min(1).max(64) });

export async function scheduleRoutes(app: FastifyInstance, deps: ScheduleRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { scheduler } = deps;
  const who = (req: Parameters<typeof principalOf>[0]): Requester => ({ actor: principalOf(req).actor, via: principalOf(req).via, origin: { [principalOf(req).via]: { token: principalOf(req).token.name } } });
  const viewOf = (name: string) => scheduleJson(scheduler.show(name, 0).schedule);

  function needsReason(command: string, req: Parameters<typeof principalOf>[0], reason: string | undefined): void {
    const spec = deps.catalog.get(command);
    if (!spec || (reason && reason.trim().length >= 3)) return;
    const decision = deps.policy.evaluate({ spec, params: {}, actor: principalOf(req).actor, via: principalOf(req).via });
    if (decision.kind === 'approve') throw new HttpProblem('bad_input', msg('http.needsReason', { command: spec.name }));
  }

  function answer(r: ScheduleResult, req: Parameters<typeof principalOf>[0], reason: string | undefined) {
    let request = r.request;
    if (r.authorization === 'needs_approval' && request.reason === null && reason) request = deps.dispatcher.submitReason(request.id, principalOf(req).actor, reason);
    return { schedule: viewOf(r.schedule.name), authorization: r.authorization, request: requestJson(request, 0, []) };
  }

  api.get(
    '/schedules',
    {
      // i18n-exempt: OpenAPI documentation, written for developers in English
      schema: { summary: 'Every schedule, by name', tags: ['schedules'], querystring: PageQuery, response: { 200: pageOf(ScheduleSchema, 'SchedulePage'), ...problemResponses(400, 403) } },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /schedules');
      const after = decodeCursor(req.query.cursor);
      if (after === null || typeof after === 'number') throw new HttpProblem('bad_input', msg('http.badCursor'));
      const all = scheduler.list().sort((a, b) => (a.name < b.name ? -1 : 1));
      const rest = after === undefined ? all : all.filter((s) => s.name > after);
      const shown = rest.slice(0, req.query.limit);
      return { items: shown.map(scheduleJson), next: rest.length > req.query.limit ? encodeCursor(shown[shown.length - 1]!.name) : null, total: all.length };
    },
  );

  // Not /schedules/preview: that path would hide the detail of a schedule named "preview".
  api.get(
    '/schedule-preview',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'The next five runs of a cron expression in a zone, or why saving it would be refused (400)',
        tags: ['schedules'],
        querystring: PreviewQuery,
        response: { 200: Preview, ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /schedule-preview');
      const p = scheduler.preview(req.query.cron, req.query.timezone);
      if (!p.ok) throw new HttpProblem('bad_input', p.problem);
      return { cron: p.cron, timezone: p.zone, runs: p.runs.map((d) => ({ at: d.toISOString(), text: zonedTimeText(d, p.zone) })) };
    },
  );

  api.get(
    '/schedules/:name',
    {
      // i18n-exempt: OpenAPI documentation, written for developers in English
      schema: { summary: 'One schedule, its next runs and its last runs', tags: ['schedules'], params: NameParams, response: { 200: Detail, ...problemResponses(400, 403, 404) } },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /schedules/{name}');
      const d = scheduler.show(req.params.name, 20);
      return {
        schedule: scheduleJson(d.schedule),
        nextRuns: d.nextRuns.map((t) => t.toISOString()),
        runs: d.runs.map((r) => ({ firedAt: iso(r.firedAt), state: r.state, requestId: r.requestId, error: r.error, finishedAt: iso(r.finishedAt) })),
      };
    },
  );

  api.post(
    '/schedules',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Add a schedule: checked by the policy as if its command ran now',
        tags: ['schedules'],
        headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
        body: Definition.extend({ name: z.string().min(1).max(64) }),
        response: { 201: Answer, ...problemResponses(400, 403, 409, 422) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      needsReason(b.command, req, b.reason);
      await deps.idempotency.run(req, reply, async () => {
        const r = scheduler.add({ name: b.name, cron: b.cron, target: b.target, command: b.command, params: b.params ?? {}, timezone: b.timezone, ...(b.channelId ? { channelId: b.channelId } : {}) }, who(req));
        return { status: 201, body: answer(r, req, b.reason?.trim()) };
      });
    },
  );

  api.put(
    '/schedules/:name',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Change a schedule: its authorization is asked again',
        tags: ['schedules'],
        params: NameParams,
        body: Definition,
        response: { 200: Answer, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (req) => {
      const b = req.body;
      needsReason(b.command, req, b.reason);
      const r = scheduler.update({ name: req.params.name, cron: b.cron, target: b.target, command: b.command, params: b.params ?? {}, timezone: b.timezone, ...(b.channelId ? { channelId: b.channelId } : {}) }, who(req));
      return answer(r, req, b.reason?.trim());
    },
  );

  api.delete(
    '/schedules/:name',
    {
      schema: { summary: 'Remove a schedule', tags: ['schedules'], params: NameParams, response: { 200: z.object({ removed: z.string() }), ...problemResponses(400, 403, 404) } },
    },
    async (req) => ({ removed: scheduler.remove(req.params.name, who(req)).name }),
  );

  api.post(
    '/schedules/:name/pause',
    { schema: { summary: 'Pause a schedule', tags: ['schedules'], params: NameParams, response: { 200: ScheduleSchema, ...problemResponses(400, 403, 404, 409) } } },
    async (req) => {
      scheduler.pause(req.params.name, who(req));
      return viewOf(req.params.name);
    },
  );

  api.post(
    '/schedules/:name/resume',
    // i18n-exempt: OpenAPI documentation, written for developers in English
    { schema: { summary: 'Resume a paused schedule (asks for a new authorization when the old one is gone)', tags: ['schedules'], params: NameParams, response: { 200: Answer, ...problemResponses(400, 403, 404, 409) } } },
    async (req) => answer(await scheduler.resume(req.params.name, who(req)), req, undefined),
  );

  api.post(
    '/schedules/:name/run',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Run a schedule\'s command once, now (a critical one waits for a fresh approval: 202)',
        tags: ['schedules'],
        params: NameParams,
        response: {
          201: z.object({ status: z.literal('running'), request: RequestSchema }),
          202: z.object({ status: z.enum(['needs_approval', 'needs_confirmation']), request: RequestSchema }),
          ...problemResponses(400, 403, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const out = await scheduler.runNow(req.params.name, who(req));
      if (out.kind !== 'running') {
        reply.code(202);
        return { status: out.kind, request: requestJson(out.request, 0, []) };
      }
      reply.code(201);
      return { status: 'running' as const, request: requestJson(out.run.request, 0, runOutcomes(out.run, localeOf(req))) };
    },
  );
}
