// The HTTP side of mserver, in the same process as the hub and the bot: a fastify app of encapsulated
// plugins. /api/v1 (API tokens, rate limited) goes through the same dispatcher as Discord, the console
// and schedules; /api/openapi.json and /api/docs describe it; /metrics, /livez and /readyz need no token.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { HttpConfig } from '../../config.ts';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { ApiTokens } from '../../core/api-tokens.ts';
import type { Catalog } from '../../core/catalog.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { isUserError, newReference } from '../../core/errors.ts';
import type { PayoutThresholds } from '../../core/notifications/payout-level.ts';
import type { Policy } from '../../core/policy.ts';
import type { Clock } from '../../core/ports.ts';
import type { KeyGuard } from '../../core/key-guard.ts';
import type { Hub } from '../../hub/hub.ts';
import type { Logger } from '../../log.ts';
import type { Scheduler } from '../../scheduler/scheduler.ts';
import type { Store } from '../../store/store.ts';
import type { MemberRoles } from '../../core/member-roles.ts';
import { createWeb } from '../web/web-plugin.ts';
import { roleNeededText } from '../web/role-needed.ts';
import type { Locale } from '../../i18n/locale.ts';
import { registerAuth } from './auth.ts';
import { validationIssues } from './validation-text.ts';
import { createEventFeed } from './event-feed.ts';
import { healthPlugin } from './health.ts';
import { createIdempotency } from './idempotency.ts';
import { createMetrics, metricsPlugin } from './metrics.ts';
import { msg, render } from '../../i18n/message.ts';
import { HttpProblem, localeOf, problem, PROBLEM_TYPE, type HttpProblemCode } from './problem.ts';
import { fleetRoutes } from './routes/fleet.ts';
import { handoverRoutes } from './routes/handovers.ts';
import { noticeRoutes } from './routes/notices.ts';
import type { NoticeRecord } from '../../store/notices-repo.ts';
import type { EventBus } from '../../core/event-bus.ts';
import { requestRoutes } from './routes/requests.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { endAllStreams, ssePlugin } from './sse.ts';
import { outcomeFromRecord, outcomeFromUpdate, requestJson, type RequestJson } from './views.ts';

export interface HttpServerDeps {
  config: HttpConfig;
  hub: Hub;
  hubAddress: { host: string; port: number };
  store: Store;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  tokens: ApiTokens;
  clock: Clock;
  log: Logger;
  payoutThresholds: PayoutThresholds;
  /** Notices as they are recorded: the `notice` event of GET /events. */
  notices?: Pick<EventBus<{ recorded: NoticeRecord }>, 'on'> | undefined;
  /** The key guard's hand-overs (GET /keys/handovers); undefined: none runs. */
  keyGuard?: Pick<KeyGuard, 'openHandovers' | 'doneAt' | 'basisOf'> | undefined;
  /** undefined when Discord is not configured. */
  discordReady: (() => boolean) | undefined;
  /** Present with CHAIN_RPC_URL: why the chain RPC cannot be read, for /readyz's detail. */
  chainProblem?: (() => string | undefined) | undefined;
  version?: string;
  /** The dashboard: Discord's word on members (absent with Discord off), what a member without a role needs. */
  web?: { members: MemberRoles | undefined; roleNeeded: (locale: Locale) => string; distDir?: string } | undefined;
}

export interface HttpServer {
  app: FastifyInstance;
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
  /** The dashboard's one-time login link for `actor` (the console's `web-login`). */
  createLoginLink(actor: { id: string; name: string }): string;
}

