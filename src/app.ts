// Builds and starts one mserver from a parsed Config: store -> hub -> core -> transports. main.ts wraps
// it with the process concerns (environment, signals, exit codes); tests start it directly on port 0.
import { readFileSync } from 'node:fs';
import { fleetTokens, type FleetTokens } from './agent-tokens.ts';
import { createAgentAdmin, type AgentAdmin } from './core/agent-admin.ts';
import { msg } from './i18n/message.ts';
import { clearTextWarning, readTlsPair, TlsFileError, type TlsPair } from './tls-files.ts';
import type { Readable, Writable } from 'node:stream';
import type { Config } from './config.ts';
import { createAgentDirectory } from './core/agent-directory.ts';
import { createCatalog } from './core/catalog.ts';
import { createDispatcher, type Dispatcher } from './core/dispatcher.ts';
import type { MemberRoles } from './core/member-roles.ts';
import { createKeyGuard, type KeyGuard, type KeySafetyPort } from './core/key-guard.ts';
import { startKeyCheck } from './notify/key-check.ts';
import { recordRollingVerdicts } from './store/rolling-verdicts.ts';
import { startKeySafety } from './notify/key-safety.ts';
import { withRollingRestart } from './core/rolling-restart.ts';
import { createSubstrateChainReader } from './chain/substrate-chain-reader.ts';
import { CHAIN_RETRY, watchChainHealth } from './chain/chain-health.ts';
import { createPolicy } from './core/policy.ts';
import { DEFAULT_POLICY_FILE, parsePolicyFile, type PolicyFile } from './core/policy-file.ts';
import { systemClock, type Clock } from './core/ports.ts';
import { systemTimers } from './core/notifications/timers.ts';
import { createRedactor } from './core/redact.ts';
import { createResultSanitizer } from './core/result-sanitizer.ts';
import { createHub, type Hub } from './hub/hub.ts';
import type { Logger } from './log.ts';
import { StartupError } from './startup-error.ts';
import { UserError } from './core/errors.ts';
import { createStore, type Store } from './store/store.ts';
import { createConsole, type ConsoleEnd } from './transports/console/console.ts';
import { createDiscordBot, type DiscordBot } from './transports/discord/discord-bot.ts';
import { createDiscordMemberRoles } from './transports/discord/member-roles.ts';
import { channelProblem } from './transports/discord/channel-check.ts';
import { createScheduleNotifier } from './transports/discord/schedule-notifier.ts';
import { createScheduler, type Scheduler } from './scheduler/scheduler.ts';
import type { ScheduleNotify } from './scheduler/schedule-notice.ts';
import { startNotifications, thresholdsOf, type Notifications } from './notify/notifications.ts';
import { startBackupJob } from './scheduler/backup-job.ts';
import { slashCommands } from '../commands/index.ts';
import { createRetention, type Retention } from './store/retention.ts';
import { ensureIncrementalVacuum } from './store/vacuum-mode.ts';
import { recordHistoryKeep } from './store/history-reach.ts';
import { startDiskWatch } from './notify/disk-space.ts';
import { createApiTokens, type ApiTokens } from './core/api-tokens.ts';
import { render } from './i18n/message.ts';
import type { HttpServer } from './transports/http/http-server.ts';
import { consoleActor } from './transports/console/console.ts';
import { roleNeededText } from './transports/web/role-needed.ts';

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Where the one-time notice of a generated agent token's file goes (stderr in production). */
  notice?: (line: string) => void;
  /** Who a member is now; default: Discord's answer when Discord is on, else "unknown" (fail closed). */
  memberRoles?: MemberRoles;
  /** How often requests past their expiry are marked expired (default 1 s); a click on one expires it too. */
  sweepIntervalMs?: number;
  /** Where the dashboard's built client is (default web/dist). */
  webDist?: string;
}

export interface ConsoleIO {
  input: Readable;
  output: Writable;
  terminal: boolean;
  /** The operator asked at the console to stop mserver (quit, Ctrl-C); the reason is for the log. */
  onQuit: (reason: string) => void;
  /** Test hooks: how long a command keeps the prompt, how often a waiting one reminds. */
  foregroundMs?: number;
  remindEveryMs?: number;
}

