// /api/v1/requests: a command through the dispatcher (the same door as Discord, the console and
// schedules), and the decisions on it: confirm, cancel, approve, deny.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Catalog } from '../../../core/catalog.ts';
import type { Dispatcher } from '../../../core/dispatcher.ts';
import type { Policy } from '../../../core/policy.ts';
import type { Run } from '../../../core/run.ts';
import type { ApiPagesRepo } from '../../../store/api-pages-repo.ts';
import type { RequestRecord } from '../../../store/requests-repo.ts';
import { principalOf, requireLevel, type AuthDeps } from '../auth.ts';
import type { Idempotency } from '../idempotency.ts';
import { HttpProblem, localeOf, problemResponses } from '../problem.ts';
import { decodeCursor, encodeCursor, pageOf, PageQuery, RequestSchema, requestJson, runOutcomes, type RequestJson } from '../views.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { msg } from '../../../i18n/message.ts';

export interface RequestRoutesDeps extends Pick<AuthDeps, 'audit' | 'now'> {
  dispatcher: Dispatcher;
  catalog: Catalog;
  policy: Policy;
  pages: Pick<ApiPagesRepo, 'requestIds' | 'approvals'>;
  idempotency: Idempotency;
  /** The request with its outcomes so far, mserver's own words in `locale`. */
  requestJson(id: number, locale?: Locale): RequestJson | undefined;
}

const STATES = ['awaiting_confirmation', 'awaiting_approval', 'dispatched', 'done', 'cancelled', 'denied', 'expired', 'refused', 'granted', 'revoked'] as const;

