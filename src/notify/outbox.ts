// The one way notifications leave mserver: stored first (the outbox), then posted by the sender. Other
// parts of mserver (schedules) call enqueue() with a channel kind or a channel id.
//
// src/notify says a notice as facts (src/core/notice.ts). Each notice is recorded as facts first
// (`record`: the notices table, read by the API and the dashboard in each reader's language), whether or
// not Discord is on. Then, for a configured Discord channel, the outbox has it written (`render`,
// Discord's embeds) in the channels' language (`locale`) when it is stored, and the row keeps the
// finished message: rows stored before an upgrade, or before MSERVER_LOCALE changed, are posted as they
// were written. (Discord rows stay rendered at enqueue time on purpose: writing them at send time needs a
// second payload shape in the outbox and a sender that writes one row as several messages.)
import { randomBytes } from 'node:crypto';
import type { Locale } from '../i18n/locale.ts';
import type { Logger } from '../log.ts';

/** One stored message as the transport that posts it wants it (JSON: Discord's message body). */
export type OutboxMessage = object;
import type { OutboxRepo } from '../store/outbox-repo.ts';
import type { NoticeOut } from '../core/notice.ts';

export type ChannelKind = 'alerts' | 'payouts' | 'keys' | 'approvals';

export interface EnqueueOptions {
  /** A notification that must exist once: a second enqueue with the same key stores nothing. */
  dedupeKey?: string;
  /** The dedupe key of an earlier notification in the same channel: this one is posted as its reply. */
  replyTo?: string;
  /** Recorded as a notice (API, dashboard) but not posted: something else already says it in Discord. */
  recordOnly?: boolean;
}

export interface Outbox {
  /** The channels' language (MSERVER_LOCALE): every notice is written in it when it is stored. */
  readonly locale: Locale;
  /**
   * Stores one message for a channel (a kind from the configuration, or a channel id); returns its row
   * id, or undefined when that channel is not configured or the dedupe key was already used.
   */
  enqueue(target: ChannelKind | string, message: OutboxMessage, opts?: EnqueueOptions): number | undefined;
  /**
   * A notice (facts and buttons): recorded once as facts, and for each Discord channel given that is
   * configured, written in the channels' language in as many messages as its length needs, stored
   * together. Several channels: one notice (recorded once, `dedupeKey` its key), each channel's rows keyed
   * `<dedupeKey>:<channel>`.
   */
  enqueueNotice(target: ChannelKind | string | readonly ChannelKind[], notice: NoticeOut, opts?: EnqueueOptions): number[];
  /** Runs `fn` in one transaction: notifications and the alert state they settle are stored together. */
  atomically<T>(fn: () => T): T;
}

export interface OutboxDeps {
  repo: OutboxRepo;
  channels: Partial<Record<ChannelKind, string | undefined>>;
  transaction: <T>(fn: () => T) => T;
  now: () => number;
  /** Called after rows were stored (the sender posts them). */
  stored: () => void;
  log: Logger;
  /** The channels' language; English when not given. */
  locale?: Locale;
  /** Writes a notice as the transport's messages (Discord's embeds): see transports/discord/notices/render-notice.ts. */
  render: (notice: NoticeOut, locale: Locale) => OutboxMessage[];
  /** Records a notice as facts (the notices table), Discord or not; `channel`: the first it goes to. */
  record?: (channel: ChannelKind, notice: NoticeOut, dedupeKey: string | undefined) => void;
  /** Discord is off: a channel kind with no id is expected, not worth a log line. */
  discordOff?: boolean;
}

const targetsOf = (target: ChannelKind | string | readonly ChannelKind[]): readonly string[] => (typeof target === 'string' ? [target] : target);

const KINDS = new Set<string>(['alerts', 'payouts', 'keys', 'approvals']);
const SNOWFLAKE = /^\d{17,20}$/;

export function createOutbox(deps: OutboxDeps): Outbox {
  const { repo, log } = deps;
  const locale = deps.locale ?? 'en';
  const warned = new Set<string>();

  function resolve(target: string): { kind: string | null; channelId: string } | undefined {
    if (KINDS.has(target)) {
      const channelId = deps.channels[target as ChannelKind];
      if (channelId) return { kind: target, channelId };
      if (!deps.discordOff && !warned.has(target)) {
        warned.add(target);
        log.info({ kind: target }, `no DISCORD_${target.toUpperCase()}_CHANNEL_ID: these notifications are not posted`);
      }
      return undefined;
    }
    if (SNOWFLAKE.test(target)) return { kind: null, channelId: target };
    log.warn({ target: target.slice(0, 40) }, 'notification for an unknown channel dropped');
    return undefined;
  }

  function store(target: string, write: () => OutboxMessage[], opts: EnqueueOptions): number[] {
    const where = resolve(target);
    if (!where) return [];
    const messages = write();
    const ids = deps.transaction(() =>
      messages.flatMap((payload, i) => {
        const id = repo.add({
          channelKind: where.kind,
          channelId: where.channelId,
          payload,
          dedupeKey: opts.dedupeKey === undefined ? undefined : i === 0 ? opts.dedupeKey : `${opts.dedupeKey}#${i + 1}`,
          replyTo: i === 0 ? opts.replyTo : undefined,
          nonce: randomBytes(12).toString('base64url'),
          at: deps.now(),
        });
        return id === undefined ? [] : [id];
      }),
    );
    if (ids.length > 0) deps.stored();
    return ids;
  }

  return {
    locale,
    enqueue: (target, message, opts = {}) => store(target, () => [message], opts)[0],
    enqueueNotice(target, notice, opts = {}) {
      const targets = targetsOf(target);
      const keyOf = (t: string) => (targets.length > 1 && opts.dedupeKey !== undefined ? `${opts.dedupeKey}:${t}` : opts.dedupeKey);
      return deps.transaction(() => {
        const kind = targets.find((t) => KINDS.has(t)) as ChannelKind | undefined;
        if (kind) deps.record?.(kind, notice, opts.dedupeKey);
        if (opts.recordOnly) return [];
        return targets.flatMap((t) => store(t, () => deps.render(notice, locale), { ...opts, dedupeKey: keyOf(t) }));
      });
    },
    atomically: (fn) => deps.transaction(fn),
  };
}
