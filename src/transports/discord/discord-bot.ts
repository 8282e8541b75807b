// The Discord side of mserver: one discord.js client (Guilds intent only) that logs in in the
// background and keeps trying with back-off when the token is refused or Discord is out of reach, while
// the hub goes on serving agents. Interactions are routed to commands/ and to the request flows.
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { AgentAdmin } from '../../core/agent-admin.ts';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Catalog } from '../../core/catalog.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Policy } from '../../core/policy.ts';
import type { PayoutThresholds } from '../../core/notifications/payout-level.ts';
import type { Clock } from '../../core/ports.ts';
import type { DiscordConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Scheduler } from '../../scheduler/scheduler.ts';
import type { Store } from '../../store/store.ts';
import { actorOf } from './actor.ts';
import { isAgentButton, onAgentButton } from './agent-buttons.ts';
import type { KeySafetyPort } from '../../core/key-guard.ts';
import { onAlertButton } from './alert-button-flow.ts';
import { createApprovalFlow } from './approval-flow.ts';
import { removeGlobalCommands, syncCommands } from './command-sync.ts';
import { parseCustomId } from './custom-ids.ts';
import { createDiscordContext, type DiscordContext } from './discord-context.ts';
import { refuseOutsideGuild } from './guild-gate.ts';
import { createRequestFlow } from './request-flow.ts';
import { createRequestViews } from './request-views.ts';
import type { SlashCommand } from './slash-command.ts';
import type { Locale } from '../../i18n/locale.ts';
import { readerOf } from './reader.ts';

export interface DiscordBotDeps {
  config: DiscordConfig;
  commands: readonly SlashCommand[];
  dispatcher: Dispatcher;
  agents: AgentAdmin;
  scheduler: Scheduler;
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  store: Store;
  clock: Clock;
  log: Logger;
  /** What /payouts calls warning and critical (PAYOUT_WARN_ERAS, PAYOUT_CRITICAL_ERAS_LEFT). */
  payoutThresholds: PayoutThresholds;
  /** Validator safety: /keys duplicates, submitted, override, and the buttons under alerts. */
  safety?: KeySafetyPort | undefined;
  /** The language of posts with no single reader (the approvals channel): config.locale.channels. */
  channelLocale?: Locale | undefined;
}