export interface App {
  hub: Hub;
  store: Store;
  dispatcher: Dispatcher;
  /** Present when DISCORD_TOKEN is set. */
  discord: DiscordBot | undefined;
  /** Scheduled commands (issue 6): add, change, pause, run; armed at start-up. */
  scheduler: Scheduler;
  /** Channel notifications; `notifications.outbox.enqueue(kind or channel id, message)` posts through the outbox. */
  notifications: Notifications;
  /** The background pruning of old history (issue 15); `retention.sweep()` runs one now. */
  retention: Retention;
  port: number;
  /** The HTTP API, metrics and health probes; undefined when HTTP_PORT=0. */
  http: { host: string; port: number } | undefined;
  /** API tokens (issue 16): made at the console or in Discord, checked on every HTTP call. */
  apiTokens: ApiTokens;
  /** Agent identities: add, revoke, rotate, forget, accept, reject, list (issue 13). */
  agents: AgentAdmin;
  /** Re-reads MCLIENT_TLS_CERT and MCLIENT_TLS_KEY (SIGHUP); connected agents stay. False: nothing to reload, or it failed (logged). */
  reloadTls(): boolean;
  /**
   * Re-reads POLICY_FILE (SIGHUP): the next decision, schedule tick and approval re-check use its rules.
   * A file with mistakes changes nothing (each problem logged). False: no file, or it was refused.
   */
  reloadPolicy(): boolean;
  /** Runs the operator console on these streams; resolves when it ends (quit, or end of input once what was read finished). */
  runConsole(io: ConsoleIO): Promise<ConsoleEnd>;
  /** The dashboard (issue 17): `createLoginLink()` is the one-time link the console's `web-login` prints. */
  web: { createLoginLink(): string };
  /** Validator safety (issue 19): which keys each container holds, key hand-overs. */
  keyGuard: KeyGuard;
  /** Hand-over steps and alert buttons, as the transports use them. */
  safety: KeySafetyPort;
  stop(): Promise<void>;
}

function loadTls(config: Config): TlsPair | undefined {
  if (!config.mclient.tls) return undefined;
  try {
    return readTlsPair(config.mclient.tls);
  } catch (err) {
    if (err instanceof TlsFileError) throw new StartupError([err.text]);
    throw err;
  }
}

function loadPolicyFile(path: string | undefined): PolicyFile {
  if (!path) return DEFAULT_POLICY_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StartupError([msg('startup.policy.unreadable', { path, cause: (err as NodeJS.ErrnoException).code ?? (err as Error).message })]);
  }
  const parsed = parsePolicyFile(text, `POLICY_FILE ${path}`);
  if (!parsed.ok) throw new StartupError(parsed.problems.map((m) => render('en', m)));
  return parsed.policy;
}

