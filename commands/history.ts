// /history [target] [user] [command]: recent commands with outcome, who asked and how long it took.
import { EmbedBuilder, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { COMMAND_SPECS } from '../src/core/catalog.ts';
import { respondTargets } from '../src/transports/discord/autocomplete.ts';
import { agentMd, clip, discordTime, NO_MENTIONS, textFile } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { optionalAgent } from '../src/transports/discord/target-option.ts';
import { resultText } from '../src/transports/format/result-text.ts';
import { STATE_ICON, stateLabel } from '../src/transports/format/state-text.ts';
import { described, localizedChoice } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';
import { durationText } from '../src/transports/format/time-text.ts';
import { reachText } from '../src/transports/format/reach-text.ts';
import { historyReach } from '../src/store/history-reach.ts';

export const history: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('history'), (t) => t('commands.history.description'))
    .addStringOption((o) => described(o.setName('target'), (t) => t('commands.option.onlyAgent')).setAutocomplete(true).setMaxLength(200))
    .addUserOption((o) => described(o.setName('user'), (t) => t('commands.history.user')))
    // The agent commands' own names, the same in every language.
    .addStringOption((o) => described(o.setName('command'), (t) => t('commands.option.onlyCommand')).addChoices(...COMMAND_SPECS.map((c) => localizedChoice(() => c.name, c.name))))
    .addIntegerOption((o) => described(o.setName('limit'), (t) => t('commands.option.howMany', { n: 20 })).setMinValue(1).setMaxValue(200))
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'viewer', '/history'))) return;
    const t = readerOf(i);
    const chosen = await optionalAgent(i, ctx);
    if (!chosen) return;
    const { agentId } = chosen;
    ctx.store.queue.flush();
    const rows = ctx.store.commands.history({
      agentId,
      actorId: i.options.getUser('user')?.id,
      command: i.options.getString('command') ?? undefined,
      limit: i.options.getInteger('limit') ?? 20,
    });
    const lines = rows.map((r) => {
      const took = r.finishedAt ? durationText(r.finishedAt - r.sentAt, t) : t('commands.history.running');
      const detail = r.state === 'success' ? resultText(r.command, r.result, t).summary : (r.error ?? '');
      const who = t('commands.whoVia', { who: r.actorName ?? t('commands.history.system'), via: r.via ?? '-' });
      return `${STATE_ICON[r.state]} ${discordTime(r.sentAt, 'f')} · #${r.requestId ?? '-'} · **${agentMd(r.agentId)}** · \`${r.command}\` · ${stateLabel(r.state, t)} (${took}) · ${who}${detail ? ` · ${agentMd(clip(detail, 80))}` : ''}`;
    });
    const description = [];
    let used = 0;
    for (const l of lines) {
      if (used + l.length > 3800) break;
      description.push(l);
      used += l.length + 1;
    }
    const embed = new EmbedBuilder()
      .setTitle(clip(agentId ? t('commands.history.titleOf', { agent: agentMd(agentId), count: rows.length }) : t('commands.history.title', { count: rows.length }), 256))
      .setDescription(description.join('\n') || t('commands.history.none'))
      .setFooter({ text: reachText(historyReach(ctx.store), t) });
    const files = description.length < lines.length ? [textFile('history.txt', lines.join('\n'))] : [];
    await i.reply({ embeds: [embed], files, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },

  async autocomplete(i, ctx) {
    await respondTargets(i, ctx.directory, i.options.getFocused(), false);
  },
};
