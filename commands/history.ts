// /history [target] [user] [command]: recent commands with outcome, who asked and how long it took.
import { EmbedBuilder, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { COMMAND_SPECS } from '../src/core/catalog.ts';
import { respondTargets } from '../src/transports/discord/autocomplete.ts';
import { agentMd, clip, discordTime, NO_MENTIONS, textFile } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { optionalAgent } from '../src/transports/discord/target-option.ts';
import { resultText } from '../src/transports/format/result-text.ts';
import { STATE_ICON, STATE_LABEL } from '../src/transports/format/state-text.ts';
import { durationText } from '../src/transports/format/time-text.ts';
import { reachText } from '../src/transports/format/reach-text.ts';
import { historyReach } from '../src/store/history-reach.ts';

export const history: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('history')
    .setDescription('Recent commands: outcome, who asked, how long they took')
    .addStringOption((o) => o.setName('target').setDescription('Only this agent').setAutocomplete(true).setMaxLength(200))
    .addUserOption((o) => o.setName('user').setDescription('Only requests by this member'))
    .addStringOption((o) => o.setName('command').setDescription('Only this command').addChoices(...COMMAND_SPECS.map((c) => ({ name: c.name, value: c.name }))))
    .addIntegerOption((o) => o.setName('limit').setDescription('How many (default 20)').setMinValue(1).setMaxValue(200))
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'viewer', '/history'))) return;
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
      const took = r.finishedAt ? durationText(r.finishedAt - r.sentAt) : 'running';
      const detail = r.state === 'success' ? resultText(r.command, r.result).summary : (r.error ?? '');
      return `${STATE_ICON[r.state]} ${discordTime(r.sentAt, 'f')} · #${r.requestId ?? '-'} · **${agentMd(r.agentId)}** · \`${r.command}\` · ${STATE_LABEL[r.state]} (${took}) · ${r.actorName ?? 'system'} via ${r.via ?? '-'}${detail ? ` · ${agentMd(clip(detail, 80))}` : ''}`;
    });
    const description = [];
    let used = 0;
    for (const l of lines) {
      if (used + l.length > 3800) break;
      description.push(l);
      used += l.length + 1;
    }
    const embed = new EmbedBuilder()
      .setTitle(clip(`History${agentId ? ` of ${agentMd(agentId)}` : ''}: ${rows.length} command(s)`, 256))
      .setDescription(description.join('\n') || 'No command matches.')
      .setFooter({ text: reachText(historyReach(ctx.store)) });
    const files = description.length < lines.length ? [textFile('history.txt', lines.join('\n'))] : [];
    await i.reply({ embeds: [embed], files, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },

  async autocomplete(i, ctx) {
    await respondTargets(i, ctx.directory, i.options.getFocused(), false);
  },
};