export async function startApp(opts: AppOptions): Promise<App> {
  const { config, log } = opts;
  // Read before anything opens: a bad policy file stops start-up with nothing half started.
  const policyFile = loadPolicyFile(config.policyFile);
  for (const w of policyFile.warnings) log.warn(`policy: ${w}`);
  const tls = loadTls(config);
  const clock = opts.clock ?? systemClock;
  const notice = opts.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = createStore(config.databasePath, log);
  ensureIncrementalVacuum(store.db, config.databasePath, log);
  const now = clock.now();
  recordHistoryKeep(store.settings, config.retention.commandsMs, now);
  const interrupted = store.commands.markInterrupted(now);
  store.agents.resetConnections(now);
  if (interrupted.length > 0) {
    log.warn(
      { count: interrupted.length, commands: interrupted.slice(0, 20).map((c) => `${c.id} ${c.command} on ${c.agentId}`) },
      'commands that were running when mserver stopped are marked interrupted',
    );
  }

  const tokens: FleetTokens = fleetTokens(config, store, clock, log, notice);
  if (config.mclient.auth === 'none') {
    log.warn('MCLIENT_AUTH=none: ANY client that reaches the hub port can pose as an agent. Use this only for legacy agents on a private network.');
  }
  if (config.mclient.enroll === 'auto') {
    log.warn('MCLIENT_ENROLL=auto: any new agent id on the fleet token is accepted at once, without an admin. Use this only for test fleets.');
  }
  const clearText = clearTextWarning(config.mclient.host, tls !== undefined);
  if (clearText) log.warn({ host: config.mclient.host }, clearText);
  const redactor = createRedactor([...tokens.plain, ...(config.discord ? [config.discord.token] : [])]);
  const hub = createHub({
    options: {
      ...config.mclient,
      fleetTokenHashes: tokens.hashes,
      tls,
      commandTimeoutMs: config.commandTimeoutMs,
      resultMaxBytes: config.resultMaxBytes,
      quotas: config.quotas,
      maxUnauthenticated: config.quotas.maxUnauthenticated,
      maxUnauthenticatedPerAddress: config.quotas.maxUnauthenticatedPerAddress,
    },
    store,
    log,
    clock,
    sanitizeResult: createResultSanitizer(redactor),
    sanitizeText: redactor.text,
    sanitizeValue: redactor.value,
  });
  const { port } = await hub.listen();
  log.info({ host: config.mclient.host, port, auth: config.mclient.auth, enroll: config.mclient.enroll, tls: tls !== undefined, database: config.databasePath }, 'hub listening for mclient agents');
  const agents = createAgentAdmin({
    credentials: store.credentials,
    sessions: hub,
    known: (id) => store.agents.get(id) !== undefined,
    forgetAgent(id, at) {
      store.queue.flush();
      store.agents.forget(id, at);
      store.alertState.forget(id);
      hub.events.emit('agent_forgotten', { agentId: id, at });
    },
    audit: (e) => store.queue.push(() => store.audit.add({ at: e.at, kind: e.kind, agentId: e.agentId, actorId: e.actor.id, actorName: e.actor.name, via: e.via, detail: e.detail })),
    clock,
    tokenGraceMs: config.mclient.tokenGraceMs,
  });

  const catalog = createCatalog();
  const policy = createPolicy(config.roles, policyFile.rules);
  if (config.discord && config.roles.approver.length === 0) {
    log.warn(
      'ROLE_APPROVER_IDS is empty: every admin can approve, so one person with two Discord accounts (both admins) passes the two-person rule alone. Give approvals to a separate role (ROLE_APPROVER_IDS), and where the team can, require "approvals": 2 for rotate_keys and exec in POLICY_FILE.',
    );
  }
  // Roles are read again at each approval and each schedule tick. Discord answers once the bot exists;
  // until then (and with Discord off) nobody can be checked, and every such decision says no.
  let currentMembers: MemberRoles = opts.memberRoles ?? { lookup: async () => ({ kind: 'unknown', reason: msg('common.discordOff') }) };
  const members: MemberRoles = { lookup: (userId) => currentMembers.lookup(userId) };
  const directory = createAgentDirectory({ hub, agents: store.agents, flush: () => store.queue.flush(), clock });
  // Validator safety (issue 19): the stash a container validates for comes from check_keys, else the agent's payout info.
  const stashes = new Map<string, string>();
  const keyGuard = createKeyGuard({
    store: store.keySafety,
    now: () => clock.now(),
    sessionMs: config.safety.sessionMs,
    stashOf: (agentId, container) => stashes.get(`${agentId}\n${container}`) ?? directory.get(agentId)?.payout?.stash,
    chainVerifies: config.safety.chainRpcUrl !== undefined,
  });
  const dispatcher = createDispatcher({
    catalog,
    policy,
    hub: withRollingRestart(hub, {
      minPeers: config.safety.rollingMinPeers,
      healthTimeoutMs: config.safety.rollingHealthTimeoutMs,
      pollMs: config.safety.rollingPollMs,
      now: () => clock.now(),
    }),
    store,
    directory,
    log,
    clock,
    confirmTtlMs: policyFile.confirmTtlMs,
    approvalTtlMs: policyFile.approvalTtlMs,
    members,
    guard: keyGuard,
  });
  const stopRollingVerdicts = recordRollingVerdicts({ events: dispatcher.events, store });
  const sweeper = setInterval(() => {
    try {
      dispatcher.expireDue();
    } catch (err) {
      log.error({ err }, 'expiring requests failed');
    }
  }, opts.sweepIntervalMs ?? 1000);
  sweeper.unref();

  // Schedule notices reach Discord once the bot exists; with Discord off they are only logged.
  let notifySchedule: ScheduleNotify = () => {};
  // With Discord on, a schedule's channel must be one of DISCORD_GUILD_ID that the bot can post in.
  let discordForChannels: DiscordBot | undefined;
  const channels = config.discord
    ? { problem: (id: string) => (discordForChannels ? channelProblem(discordForChannels.client, config.discord!.guildId, id) : Promise.resolve(msg('common.discordNotConnected'))) }
    : undefined;
  const scheduler = createScheduler({ dispatcher, catalog, policy, store, log, clock, defaultTimezone: config.scheduleTimezone, minIntervalS: config.scheduleMinIntervalS, members, ...(channels ? { channels } : {}), approvalTtlMs: config.scheduleApprovalTtlDays * 86_400_000, notify: (channel, notice) => notifySchedule(channel, notice) });

  // Bound late: the hand-over notices need the outbox, which needs the bot.
  const late: { keySafety?: ReturnType<typeof startKeySafety> } = {};
  const safety: KeySafetyPort = {
    guard: keyGuard,
    action: (id) => store.keySafety.action(id),
    submitted(agentId, container, actor, via, stash) {
      if (!late.keySafety) throw new Error('key safety is not started yet');
      const h = late.keySafety.submitted(agentId, container, actor.name, stash);
      const at = clock.now();
      store.queue.push(() => store.audit.add({ at, kind: 'handover_submitted', requestId: null, actorId: actor.id, actorName: actor.name, via, command: null, detail: { agent: agentId, container, handover: h.id, stash: h.stash } }));
      return h;
    },
  };

  let discord: DiscordBot | undefined;
  if (config.discord) {
    discord = createDiscordBot({ config: config.discord, commands: slashCommands, agents, dispatcher, scheduler, directory, catalog, policy, store, clock, log, payoutThresholds: thresholdsOf(config.notifications), safety, channelLocale: config.locale.channels });
    const bot = discord;
    discordForChannels = bot;
    if (!opts.memberRoles) currentMembers = createDiscordMemberRoles({ client: () => bot.client, guildId: config.discord.guildId, clock, log });
    discord.start();
  } else {
    log.info('Discord is off: set DISCORD_TOKEN (with DISCORD_APPLICATION_ID and DISCORD_GUILD_ID) to turn the bot on; see README, "Run it on your Discord server".');
  }
  // After every key_update mserver asks the node whether it holds those keys; the answer is what starts a
  // key hand-over, so this runs with Discord off too (the keys channel, when there is one, posts the verdict).
  const keyChecks = startKeyCheck({ events: hub.events, dispatcher, log });
  const notifications = startNotifications({
    keyChecks,
    config: config.notifications,
    timezone: config.scheduleTimezone,
    channels: config.discord?.channels ?? {},
    store,
    hub,
    dispatcher,
    directory,
    discord,
    clock,
    log,
    locale: config.locale.channels,
    keyBasis: (agentId, container) => {
      if (!keyGuard.chainVerifies) return { kind: 'node' };
      const stash = keyGuard.stashAt(agentId, container);
      return stash === undefined ? { kind: 'no_stash' } : { kind: 'chain', stash };
    },
    // A scheduled run's outcome is already posted in its schedule's channel; when that is the alerts
    // channel, the failure notice would say it twice.
    postedWithSchedule: (request) => {
      const name = (request.origin as { schedule?: unknown } | null)?.schedule;
      if (typeof name !== 'string') return false;
      const channel = store.schedules.byName(name)?.channelId ?? null;
      return channel === null || channel === config.discord?.channels.alerts;
    },
  });
  if (discord) notifySchedule = createScheduleNotifier({ outbox: notifications.outbox, log, locale: config.locale.channels });
  const chainHealth = config.safety.chainRpcUrl
    ? watchChainHealth(createSubstrateChainReader({ url: config.safety.chainRpcUrl, timeoutMs: config.safety.chainRpcTimeoutMs }), {
        url: config.safety.chainRpcUrl,
        retry: CHAIN_RETRY,
        timers: systemTimers,
        onChange: (problem) => {
          if (problem === undefined) log.info('the chain RPC answers again: key rotations are verified on chain');
        },
      })
    : undefined;
  const chain = chainHealth?.reader;
  if (chain) {
    // Never blocks start-up: an unreachable chain is a warning, and each hand-over check is retried.
    chain.probe().then(
      (name) => log.info({ chain: name }, 'chain RPC reachable: submitted key rotations are verified on chain'),
      (err: unknown) => log.warn({ err: (err as Error).message }, 'CHAIN_RPC_URL cannot be reached: key rotations are not verified on chain until it answers; retried at each check'),
    );
  }
  const keySafety = (late.keySafety = startKeySafety({ guard: keyGuard, events: hub.events, dispatcher, outbox: notifications.outbox, actions: store.keySafety, clock, log, stashes, chain }));
  if (interrupted.length > 0) {
    const commands = interrupted.map((c) => ({ id: c.id, agentId: c.agentId, command: c.command, requestId: c.requestId }));
    notifications.outbox.enqueueNotice('alerts', { facts: { kind: 'interrupted', commands } }, { dedupeKey: `interrupted:${interrupted[0]!.id}` });
  }

  const retention = createRetention({ db: store.db, config: config.retention, clock, log });
  retention.start();
  const diskWatch = startDiskWatch({ databasePath: config.databasePath, warnFreeMb: config.diskWarnFreeMb, intervalMs: config.retention.sweepMs, outbox: notifications.outbox, clock, log });

  scheduler.start().catch((err: unknown) => log.error({ err }, 'reporting the schedule runs missed while mserver was down failed'));
  const backupJob = config.backup.cron ? startBackupJob({ ...config.backup, cron: config.backup.cron, timezone: config.scheduleTimezone, store, log }) : undefined;

  // A token a Discord member owns is capped by their roles as of each call (the same lookup as approvals').
  const apiTokens = createApiTokens({ repo: store.apiTokens, clock, memberRoles: discord ? members : undefined, policy });
  let http: HttpServer | undefined;
  let httpAddress: { host: string; port: number } | undefined;
  if (config.http) {
    // Loaded only when served: fastify, swagger and prom-client cost start-up time a bot-only mserver need not pay.
    const { createHttpServer } = await import('./transports/http/http-server.ts');
    http = createHttpServer({
      config: config.http,
      hub,
      hubAddress: { host: config.mclient.host, port },
      store,
      dispatcher,
      scheduler,
      directory,
      catalog,
      policy,
      tokens: apiTokens,
      clock,
      log,
      payoutThresholds: thresholdsOf(config.notifications),
      notices: notifications.notices.events,
      keyGuard,
      discordReady: discord ? () => discord.client.isReady() : undefined,
      chainProblem: chainHealth ? () => chainHealth.problem() : undefined,
      web: {
        members: discord ? members : undefined,
        ...(opts.webDist ? { distDir: opts.webDist } : {}),
        roleNeeded: (locale) => roleNeededText(config.roles, (id) => (discord && config.discord ? discord.client.guilds.cache.get(config.discord.guildId)?.roles.cache.get(id)?.name : undefined), locale),
      },
    });
    httpAddress = await http.listen();
    log.info({ host: httpAddress.host, port: httpAddress.port, metrics: config.http.metrics }, 'HTTP API listening (/api/v1, /api/docs, /metrics, /livez, /readyz)');
    log.info({ discordLogin: config.http.discordLogin !== undefined, publicUrl: config.http.publicUrl }, 'dashboard served at / : `web-login` at the console prints a one-time login link');
  }

  let stopConsole = () => {};
  const httpServer = http;
  const createLoginLink = () => {
    if (!httpServer) throw new UserError('unavailable', msg('web.off'));
    return httpServer.createLoginLink(consoleActor());
  };

  let stopped = false;
  return {
    hub,
    store,
    dispatcher,
    discord,
    scheduler,
    notifications,
    retention,
    port,
    agents,
    reloadPolicy() {
      if (!config.policyFile) return false;
      try {
        const next = loadPolicyFile(config.policyFile);
        policy.replaceRules(next.rules);
        for (const w of next.warnings) log.warn(`policy: ${w}`);
        log.info({ path: config.policyFile }, 'POLICY_FILE reloaded: every decision from now on uses its rules (confirmation and approval lifetimes change at the next start)');
        return true;
      } catch (err) {
        const problems = err instanceof StartupError ? err.problems : [(err as Error).message];
        log.error({ path: config.policyFile, problems }, 'POLICY_FILE reload refused: the rules stay as they were until the file is correct');
        return false;
      }
    },
    reloadTls() {
      if (!config.mclient.tls) return false;
      try {
        hub.reloadTls(readTlsPair(config.mclient.tls));
        log.info('TLS certificate and key reloaded: new connections use them, connected agents stay');
        return true;
      } catch (err) {
        log.error({ problem: (err as Error).message }, 'TLS reload failed: the hub keeps the certificate it had');
        return false;
      }
    },
    http: httpAddress,
    apiTokens,
    web: { createLoginLink },
    keyGuard,
    safety,
    runConsole(io) {
      const cons = createConsole({ webLogin: createLoginLink, dispatcher, scheduler, directory, catalog, policy, store, agents, agentTokens: () => tokens, log, clock, apiTokens, discordOn: discord !== undefined, safety, locale: config.locale.console, ...io });
      stopConsole = () => cons.close();
      return cons.run();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      stopConsole();
      await http?.close();
      clearInterval(sweeper);
      stopRollingVerdicts();
      backupJob?.stop();
      diskWatch.stop();
      await retention.stop();
      keyChecks.stop();
      keySafety.stop();
      chainHealth?.stop();
      scheduler.stop();
      await notifications.stop();
      await discord?.stop();
      await hub.close();
      await store.close();
    },
  };
}
