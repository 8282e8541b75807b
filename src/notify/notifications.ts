// What operators see without asking: payout changes and the daily digest, key rotations with mserver's
// own check, hosts going dark and returning, unattended commands that failed. Every notification goes
// through the outbox: recorded as facts (the notices table: the API and the dashboard), and with Discord
// on, stored as posts and posted in order, exactly once. The notifiers run whether or not Discord is on:
// a team with only the dashboard and the API gets its alerts too. Rules live in src/core/notifications/;
// this wires them to the hub and the dispatcher.
import type { NotificationsConfig } from '../config.ts';
import { CREDENTIAL_LABEL } from '../core/agent-admin.ts';
import type { AgentDirectory } from '../core/agent-directory.ts';
import type { Dispatcher } from '../core/dispatcher.ts';
import type { PayoutThresholds } from '../core/notifications/payout-level.ts';
import { systemTimers, type Timers } from '../core/notifications/timers.ts';
import type { Clock } from '../core/ports.ts';
import type { Hub } from '../hub/hub.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Logger } from '../log.ts';
import type { RequestRecord } from '../store/requests-repo.ts';
import type { Store } from '../store/store.ts';
import type { DiscordBot } from '../transports/discord/discord-bot.ts';
import { createOutboxSender, discordPost } from '../transports/discord/outbox-sender.ts';
import { startHostNotifier } from './host-notifier.ts';
import { startIdentityNotifier } from './identity-notifier.ts';
import { isKeyCheck, type KeyChecks } from './key-check.ts';
import { startKeyNotifier } from './key-notifier.ts';
import type { KeyAnswerer, KeyCheckBasis } from '../core/notice.ts';
import { renderNotice } from '../transports/discord/notices/render-notice.ts';
import { rotationActions } from './key-safety.ts';
import { createAlertButtons } from './alert-buttons.ts';
import { createNoticeLog, type NoticeLog } from './notice-log.ts';
import { createOutbox, type ChannelKind, type Outbox } from './outbox.ts';
import { startPayoutDigestJob } from './payout-digest-job.ts';
import { startPayoutNotifier } from './payout-notifier.ts';
import { startRunFailureNotifier } from './run-failure-notifier.ts';

export interface NotificationsDeps {
  config: NotificationsConfig;
  timezone: string;
  channels: Partial<Record<ChannelKind, string | undefined>>;
  store: Store;
  hub: Hub;
  dispatcher: Dispatcher;
  directory: AgentDirectory;
  /** Absent when Discord is off: notices are still recorded (the API, the dashboard), nothing is posted. */
  discord: DiscordBot | undefined;
  clock: Clock;
  timers?: Timers;
  log: Logger;
  /** Unattended runs whose outcome another notice already shows (a schedule's own post). */
  postedWithSchedule?: (request: RequestRecord) => boolean;
  /** What a rotation's verdict rests on (the node's word, or the chain): see key-notices.ts. */
  keyBasis?: (agentId: string, container: string) => KeyCheckBasis;
  /** The channels' language (MSERVER_LOCALE): notices are written in it. */
  locale?: Locale;
  /** mserver's own check of each rotation (runs with or without Discord): the keys channel posts its verdict. */
  keyChecks: Pick<KeyChecks, 'events'>;
}

export interface Notifications {
  outbox: Outbox;
  /** Every notice as facts, as it is recorded (the API's event stream listens). */
  notices: NoticeLog;
  /** Flushes what waits in coalescing windows into the outbox and stops posting. */
  stop(): Promise<void>;
}

/** `val-01 (own token, from 10.0.0.4)`: who answered a key check, and on what credential. */
function describeAgent(store: Store, hub: Hub, agentId: string): KeyAnswerer {
  const r = store.credentials.get(agentId);
  const live = hub.live().find((l) => l.id === agentId);
  return { agentId, credential: r ? CREDENTIAL_LABEL[r.kind] : undefined, address: live?.address };
}

export function thresholdsOf(config: NotificationsConfig): PayoutThresholds {
  return { warnEras: config.payoutWarnEras, criticalErasLeft: config.payoutCriticalErasLeft };
}

export function startNotifications(deps: NotificationsDeps): Notifications {
  const { config, store, hub, clock, log, discord } = deps;
  const timers = deps.timers ?? systemTimers;
  const thresholds = thresholdsOf(config);
  const locale = deps.locale ?? 'en';
  const notices = createNoticeLog({ repo: store.notices, now: () => clock.now(), log });
  // With Discord off there is no sender and no channel: notices are only recorded, and no buttons are
  // stored for posts that will never exist.
  const sender = discord
    ? createOutboxSender({
        repo: store.outbox,
        post: discordPost(() => discord.client),
        clock,
        timers,
        log,
        retry: { minMs: config.retryMinMs, maxMs: config.retryMaxMs },
      })
    : undefined;
  const outbox = createOutbox({
    repo: store.outbox,
    channels: discord ? deps.channels : {},
    transaction: (fn) => store.db.transaction(fn)(),
    now: () => clock.now(),
    stored: () => sender?.kick(),
    log,
    locale,
    render: renderNotice,
    record: (channel, notice, dedupeKey) => void notices.record(channel, notice, dedupeKey),
    discordOff: !discord,
  });

  const buttons = discord ? createAlertButtons(store.keySafety, clock, locale) : undefined;
  const payouts = startPayoutNotifier({ events: hub.events, alertState: store.alertState, queue: store.queue, outbox, thresholds, windowMs: config.payoutAlertWindowMs, timers, actionsFor: buttons?.payout });
  const hosts = startHostNotifier({
    events: hub.events,
    connectedIds: () => hub.connectedIds(),
    agents: store.agents,
    alertState: store.alertState,
    queue: store.queue,
    outbox,
    graceMs: config.agentOfflineGraceMs,
    windowMs: config.agentAlertWindowMs,
    clock,
    timers,
    actionsFor: buttons?.hosts,
  });
  const identity = startIdentityNotifier({ events: hub.events, outbox });
  const keys = startKeyNotifier({
    events: hub.events,
    dispatcher: deps.dispatcher,
    checks: deps.keyChecks,
    outbox,
    describeAgent: (id) => describeAgent(store, hub, id),
    actionsFor: discord ? (e) => rotationActions(store.keySafety, clock, e, locale) : undefined,
    keyBasis: deps.keyBasis,
  });
  const failures = startRunFailureNotifier({
    dispatcher: deps.dispatcher,
    outbox,
    reportedElsewhere: isKeyCheck,
    postedElsewhere: (r) => deps.postedWithSchedule?.(r) ?? false,
    actionsFor: buttons?.rerun,
  });
  const digest = startPayoutDigestJob({ cron: config.payoutDigestCron, timezone: deps.timezone, directory: deps.directory, outbox, thresholds, clock, log });
  if (discord && sender) void discord.ready.then(() => sender.start());

  return {
    outbox,
    notices,
    async stop() {
      digest.stop();
      failures.stop();
      keys.stop();
      identity.stop();
      hosts.stop();
      payouts.stop();
      await sender?.stop();
    },
  };
}
