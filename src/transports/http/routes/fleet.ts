// /api/v1 reads: agents, session keys, payouts, command history, the audit trail (admin), the command
// catalog and the caller's own token. Pages are newest first with a `next` cursor.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AgentDirectory, AgentView } from '../../../core/agent-directory.ts';
import { ruleOf, type Catalog } from '../../../core/catalog.ts';
import { render } from '../../../i18n/message.ts';
import { payoutStanding, type PayoutThresholds } from '../../../core/notifications/payout-level.ts';
import type { Policy } from '../../../core/policy.ts';
import { msg } from '../../../i18n/message.ts';
import type { ApiPagesRepo } from '../../../store/api-pages-repo.ts';
import type { KeysRepo } from '../../../store/keys-repo.ts';
import type { PayoutsRepo } from '../../../store/payouts-repo.ts';
import { downsample, payoutPoint } from '../../../core/payout-series.ts';
import { principalOf, requireLevel, type AuthDeps } from '../auth.ts';
import { HttpProblem, localeOf, problemResponses } from '../problem.ts';
import {
  AgentSchema,
  agentJson,
  AuditSchema,
  auditJson,
  decodeCursor,
  encodeCursor,
  HistorySchema,
  historyJson,
  KeySchema,
  keyJson,
  pageOf,
  PageQuery,
  TokenSchema,
  tokenJson,
} from '../views.ts';

export interface FleetRoutesDeps extends Pick<AuthDeps, 'audit' | 'now'> {
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  keys: Pick<KeysRepo, 'list'>;
  pages: Pick<ApiPagesRepo, 'history' | 'audit' | 'keys'>;
  payouts: Pick<PayoutsRepo, 'between' | 'countBetween'>;
  flush: () => void;
  payoutThresholds: PayoutThresholds;
}

function numericCursor(cursor: string | undefined): number | undefined {
  const v = decodeCursor(cursor);
  if (v === null || typeof v === 'string') throw new HttpProblem('bad_input', msg('http.badCursor'));
  return v;
}

function textCursor(cursor: string | undefined): string | undefined {
  const v = decodeCursor(cursor);
  if (v === null || typeof v === 'number') throw new HttpProblem('bad_input', msg('http.badCursor'));
  return v;
}

/** One page of rows that carry their own position; `limit + 1` rows were read to know if more follow. */
function page<R, J>(rows: R[], limit: number, position: (r: R) => number | string, json: (r: R) => J) {
  const shown = rows.slice(0, limit);
  return { items: shown.map(json), next: rows.length > limit ? encodeCursor(position(shown[shown.length - 1]!)) : null };
}

// i18n-exempt: protocol words (command states), not text a person reads
const HISTORY_STATES = ['success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted', 'cancelled', 'running', 'sent', 'progress'] as const;

const PayoutSchema = z
  .object({
    agentId: z.string(),
    online: z.boolean(),
    stash: z.string().nullable(),
    chain: z.string().nullable(),
    activeEra: z.number().nullable(),
    unclaimedEras: z.array(z.number()),
    oldestUnclaimedEra: z.number().nullable(),
    erasLeft: z.number().nullable(),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    level: z.enum(['ok', 'warning', 'critical']).describe('PAYOUT_WARN_ERAS and PAYOUT_CRITICAL_ERAS_LEFT applied'),
  })
  // i18n-exempt: OpenAPI documentation, written for developers in English
  .meta({ id: 'Payout' });

// i18n-exempt: OpenAPI documentation, written for developers in English
const Instant = z.iso.datetime({ offset: true }).describe('An ISO 8601 time, e.g. 2026-12-06T04:00:00Z');

/** The most points a payout chart gets: a long range is thinned on the server, each slice's worst kept. */
export const PAYOUT_SERIES_MAX = 300;
const DAY = 86_400_000;

const PayoutSeriesSchema = z
  .object({
    agentId: z.string(),
    since: z.string(),
    until: z.string(),
    thresholds: z.object({
      // i18n-exempt: OpenAPI documentation, written for developers in English
      warnEras: z.number().describe('PAYOUT_WARN_ERAS: warning once the oldest unclaimed era is older than this'),
      // i18n-exempt: OpenAPI documentation, written for developers in English
      criticalErasLeft: z.number().describe('PAYOUT_CRITICAL_ERAS_LEFT: critical at this many eras left or fewer'),
      // i18n-exempt: OpenAPI documentation, written for developers in English
      historyDepth: z.number().describe('Eras an era stays claimable (from the newest snapshot, else 84)'),
      // i18n-exempt: OpenAPI documentation, written for developers in English
      criticalAge: z.number().describe('historyDepth - criticalErasLeft: the oldest era\'s age at which it is critical'),
    }),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    downsampled: z.boolean().describe('True when the range held more snapshots than points answered'),
    stored: z.number().int(),
    points: z.array(
      z.object({
        at: z.string(),
        unclaimedCount: z.number(),
        oldestUnclaimedEra: z.number().nullable(),
        oldestAge: z.number().nullable(),
        erasLeft: z.number().nullable(),
        level: z.enum(['ok', 'warning', 'critical']),
      }),
    ),
  })
  // i18n-exempt: OpenAPI documentation, written for developers in English
  .meta({ id: 'PayoutSeries' });