export interface DiscordBot {
  client: Client;
  context: DiscordContext;
  /** Resolves once logged in, guild commands in sync and every guild available. */
  ready: Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

const MAX_RETRY_MS = 300_000;

export function createDiscordBot(deps: DiscordBotDeps): DiscordBot {
  const { config, log } = deps;
  const channelLocale = deps.channelLocale ?? 'en';
  // discord.js cannot log in again with a client whose login failed (its gateway manager stays marked
  // destroyed, and a later destroy() leaves the connection open), so each attempt gets a new client.
  const newClient = () =>
    new Client({
      intents: [GatewayIntentBits.Guilds],
      // The default for every message: nothing mserver posts may ping (each send also says so itself).
      allowedMentions: { parse: [] },
      ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
    });
  let client = newClient();
  const views = createRequestViews();
  // The flows report errors through the context, which needs the flows: the late binding closes the loop.
  const replyError: DiscordContext['replyError'] = (i, err) => ctx.replyError(i, err);
  const approvals = createApprovalFlow({
    client: () => client,
    dispatcher: deps.dispatcher,
    approvalsChannelId: config.channels.approvals,
    views,
    clock: deps.clock,
    log,
    replyError,
    channelLocale,
  });
  const flow = createRequestFlow({ dispatcher: deps.dispatcher, approvals, views, clock: deps.clock, log, replyError });
  const ctx: DiscordContext = createDiscordContext({
    config,
    dispatcher: deps.dispatcher,
    scheduler: deps.scheduler,
    directory: deps.directory,
    catalog: deps.catalog,
    policy: deps.policy,
    store: deps.store,
    clock: deps.clock,
    log,
    flow,
    payoutThresholds: deps.payoutThresholds,
    agents: deps.agents,
    safety: deps.safety,
    channelLocale,
  });
  const byName = new Map(deps.commands.map((c) => [c.data.name, c]));

  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function route(i: Interaction): Promise<void> {
    const outside = refuseOutsideGuild(i, { id: i.user.id, name: i.user.globalName ?? i.user.username }, { guildId: config.guildId, clock: deps.clock, store: deps.store }, readerOf(i));
    if (outside !== undefined) {
      if (i.isAutocomplete()) return i.respond([]);
      if (i.isRepliable()) return ctx.whisper(i, outside);
      return;
    }
    const t = readerOf(i);
    if (i.isChatInputCommand()) {
      const command = byName.get(i.commandName);
      if (!command) return ctx.whisper(i, t('discord.route.unknownCommand', { name: i.commandName }));
      return command.execute(i, ctx);
    }
    if (i.isAutocomplete()) {
      // Suggestions name agents, hosts, containers and schedules: a member without even the viewer
      // level learns nothing about the fleet from them.
      if (deps.policy.levelOf(actorOf(i), 'discord') === 'none') return i.respond([]);
      const command = byName.get(i.commandName);
      return command?.autocomplete ? command.autocomplete(i, ctx) : i.respond([]);
    }
    if (i.isButton() && isAgentButton(i.customId)) return onAgentButton(i, ctx, deps.agents);
    if (i.isButton() || i.isModalSubmit()) {
      const action = parseCustomId(i.customId);
      if (!action) return ctx.whisper(i, t('discord.route.unknownButtonOld'));
      if (i.isModalSubmit()) {
        if (action.kind === 'reason') return approvals.onReason(i, action.requestId);
        return ctx.whisper(i, t('discord.route.unknownForm'));
      }
      switch (action.kind) {
        case 'confirm':
          return flow.onConfirm(i, action.requestId);
        case 'cancel':
          return flow.onCancel(i, action.requestId);
        case 'approve':
          return approvals.onApprove(i, action.requestId);
        case 'deny':
          return approvals.onDeny(i, action.requestId);
        case 'alert':
          return onAlertButton(i, action.requestId, ctx);
        default:
          return ctx.whisper(i, t('discord.route.unknownButton'));
      }
    }
  }

  function wire(c: Client): void {
    c.on(Events.InteractionCreate, (i) => {
      route(i).catch(async (err: unknown) => {
        if (i.isRepliable()) await ctx.replyError(i, err).catch((e: unknown) => log.warn({ err: e }, 'could not report an error to Discord'));
        else log.error({ err }, 'handling a Discord interaction failed');
      });
    });
    c.on(Events.Error, (err) => log.error({ err }, 'Discord client error'));
    c.on(Events.Warn, (message) => log.warn({ message }, 'Discord client warning'));
    c.on(Events.ShardDisconnect, (event) => log.warn({ code: event.code }, 'Discord gateway disconnected; reconnecting'));
    c.on(Events.ShardResume, () => log.info('Discord gateway resumed'));
    c.once(Events.ClientReady, (ready) => {
      void (async () => {
        log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'Discord bot logged in');
        const applicationId = config.applicationId ?? ready.application.id;
        try {
          const changed = await syncCommands(ready.rest, applicationId, config.guildId, deps.commands.map((x) => x.data));
          log.info({ guild: config.guildId, changed, commands: deps.commands.length }, changed ? 'slash commands updated in the guild' : 'slash commands already up to date');
        } catch (err) {
          log.error({ err, guild: config.guildId }, 'could not sync the slash commands to the guild (is the bot in it, with the applications.commands scope?)');
        }
        try {
          const removed = await removeGlobalCommands(ready.rest, applicationId);
          if (removed > 0) log.warn({ removed }, 'removed global slash commands left by an older deployment: mserver registers its commands in DISCORD_GUILD_ID only');
        } catch (err) {
          log.warn({ err }, 'could not check for global slash commands');
        }
        const elsewhere = ready.guilds.cache.filter((g) => g.id !== config.guildId).map((g) => g.id);
        if (elsewhere.length > 0) {
          log.warn({ guilds: elsewhere.slice(0, 20) }, `the bot is also in ${elsewhere.length} other server(s): mserver refuses every interaction there. Turn "Public Bot" off in the Developer Portal and remove the bot from servers that are not yours.`);
        }
        markReady();
      })();
    });
  }

  async function login(attempt: number): Promise<void> {
    if (stopped) return;
    try {
      await client.login(config.token);
    } catch (err) {
      if (stopped) return;
      const delay = Math.min(config.loginRetryS * 1000 * 2 ** Math.min(attempt, 20), MAX_RETRY_MS);
      const e = err as Error & { code?: string };
      // `why` goes to the log only, which stays English.
      const why =
        e.code === 'TokenInvalid' || /401|invalid token/i.test(e.message)
          ? 'Discord refused DISCORD_TOKEN (reset it in the Developer Portal, Bot page)' // i18n-exempt: a log line (logs stay English)
          : `Discord is out of reach (${e.message})`; // i18n-exempt: a log line (logs stay English)
      log.error({ attempt: attempt + 1, retryInMs: delay }, `${why}: the hub keeps serving agents; retrying`);
      client = newClient();
      wire(client);
      retry = setTimeout(() => void login(attempt + 1), delay);
      retry.unref();
    }
  }

  wire(client);
  return {
    get client() {
      return client;
    },
    context: ctx,
    ready,
    start() {
      void login(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client.destroy();
    },
  };
}