/** Errors fastify itself raises, by its code, as our problem codes. */
const FASTIFY_CODES: Record<string, HttpProblemCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_input',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_input',
  FST_ERR_VALIDATION: 'bad_input',
};

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const { store, dispatcher, log, clock } = deps;
  const app = Fastify({ logger: false, bodyLimit: deps.config.bodyMaxBytes, forceCloseConnections: true, return503OnClosing: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const audit = (e: Parameters<Store['audit']['add']>[0]) => store.queue.push(() => store.audit.add(e));
  const now = () => clock.now();
  const feed = createEventFeed({ dispatcher, hubEvents: deps.hub.events, catalog: deps.catalog, policy: deps.policy, notices: deps.notices });
  const metrics = deps.config.metrics
    ? createMetrics({
        hub: deps.hub,
        dispatcher,
        directory: deps.directory,
        store: { agentCount: () => store.pages.agentCount(), waiting: () => store.requests.waiting(), outboxPending: () => store.outbox.pendingCount() },
        discordReady: deps.discordReady,
      })
    : undefined;
  const idempotency = createIdempotency(store.idempotency, now);
  const web = createWeb({
    config: deps.config,
    repo: store.webSessions,
    clock,
    policy: deps.policy,
    members: deps.web?.members,
    audit,
    log,
    roleNeeded: deps.web?.roleNeeded ?? ((locale) => roleNeededText({ viewer: [], operator: [], admin: [] }, () => undefined, locale)),
    distDir: deps.web?.distDir,
  });
  let listening = { host: deps.config.host, port: deps.config.port };
  // A run in flight shows every agent, in the reader's language, from the live run (a rolling restart's
  // later agents have no stored row yet, and stored text is English); the stored rows once it is over.
  const loadRequest = (id: number, locale: Locale = 'en'): RequestJson | undefined => {
    store.queue.flush();
    const r = store.requests.get(id);
    if (!r) return undefined;
    const live = feed.liveOutcomes(id);
    if (live) return requestJson(r, store.pages.approvals(id), live.map((u) => outcomeFromUpdate(u, locale)));
    // A rolling restart's status polls are stored under its request too: the outcome is its command's row.
    return requestJson(r, store.pages.approvals(id), store.commands.byRequest(id).filter((c) => c.command === r.command).map(outcomeFromRecord));
  };

  app.setErrorHandler((err: FastifyError | HttpProblem | Error, req, reply) => {
    let body;
    let headers: Record<string, string> = {};
    const locale = localeOf(req);
    if (isUserError(err)) body = problem(err.code, err.localized(locale), {}, locale);
    else if (err instanceof HttpProblem) {
      body = problem(err.code, err.localized(locale), {}, locale);
      headers = err.headers;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as FastifyError).validationContext ?? 'request';
      body = problem('bad_input', validationIssues(locale, where, err.validation, req), {}, locale);
    } else if (typeof (err as FastifyError).code === 'string' && FASTIFY_CODES[(err as FastifyError).code]) {
      // fastify's own refusals (body too large, media type) are English sentences from fastify.
      body = problem(FASTIFY_CODES[(err as FastifyError).code]!, err.message, {}, locale);
    } else if ((err as FastifyError).statusCode !== undefined && (err as FastifyError).statusCode! >= 400 && (err as FastifyError).statusCode! < 500) {
      body = { ...problem('bad_input', err.message, {}, locale), status: (err as FastifyError).statusCode! };
    } else {
      const reference = newReference();
      log.error({ err, ref: reference, method: req.method, route: req.routeOptions.url }, 'HTTP API fault');
      body = problem('fault', render(locale, msg('common.fault', { ref: reference })), { reference }, locale);
    }
    void reply.code(body.status).headers(headers).type(PROBLEM_TYPE).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .type(PROBLEM_TYPE)
      .send(problem('not_found', render(localeOf(req), msg('http.noRoute', { method: req.method, path: req.url.split('?')[0]!.slice(0, 200) })), {}, localeOf(req)));
  });

  void app.register(healthPlugin, {
    hub: { host: deps.hubAddress.host, port: () => deps.hubAddress.port },
    databaseWritable: () => {
      try {
        store.settings.set('ready_probe', String(clock.now()), clock.now());
        return store.health.lastError;
      } catch (err) {
        return (err as Error).message;
      }
    },
    discordReady: deps.discordReady,
    chainProblem: deps.chainProblem,
  });
  if (metrics) void app.register(metricsPlugin, { registry: metrics.registry });
  void app.register(web.plugin);

  void app.register(async (docs) => {
    await docs.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        // i18n-exempt: the OpenAPI document is written for developers, in English
        info: {
          // i18n-exempt: OpenAPI documentation, written for developers in English
          title: 'mserver HTTP API',
          version: deps.version ?? '1',
          // i18n-exempt: the OpenAPI document is written for developers, in English
          description:
            // i18n-exempt: OpenAPI documentation, written for developers in English
            'Commands to a fleet of validator nodes through the same dispatcher as Discord and the console: the same catalog, policy, confirmations, two-person approvals and audit trail. Authenticate with an API token (`api-token add` at the console, `/api-tokens add` in Discord) as `Authorization: Bearer <token>`. Errors are RFC 9457 problem details carrying mserver\'s error `code`.',
        },
        servers: [{ url: '/' }],
        // i18n-exempt: the OpenAPI document is written for developers, in English
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An mserver API token (mst_...)' } } },
        security: [{ bearer: [] }],
        tags: [
          // i18n-exempt: OpenAPI tag descriptions are written for developers
          { name: 'requests', description: 'Commands and the decisions on them' },
          // i18n-exempt: OpenAPI tag descriptions are written for developers
          { name: 'events', description: 'Server-Sent Events' },
          // i18n-exempt: OpenAPI tag descriptions are written for developers
          { name: 'agents', description: 'The fleet' },
          // i18n-exempt: OpenAPI tag descriptions are written for developers
          { name: 'trail', description: 'History and audit' },
          // i18n-exempt: OpenAPI tag descriptions are written for developers
          { name: 'schedules', description: 'Commands on a cron expression' },
          // i18n-exempt: OpenAPI tag descriptions are written for developers
          { name: 'tokens', description: 'API tokens' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true }, staticCSP: true });
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => docs.swagger());

    await docs.register(
      async (api) => {
        await registerAuth(api, { tokens: deps.tokens, audit, now, rateLimitPerMin: deps.config.rateLimitPerMin, sessions: web.sessionAuth });
        const common = { audit, now };
        await api.register(requestRoutes, { ...common, dispatcher, catalog: deps.catalog, policy: deps.policy, pages: store.pages, idempotency, requestJson: loadRequest });
        await api.register(fleetRoutes, {
          ...common,
          directory: deps.directory,
          catalog: deps.catalog,
          policy: deps.policy,
          keys: store.keys,
          pages: store.pages,
          payouts: store.payouts,
          flush: () => store.queue.flush(),
          payoutThresholds: deps.payoutThresholds,
        });
        await api.register(handoverRoutes, { ...common, guard: deps.keyGuard });
        await api.register(noticeRoutes, { ...common, notices: store.notices });
        await api.register(scheduleRoutes, { ...common, scheduler: deps.scheduler, dispatcher, catalog: deps.catalog, policy: deps.policy, idempotency });
        await api.register(ssePlugin, { ...common, feed, tokens: deps.tokens, requestJson: loadRequest });
      },
      { prefix: '/api/v1' },
    );
  });

  return {
    app,
    async listen() {
      await app.listen({ host: deps.config.host, port: deps.config.port });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : deps.config.port;
      listening = { host: deps.config.host, port };
      return listening;
    },
    createLoginLink(actor) {
      const host = /^(0\.0\.0\.0|::)$/.test(listening.host) ? 'localhost' : listening.host.includes(':') ? `[${listening.host}]` : listening.host;
      return web.createLoginLink(actor, `http://${host}:${listening.port}`);
    },
    async close() {
      endAllStreams(app);
      feed.close();
      metrics?.close();
      await app.close();
    },
  };
}
