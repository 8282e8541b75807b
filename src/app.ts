// Builds and starts one mserver from a parsed Config: store -> hub -> core -> transports. main.ts wraps
// it with the process concerns (environment, signals, exit codes); tests start it directly on port 0.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Config } from './config.ts';
import { createAgentDirectory } from './core/agent-directory.ts';
import { createCatalog } from './core/catalog.ts';
import { createDispatcher, type Dispatcher } from './core/dispatcher.ts';
import { createKeyGuard, type KeyGuard, type KeySafetyPort } from './core/key-guard.ts';
import { startKeySafety } from './notify/key-safety.ts';
import { withRollingRestart } from './core/rolling-restart.ts';
import { createSubstrateChainReader } from './chain/substrate-chain-reader.ts';
import { createPolicy } from './core/policy.ts';
import { DEFAULT_POLICY_FILE, parsePolicyFile, type PolicyFile } from './core/policy-file.ts';
import { systemClock, type Clock } from './core/ports.ts';
import { createRedactor } from './core/redact.ts';
import { createResultSanitizer } from './core/result-sanitizer.ts';
import { createHub, type Hub } from './hub/hub.ts';
import type { Logger } from './log.ts';
import { StartupError } from './startup-error.ts';
import { createStore, type Store } from './store/store.ts';
import { createConsole } from './transports/console/console.ts';
import { createDiscordBot, type DiscordBot } from './transports/discord/discord-bot.ts';
import { createScheduleNotifier } from './transports/discord/schedule-notifier.ts';
import { interruptedNotice } from './transports/discord/notices/interrupted-notice.ts';
import { createScheduler, type Scheduler } from './scheduler/scheduler.ts';
import type { ScheduleNotify } from './scheduler/schedule-notice.ts';
import { startNotifications, thresholdsOf, type Notifications } from './notify/notifications.ts';
import { slashCommands } from '../commands/index.ts';

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Where the one-time notice of a generated agent token goes (stderr in production). */
  notice?: (line: string) => void;
}

export interface ConsoleIO {
  input: Readable;
  output: Writable;
  terminal: boolean;
  onQuit: () => void;
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
  port: number;
  /** Validator safety (issue 19): which keys each container holds, key hand-overs. */
  keyGuard: KeyGuard;
  /** Hand-over steps and alert buttons, as the transports use them. */
  safety: KeySafetyPort;
  /** Runs the operator console on these streams; resolves when it ends (quit or end of input). */
  runConsole(io: ConsoleIO): Promise<void>;
  stop(): Promise<void>;
}

const TOKEN_SETTING = 'agent_token';

function agentTokens(config: Config, store: Store, clock: Clock, notice: (line: string) => void): { tokens: string[]; source: string } {
  if (config.mclient.auth === 'none') return { tokens: [], source: 'none' };
  if (config.mclient.tokens.length > 0) return { tokens: config.mclient.tokens, source: 'MCLIENT_TOKEN' };
  const stored = store.settings.get(TOKEN_SETTING);
  if (stored) return { tokens: [stored], source: 'generated at first start, kept in the database' };
  const token = randomBytes(24).toString('base64url');
  store.settings.set(TOKEN_SETTING, token, clock.now());
  notice(`mserver: no MCLIENT_TOKEN is set, so an agent token was generated and stored in the database.`);
  notice(`mserver: agent token (shown this once; the console's "token" command shows it again): ${token}`);
  return { tokens: [token], source: 'generated at first start, kept in the database' };
}