const CommandSpecSchema = z
  .object({
    name: z.string(),
    risk: z.string(),
    description: z.string(),
    // i18n-exempt: OpenAPI documentation, written for developers in English
    level: z.string().describe('The level a token needs (the policy in force)'),
    guard: z.enum(['none', 'confirmation', 'approval']),
    params: z.array(z.object({ name: z.string(), required: z.boolean(), description: z.string(), rule: z.string() })),
  })
  .meta({ id: 'CommandSpec' });

export async function fleetRoutes(app: FastifyInstance, deps: FleetRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { directory } = deps;

  api.get(
    '/agents',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Every agent ever seen: state, host, last seen, containers, payouts, keys (by id)',
        tags: ['agents'],
        querystring: PageQuery.extend({ state: z.enum(['online', 'offline', 'waiting']).optional() }),
        response: { 200: pageOf(AgentSchema, 'AgentPage'), ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /agents');
      const after = textCursor(req.query.cursor);
      const stateOf = (a: AgentView) => (a.connected ? 'online' : a.provisional ? 'waiting' : 'offline');
      const all = directory
        .list()
        .filter((a) => req.query.state === undefined || stateOf(a) === req.query.state)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const rest = after === undefined ? all : all.filter((a) => a.id > after);
      const shown = rest.slice(0, req.query.limit).map((a) => agentJson(a, deps.keys.list(a.id, 50)));
      return { items: shown, next: rest.length > req.query.limit ? encodeCursor(shown[shown.length - 1]!.id) : null, total: all.length };
    },
  );

  api.get(
    '/agents/:id',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'One agent',
        tags: ['agents'],
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: AgentSchema, ...problemResponses(403, 404) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /agents/{id}');
      const a = directory.get(req.params.id);
      if (!a) throw new HttpProblem('not_found', msg('http.noAgent', { id: req.params.id.slice(0, 100) }));
      return agentJson(a, deps.keys.list(a.id, 50));
    },
  );

  api.get(
    '/agents/:id/payouts',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'One agent\'s payout history (stored snapshots, oldest first) with the warning and critical thresholds; at most 300 points',
        tags: ['agents'],
        params: z.object({ id: z.string().min(1).max(200) }),
        // i18n-exempt: OpenAPI documentation, written for developers in English
        querystring: z.object({ since: Instant.optional().describe('Default: 30 days before `until`'), until: Instant.optional().describe('Default: now') }),
        response: { 200: PayoutSeriesSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /agents/{id}/payouts');
      const a = directory.get(req.params.id);
      if (!a) throw new HttpProblem('not_found', msg('http.noAgent', { id: req.params.id.slice(0, 100) }));
      const until = req.query.until === undefined ? deps.now() : Date.parse(req.query.until);
      const since = req.query.since === undefined ? until - 30 * DAY : Date.parse(req.query.since);
      if (since > until) throw new HttpProblem('bad_input', msg('http.badRange'));
      deps.flush();
      const t = deps.payoutThresholds;
      const stored = deps.payouts.countBetween(a.id, since, until);
      let depth: number | undefined;
      const points = downsample(
        (function* () {
          for (const s of deps.payouts.between(a.id, since, until)) {
            depth = s.historyDepth;
            yield payoutPoint(s, t);
          }
        })(),
        since,
        until,
        PAYOUT_SERIES_MAX,
        stored,
      );
      const historyDepth = depth ?? a.payout?.historyDepth ?? 84;
      return {
        agentId: a.id,
        since: new Date(since).toISOString(),
        until: new Date(until).toISOString(),
        thresholds: { warnEras: t.warnEras, criticalErasLeft: t.criticalErasLeft, historyDepth, criticalAge: historyDepth - t.criticalErasLeft },
        downsampled: points.length < stored,
        stored,
        points: points.map((p) => ({ ...p, at: new Date(p.at).toISOString() })),
      };
    },
  );

  api.get(
    '/keys',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Session keys the agents reported, newest first (the history of rotations)',
        tags: ['agents'],
        querystring: PageQuery.extend({ agent: z.string().max(200).optional() }),
        response: { 200: pageOf(KeySchema, 'KeyPage'), ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /keys');
      deps.flush();
      const rows = deps.pages.keys({ agentId: req.query.agent, before: numericCursor(req.query.cursor), limit: req.query.limit + 1 });
      return page(rows, req.query.limit, (k) => k.id, keyJson);
    },
  );

  api.get(
    '/payouts',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Unclaimed staking rewards per agent, most urgent first',
        tags: ['agents'],
        querystring: PageQuery,
        response: { 200: pageOf(PayoutSchema, 'PayoutPage'), ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /payouts');
      const rank = { critical: 0, warning: 1, ok: 2 } as const;
      const all = directory
        .list()
        .filter((a) => a.payout !== undefined)
        .map((a) => {
          const p = a.payout!;
          const standing = payoutStanding(p, deps.payoutThresholds);
          return {
            agentId: a.id,
            online: a.connected,
            stash: p.stash ?? null,
            chain: p.chain ?? null,
            activeEra: p.activeEra ?? null,
            unclaimedEras: p.unclaimed.map((u) => u.era),
            oldestUnclaimedEra: p.oldestUnclaimedEra ?? null,
            erasLeft: standing.erasLeft ?? null,
            level: standing.level,
          };
        })
        .sort((a, b) => rank[a.level] - rank[b.level] || (a.erasLeft ?? 1e9) - (b.erasLeft ?? 1e9) || (a.agentId < b.agentId ? -1 : 1));
      // The order is by urgency, not by id: the cursor is the position in it.
      const from = numericCursor(req.query.cursor) ?? 0;
      const shown = all.slice(from, from + req.query.limit);
      return { items: shown, next: from + req.query.limit < all.length ? encodeCursor(from + req.query.limit) : null, total: all.length };
    },
  );

  api.get(
    '/history',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Commands sent and their outcomes, newest first',
        tags: ['trail'],
        querystring: PageQuery.extend({
          agent: z.string().max(200).optional(),
          command: z.string().max(64).optional(),
          // i18n-exempt: OpenAPI documentation, written for developers in English
          user: z.string().max(100).optional().describe('The requester\'s id (a Discord user id, or console:<name>)'),
          request: z.coerce.number().int().positive().optional(),
          // i18n-exempt: OpenAPI documentation, written for developers in English
          state: z.enum([...HISTORY_STATES]).optional().describe('The outcome; `running` is sent or in progress'),
          // i18n-exempt: OpenAPI documentation, written for developers in English
          since: Instant.optional().describe('Sent at or after'),
          // i18n-exempt: OpenAPI documentation, written for developers in English
          until: Instant.optional().describe('Sent at or before'),
        }),
        response: { 200: pageOf(HistorySchema, 'HistoryPage'), ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /history');
      deps.flush();
      const q = req.query;
      const command = q.command === undefined ? undefined : deps.catalog.get(q.command)?.name;
      if (q.command !== undefined && !command) throw new HttpProblem('bad_input', msg('http.notACommand', { command: q.command.slice(0, 64) }));
      const since = q.since === undefined ? undefined : Date.parse(q.since);
      const until = q.until === undefined ? undefined : Date.parse(q.until);
      if (since !== undefined && until !== undefined && since > until) throw new HttpProblem('bad_input', msg('http.badRange'));
      const rows = deps.pages.history({
        agentId: q.agent,
        command,
        actorId: q.user,
        requestId: q.request,
        state: q.state,
        since,
        until,
        before: numericCursor(q.cursor),
        limit: q.limit + 1,
      });
      return page(rows, q.limit, (r) => r.seq, historyJson);
    },
  );

  api.get(
    '/audit',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'The audit trail: requests, decisions, refusals, dispatches (admin)',
        tags: ['trail'],
        querystring: PageQuery.extend({
          kind: z.string().max(40).optional(),
          user: z.string().max(100).optional(),
          command: z.string().max(64).optional(),
          request: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: pageOf(AuditSchema, 'AuditPage'), ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'admin', 'GET /audit');
      deps.flush();
      const q = req.query;
      const rows = deps.pages.audit({ kind: q.kind, actorId: q.user, command: q.command, requestId: q.request, before: numericCursor(q.cursor), limit: q.limit + 1 });
      return page(rows, q.limit, (e) => e.id, auditJson);
    },
  );

  api.get(
    '/commands',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'The command catalog: parameters, risk, the level needed and the guard, as the policy says now',
        tags: ['requests'],
        response: { 200: z.object({ items: z.array(CommandSpecSchema) }), ...problemResponses(403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /commands');
      // Descriptions and rules are read by people (the dashboard's Run form): in the caller's language.
      const locale = localeOf(req);
      return {
        items: deps.catalog.commands.map((spec) => {
          const rule = deps.policy.rule(spec);
          return {
            name: spec.name,
            risk: spec.risk,
            description: render(locale, spec.description),
            level: rule.minLevel,
            guard: rule.approval && rule.approvals > 0 ? ('approval' as const) : rule.confirm ? ('confirmation' as const) : ('none' as const),
            params: spec.params.map((p) => ({ name: p.name, required: p.required, description: render(locale, p.description), rule: render(locale, ruleOf(p)) })),
          };
        }),
      };
    },
  );

  api.get(
    '/me',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'The calling token: its owner and the level it has now',
        tags: ['tokens'],
        response: { 200: z.object({ token: TokenSchema, level: z.string(), approver: z.boolean() }), ...problemResponses() },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { token: tokenJson(p.token), level: p.level, approver: p.approver };
    },
  );
}
