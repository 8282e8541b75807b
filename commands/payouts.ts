// /payouts: the fleet's unclaimed payouts, most urgent first: the same as the daily digest, on demand
// and only for the one who asks.
import { SlashCommandBuilder } from 'discord.js';
import { buildPayoutDigest } from '../src/core/notifications/payout-digest.ts';
import { payoutDigestNotice } from '../src/transports/discord/notices/payout-notices.ts';
import { replyNotice } from '../src/transports/discord/notices/reply-notice.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { described } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';

export const payouts: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('payouts'), (t) => t('commands.payouts.description')).toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'viewer', '/payouts'))) return;
    const digest = buildPayoutDigest(ctx.directory.list(), ctx.payoutThresholds);
    const t = readerOf(i);
    await replyNotice(i, payoutDigestNotice(digest, ctx.payoutThresholds, ctx.clock.now(), t('commands.payouts.title'), t.locale));
  },
};