function loadPolicyFile(path: string | undefined): PolicyFile {
  if (!path) return DEFAULT_POLICY_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StartupError([`POLICY_FILE=${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  const parsed = parsePolicyFile(text, `POLICY_FILE ${path}`);
  if (!parsed.ok) throw new StartupError(parsed.problems);
  return parsed.policy;
}

export async function startApp(opts: AppOptions): Promise<App> {
  const { config, log } = opts;
  // Read before anything opens: a bad policy file stops start-up with nothing half started.
  const policyFile = loadPolicyFile(config.policyFile);
  const clock = opts.clock ?? systemClock;
  const notice = opts.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = createStore(config.databasePath, log);
  const now = clock.now();
  const interrupted = store.commands.markInterrupted(now);
  store.agents.resetConnections(now);
  if (interrupted.length > 0) {
    log.warn(
      { count: interrupted.length, commands: interrupted.slice(0, 20).map((c) => `${c.id} ${c.command} on ${c.agentId}`) },
      'commands that were running when mserver stopped are marked interrupted',
    );
  }

  const tokens = agentTokens(config, store, clock, notice);
  if (config.mclient.auth === 'none') {
    log.warn('MCLIENT_AUTH=none: ANY client that reaches the hub port can pose as an agent. Use this only for legacy agents on a private network.');
  }
  const redactor = createRedactor([...tokens.tokens, ...(config.discord ? [config.discord.token] : [])]);
  const hub = createHub({
    options: { ...config.mclient, tokens: tokens.tokens, commandTimeoutMs: config.commandTimeoutMs, resultMaxBytes: config.resultMaxBytes },
    store,
    log,
    clock,
    sanitizeResult: createResultSanitizer(redactor),
    sanitizeText: redactor.text,
    sanitizeValue: redactor.value,
  });
  const { port } = await hub.listen();
  log.info({ host: config.mclient.host, port, auth: config.mclient.auth, database: config.databasePath }, 'hub listening for mclient agents');

  const catalog = createCatalog();
  const policy = createPolicy(config.roles, policyFile.rules);
  const directory = createAgentDirectory({ hub, agents: store.agents, flush: () => store.queue.flush(), clock });
  // Validator safety (issue 19): the stash a container validates for comes from check_keys, else the agent's payout info.
  const stashes = new Map<string, string>();
  const keyGuard = createKeyGuard({
    store: store.keySafety,
    now: () => clock.now(),
    sessionMs: config.safety.sessionMs,
    stashOf: (agentId, container) => stashes.get(`${agentId}\n${container}`) ?? directory.get(agentId)?.payout?.stash,
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
    guard: keyGuard,
  });
  const sweeper = setInterval(() => {
    try {
      dispatcher.expireDue();
    } catch (err) {
      log.error({ err }, 'expiring requests failed');
    }
  }, 1000);
  sweeper.unref();

  // Schedule notices reach Discord once the bot exists; with Discord off they are only logged.
  let notifySchedule: ScheduleNotify = () => {};
  const scheduler = createScheduler({ dispatcher, catalog, policy, store, log, clock, defaultTimezone: config.scheduleTimezone, notify: (channel, notice) => notifySchedule(channel, notice) });

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
    discord = createDiscordBot({ config: config.discord, commands: slashCommands, dispatcher, scheduler, directory, catalog, policy, store, clock, log, payoutThresholds: thresholdsOf(config.notifications), safety });
    discord.start();
  } else {
    log.info('Discord is off: set DISCORD_TOKEN (with DISCORD_APPLICATION_ID and DISCORD_GUILD_ID) to turn the bot on; see README, "Run it on your Discord server".');
  }
  const notifications = startNotifications({
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
    // A scheduled run's outcome is already posted in its schedule's channel; when that is the alerts
    // channel, the failure notice would say it twice.
    postedWithSchedule: (request) => {
      const name = (request.origin as { schedule?: unknown } | null)?.schedule;
      if (typeof name !== 'string') return false;
      const channel = store.schedules.byName(name)?.channelId ?? null;
      return channel === null || channel === config.discord?.channels.alerts;
    },
  });
  if (discord) notifySchedule = createScheduleNotifier({ outbox: notifications.outbox, log });
  const chain = config.safety.chainRpcUrl ? createSubstrateChainReader({ url: config.safety.chainRpcUrl, timeoutMs: config.safety.chainRpcTimeoutMs }) : undefined;
  if (chain) {
    // Never blocks start-up: an unreachable chain is a warning, and each hand-over check is retried.
    chain.probe().then(
      (name) => log.info({ chain: name }, 'chain RPC reachable: submitted key rotations are verified on chain'),
      (err: unknown) => log.warn({ err: (err as Error).message }, 'CHAIN_RPC_URL cannot be reached: key rotations are not verified on chain until it answers; retried at each check'),
    );
  }
  const keySafety = (late.keySafety = startKeySafety({ guard: keyGuard, events: hub.events, dispatcher, outbox: notifications.outbox, actions: store.keySafety, clock, log, stashes, chain }));
  if (interrupted.length > 0) {
    notifications.outbox.enqueueNotice('alerts', interruptedNotice(interrupted), { dedupeKey: `interrupted:${interrupted[0]!.id}` });
  }

  scheduler.start().catch((err: unknown) => log.error({ err }, 'reporting the schedule runs missed while mserver was down failed'));

  let stopConsole = () => {};

  let stopped = false;
  return {
    hub,
    store,
    dispatcher,
    discord,
    scheduler,
    notifications,
    port,
    keyGuard,
    safety,
    runConsole(io) {
      const cons = createConsole({ dispatcher, scheduler, directory, catalog, policy, store, agentTokens: () => tokens, log, clock, safety, ...io });
      stopConsole = () => cons.close();
      return cons.run();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      stopConsole();
      clearInterval(sweeper);
      keySafety.stop();
      scheduler.stop();
      await notifications.stop();
      await discord?.stop();
      await hub.close();
      await store.close();
    },
  };
}
