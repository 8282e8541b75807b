// What a request will do, shown before it runs: the exact agents, container, parameters and risk.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { RequestRecord } from '../../store/requests-repo.ts';
import type { Translator } from '../../i18n/translate.ts';
import { customId } from './custom-ids.ts';
import { agentMd, clip, discordTime } from './message-text.ts';
import { agentsText } from './run-message.ts';
import { warningText } from '../format/warning-text.ts';

const RISK_COLOR = { read: 0x3498db, change: 0xe67e22, critical: 0xe74c3c } as const;

/** `read`, `change`, `critical` in the reader's language. */
export function riskText(risk: RequestRecord['risk'], t: Translator): string {
  return risk === 'read' ? t('discord.risk.read') : risk === 'change' ? t('discord.risk.change') : t('discord.risk.critical');
}

/** `title` is already in the reader's language. */
export function previewEmbed(r: RequestRecord, title: string, t: Translator): EmbedBuilder {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const embed = new EmbedBuilder()
    .setColor(RISK_COLOR[r.risk])
    .setTitle(clip(title, 256))
    .addFields(
      { name: t('discord.request.field.command'), value: `\`${r.command}\` (${riskText(r.risk, t)})`, inline: true },
      { name: t('discord.request.field.request'), value: `#${r.id}`, inline: true },
      { name: t('discord.request.field.askedBy'), value: clip(`${r.actorName} (<@${r.actorId}>)`, 1024), inline: true },
      // A standing authorization (a schedule) names no agents yet: its target is resolved at each run.
      r.agents.length > 0
        ? { name: t('discord.request.field.agents', { count: r.agents.length }), value: clip(agentsText(r.agents, 20, t), 1024) }
        : { name: t('discord.request.field.target'), value: clip(t('discord.request.resolvedEachRun', { target: `\`${r.target}\`` }), 1024) },
      { name: t('discord.request.field.params'), value: clip(params.length ? params.join('\n') : t('discord.request.noParams'), 1024) },
    );
  if (r.purpose) embed.addFields({ name: t('discord.request.field.for'), value: clip(r.purpose, 1024) });
  if (r.reason) embed.addFields({ name: t('discord.request.field.reason'), value: clip(r.reason, 1024) });
  // mserver wrote it, but it names agents and containers as they called themselves: escaped.
  if (r.warning) embed.addFields({ name: `⚠️ ${t('discord.request.field.warning')}`, value: clip(agentMd(warningText(r.warning, t.locale)), 1024) });
  if (r.expiresAt) embed.addFields({ name: t('discord.request.field.expires'), value: `${discordTime(r.expiresAt)} (${discordTime(r.expiresAt, 'R')})` });
  return embed;
}

export function confirmButtons(r: RequestRecord, t: Translator): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId.confirm(r.id)).setLabel(clip(t('discord.button.confirm', { command: r.command }), 80)).setStyle(r.risk === 'critical' ? ButtonStyle.Danger : ButtonStyle.Primary),
    new ButtonBuilder().setCustomId(customId.cancel(r.id)).setLabel(t('discord.button.cancel')).setStyle(ButtonStyle.Secondary),
  );
}

export function approvalButtons(r: RequestRecord, t: Translator): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId.approve(r.id)).setLabel(t('discord.button.approve')).setStyle(ButtonStyle.Success),
    new ButtonBuilder().setCustomId(customId.deny(r.id)).setLabel(t('discord.button.deny')).setStyle(ButtonStyle.Danger),
  );
}