export const NewRequestBody = z
  .object({
    // i18n-exempt: OpenAPI documentation, written for developers in English
    command: z.string().min(1).max(64).describe('A command of the catalog (GET /api/v1/commands): status, logs, restart, ...'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    target: z.string().min(1).max(10_000).describe('An agent id or host name, several separated by commas, or `all` (every agent connected now)'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    params: z.record(z.string(), z.unknown()).optional().describe('The command\'s parameters by name, e.g. {"container": "polkadot"}'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    reason: z.string().max(1000).optional().describe('Why: required for critical commands, which approvers decide on'),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    confirm: z.boolean().optional().describe('true: the caller has seen what runs, so a change command runs without a separate confirm call'),
  })
  .meta({ id: 'NewRequest' });

const Answer = z
  .object({
    // i18n-exempt: OpenAPI documentation, written for developers in English
    status: z.enum(['running', 'needs_confirmation', 'needs_approval', 'granted', 'cancelled', 'denied']).describe('What became of the request'),
    request: RequestSchema,
  })
  .meta({ id: 'RequestAnswer' });
type AnswerJson = z.infer<typeof Answer>;

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export async function requestRoutes(app: FastifyInstance, deps: RequestRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { dispatcher } = deps;

  const load = (id: number, locale?: Locale): RequestJson => {
    const r = deps.requestJson(id, locale);
    if (!r) throw new HttpProblem('not_found', msg('http.noRequest', { id: String(id) }));
    return r;
  };
  const withRun = (run: Run, locale: Locale): RequestJson => requestJson(run.request, 0, runOutcomes(run, locale));
  const waiting = (r: RequestRecord): RequestJson => requestJson(r, deps.pages.approvals(r.id), []);

  api.post(
    '/requests',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Ask for a command: read commands run at once; change commands need confirmation, critical ones approval',
        description:
          // i18n-exempt: OpenAPI documentation, written for developers in English
          'Returns 201 with `status`: `running` (with each agent\'s outcome so far: follow GET /requests/{id}/events), `needs_confirmation` (POST /requests/{id}/confirm, or send `"confirm": true`), or `needs_approval` (another owner\'s approver token POSTs /requests/{id}/approve). With an `Idempotency-Key` header, a retry with the same body within 24 h gets the first answer and sends nothing again.',
        tags: ['requests'],
        headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
        body: NewRequestBody,
        response: { 201: Answer, ...problemResponses(400, 403, 409, 413, 422, 503) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const body = req.body;
      await deps.idempotency.run(req, reply, async () => {
        const spec = deps.catalog.get(body.command);
        const reason = body.reason?.trim();
        if (spec && (!reason || reason.length < 3)) {
          const decision = deps.policy.evaluate({ spec, params: {}, actor: p.actor, via: p.via });
          if (decision.kind === 'approve') throw new HttpProblem('bad_input', msg('http.needsReason', { command: spec.name }));
        }
        const outcome = await dispatcher.dispatch(
          { command: body.command, target: body.target, params: body.params ?? {}, actor: p.actor, via: p.via },
          { ...(reason ? { reason } : {}), origin: { [p.via]: { token: p.token.name } } },
        );
        reply.header('location', `/api/v1/requests/${outcome.request.id}`);
        let answer: AnswerJson;
        const locale = localeOf(req);
        if (outcome.kind === 'running') answer = { status: 'running', request: withRun(outcome.run, locale) };
        else if (outcome.kind === 'needs_confirmation' && body.confirm === true) {
          answer = { status: 'running', request: withRun(dispatcher.confirm(outcome.request.id, p.actor, p.via), locale) };
        } else answer = { status: outcome.kind, request: waiting(outcome.request) };
        return { status: 201, body: answer };
      });
    },
  );

  api.get(
    '/requests',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Requests, newest first, optionally in one state',
        tags: ['requests'],
        querystring: PageQuery.extend({ state: z.enum(STATES).optional() }),
        response: { 200: pageOf(RequestSchema.omit({ outcomes: true }), 'RequestPage'), ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /requests');
      const before = decodeCursor(req.query.cursor);
      if (before === null || typeof before === 'string') throw new HttpProblem('bad_input', msg('http.badCursor'));
      const ids = deps.pages.requestIds({ state: req.query.state, before, limit: req.query.limit + 1 });
      const page = ids.slice(0, req.query.limit);
      const items = page.map((id) => {
        const { outcomes: _outcomes, ...rest } = load(id);
        return rest;
      });
      return { items, next: ids.length > req.query.limit ? encodeCursor(page[page.length - 1]!) : null };
    },
  );

  api.get(
    '/requests/:id',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'One request, with each agent\'s outcome so far',
        tags: ['requests'],
        params: IdParams,
        response: { 200: RequestSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /requests/{id}');
      return load(req.params.id, localeOf(req));
    },
  );

  const decision = (verb: 'confirm' | 'cancel' | 'approve' | 'deny', summary: string) =>
    api.post(
      `/requests/:id/${verb}`,
      {
        schema: {
          summary,
          tags: ['requests'],
          params: IdParams,
          headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
          response: { 200: Answer, ...problemResponses(400, 403, 404, 409, 410, 422, 503) },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const id = req.params.id;
        if (!dispatcher.getRequest(id)) throw new HttpProblem('not_found', msg('http.noRequest', { id: String(id) }));
        await deps.idempotency.run(req, reply, async () => {
          let answer: AnswerJson;
          if (verb === 'confirm') answer = { status: 'running', request: withRun(dispatcher.confirm(id, p.actor, p.via), localeOf(req)) };
          else if (verb === 'cancel') answer = { status: 'cancelled', request: waiting(dispatcher.cancel(id, p.actor, p.via)) };
          else if (verb === 'deny') answer = { status: 'denied', request: waiting(dispatcher.deny(id, p.actor, p.via)) };
          else {
            const r = await dispatcher.approve(id, p.actor, p.via);
            answer = r.run
              ? { status: 'running', request: withRun(r.run, localeOf(req)) }
              : { status: r.request.state === 'granted' ? 'granted' : 'needs_approval', request: waiting(r.request) };
          }
          return { status: 200, body: answer };
        });
      },
    );
  // i18n-exempt: OpenAPI documentation, written for developers in English
  decision('confirm', 'Confirm your own change request: it runs now');
  // i18n-exempt: OpenAPI documentation, written for developers in English
  decision('cancel', 'Withdraw your own request while it waits');
  // i18n-exempt: OpenAPI documentation, written for developers in English
  decision('approve', 'Approve another owner\'s critical request (approver tokens only)');
  // i18n-exempt: OpenAPI documentation, written for developers in English
  decision('deny', 'Deny another owner\'s critical request (approver tokens only)');
}
