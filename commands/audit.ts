// /audit [target] [user] [command] [kind]: the audit trail (admins only): every request, decision,
// refusal, dispatch and outcome, with who, via what and when.
import { EmbedBuilder, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { COMMAND_SPECS } from '../src/core/catalog.ts';
import { respondTargets } from '../src/transports/discord/autocomplete.ts';
import { agentMd, clip, discordTime, NO_MENTIONS, textFile } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { described, localizedChoice } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';

// More than Discord's 25 choices: offered by autocomplete instead.
const KINDS = ['requested', 'refused', 'invalid', 'confirmed', 'cancelled', 'approved', 'denied', 'expired', 'dispatched', 'completed', 'granted', 'revoked', 'agent_refused', 'agent_flood', 'agent_frame_refused', 'foreign_response', 'agent_impersonation', 'agent_pending', 'agent_accepted', 'agent_rejected', 'agent_added', 'agent_revoked', 'agent_rotated', 'agent_forgotten', 'agent_new_address', 'agent_replaced', 'handover_submitted'];

export const audit: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('audit'), (t) => t('commands.audit.description'))
    .addStringOption((o) => described(o.setName('target'), (t) => t('commands.option.onlyAgent')).setAutocomplete(true).setMaxLength(200))
    .addUserOption((o) => described(o.setName('user'), (t) => t('commands.audit.user')))
    // The agent commands' own names, the same in every language.
    .addStringOption((o) => described(o.setName('command'), (t) => t('commands.option.onlyCommand')).addChoices(...COMMAND_SPECS.map((c) => localizedChoice(() => c.name, c.name))))
    .addStringOption((o) => described(o.setName('kind'), (t) => t('commands.audit.kind')).setAutocomplete(true).setMaxLength(64))
    .addIntegerOption((o) => described(o.setName('limit'), (t) => t('commands.option.howMany', { n: 25 })).setMinValue(1).setMaxValue(500))
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'admin', '/audit'))) return;
    const t = readerOf(i);
    ctx.store.queue.flush();
    const rows = ctx.store.audit.list({
      agentId: i.options.getString('target') ?? undefined,
      actorId: i.options.getUser('user')?.id,
      command: i.options.getString('command') ?? undefined,
      kind: i.options.getString('kind') ?? undefined,
      limit: i.options.getInteger('limit') ?? 25,
    });
    const lines = rows.map((e) => {
      const who = e.actorName ? `${e.actorName}${e.actorId && /^\d+$/.test(e.actorId) ? ` (<@${e.actorId}>)` : ''}` : 'mserver';
      const detail = e.detail === undefined ? '' : ` · ${agentMd(clip(JSON.stringify(e.detail), 120))}`;
      return `${discordTime(e.at)} · **${e.kind}** · #${e.requestId ?? '-'} · ${e.command ? `\`${e.command}\`` : '-'} · ${t('commands.whoVia', { who, via: e.via ?? '-' })}${e.agentId ? ` · ${agentMd(e.agentId)}` : ''}${detail}`;
    });
    const shown: string[] = [];
    let used = 0;
    for (const l of lines) {
      if (used + l.length > 3800) break;
      shown.push(l);
      used += l.length + 1;
    }
    const embed = new EmbedBuilder().setTitle(t('commands.audit.title', { count: rows.length })).setDescription(shown.join('\n') || t('commands.audit.none'));
    const files = shown.length < lines.length ? [textFile('audit.txt', rows.map((e) => JSON.stringify(e)).join('\n'))] : [];
    await i.reply({ embeds: [embed], files, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },

  async autocomplete(i, ctx) {
    const focused = i.options.getFocused(true);
    if (focused.name === 'kind') {
      const typed = focused.value.toLowerCase();
      await i.respond(KINDS.filter((k) => k.includes(typed)).slice(0, 25).map((k) => ({ name: k, value: k })));
      return;
    }
    await respondTargets(i, ctx.directory, focused.value, false);
  },
};
