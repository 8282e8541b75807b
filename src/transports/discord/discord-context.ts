// Everything a slash command adapter in commands/ may use. It is built once per bot from the core.
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { AgentAdmin } from '../../core/agent-admin.ts';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Catalog } from '../../core/catalog.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { KeySafetyPort } from '../../core/key-guard.ts';
import { describeError, UserError } from '../../core/errors.ts';
import { translate } from '../../i18n/translate.ts';
import type { Level, Policy } from '../../core/policy.ts';
import { LEVELS } from '../../core/policy.ts';
import type { PayoutThresholds } from '../../core/notifications/payout-level.ts';
import type { Clock } from '../../core/ports.ts';
import type { DiscordConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Scheduler } from '../../scheduler/scheduler.ts';
import type { Store } from '../../store/store.ts';
import { actorOf } from './actor.ts';
import { clip, NO_MENTIONS } from './message-text.ts';
import type { Locale } from '../../i18n/locale.ts';
import { localeOf } from './reader.ts';
import type { RequestFlow } from './request-flow.ts';

export interface DiscordContext {
  config: DiscordConfig;
  dispatcher: Dispatcher;
  directory: AgentDirectory;
  catalog: Catalog;
  policy: Policy;
  store: Store;
  clock: Clock;
  log: Logger;
  flow: RequestFlow;
  scheduler: Scheduler;
  payoutThresholds: PayoutThresholds;
  /** Agent identities (/agents, the Accept/Reject buttons). */
  agents: AgentAdmin;
  /** Validator safety (key guard, hand-overs, alert buttons); absent in tests that build a bare context. */
  safety?: KeySafetyPort | undefined;
  /** The language of posts with no single reader (approval requests, channel notices): MSERVER_LOCALE. */
  channelLocale: Locale;
  /** Replies privately with what went wrong (a UserError's message, or a fault's reference). */
  replyError(i: RepliableInteraction, err: unknown): Promise<void>;
  /** Replies privately. */
  whisper(i: RepliableInteraction, content: string): Promise<void>;
  /** Refuses (privately, audited) unless the member has at least this level now; `what` is in the member's language. */
  requireLevel(i: RepliableInteraction, level: Exclude<Level, 'none'>, what: string): Promise<boolean>;
}

export function createDiscordContext(base: Omit<DiscordContext, 'replyError' | 'whisper' | 'requireLevel'>): DiscordContext {
  const whisper = async (i: RepliableInteraction, content: string) => {
    const payload = { content: clip(content, 2000), flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS };
    if (i.deferred || i.replied) await i.followUp(payload);
    else await i.reply(payload);
  };
  const ctx: DiscordContext = {
    ...base,
    whisper,
    async replyError(i, err) {
      const text = describeError(err, base.log, { via: 'discord', user: i.user.id }, localeOf(i));
      await whisper(i, err instanceof UserError ? text : `⚠️ ${text}`);
    },
    async requireLevel(i, level, what) {
      const actor = actorOf(i);
      const held = base.policy.levelOf(actor, 'discord');
      if (LEVELS.indexOf(held) >= LEVELS.indexOf(level)) return true;
      const at = base.clock.now();
      base.store.queue.push(() =>
        base.store.audit.add({ at, kind: 'refused', actorId: actor.id, actorName: actor.name, via: 'discord', detail: { what, needs: level, held } }),
      );
      await whisper(i, translate(localeOf(i), 'discord.refused.level', { what, level, held }));
      return false;
    },
  };
  return ctx;
}
