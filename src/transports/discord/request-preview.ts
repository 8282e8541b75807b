// What a request will do, shown before it runs: the exact agents, container, parameters and risk.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { RequestRecord } from '../../store/requests-repo.ts';
import { customId } from './custom-ids.ts';
import { agentMd, clip, discordTime } from './message-text.ts';
import { agentsText } from './run-message.ts';

const RISK_COLOR = { read: 0x3498db, change: 0xe67e22, critical: 0xe74c3c } as const;

export function previewEmbed(r: RequestRecord, title: string): EmbedBuilder {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const embed = new EmbedBuilder()
    .setColor(RISK_COLOR[r.risk])
    .setTitle(clip(title, 256))
    .addFields(
      { name: 'Command', value: `\`${r.command}\` (${r.risk})`, inline: true },
      { name: 'Request', value: `#${r.id}`, inline: true },
      { name: 'Asked by', value: clip(`${r.actorName} (<@${r.actorId}>)`, 1024), inline: true },
      // A standing authorization (a schedule) names no agents yet: its target is resolved at each run.
      r.agents.length > 0
        ? { name: `Agents (${r.agents.length})`, value: clip(agentsText(r.agents), 1024) }
        : { name: 'Target', value: clip(`\`${r.target}\` (resolved at each run)`, 1024) },
      { name: 'Parameters', value: clip(params.length ? params.join('\n') : 'none', 1024) },
    );
  if (r.purpose) embed.addFields({ name: 'For', value: clip(r.purpose, 1024) });
  if (r.reason) embed.addFields({ name: 'Reason', value: clip(r.reason, 1024) });
  // mserver wrote it, but it names agents and containers as they called themselves: escaped.
  if (r.warning) embed.addFields({ name: '⚠️ Warning from mserver', value: clip(agentMd(r.warning), 1024) });
  if (r.expiresAt) embed.addFields({ name: 'Expires', value: `${discordTime(r.expiresAt)} (${discordTime(r.expiresAt, 'R')})` });
  return embed;
}

export function confirmButtons(r: RequestRecord): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId.confirm(r.id)).setLabel(`Confirm ${r.command}`).setStyle(r.risk === 'critical' ? ButtonStyle.Danger : ButtonStyle.Primary),
    new ButtonBuilder().setCustomId(customId.cancel(r.id)).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
  );
}

export function approvalButtons(r: RequestRecord): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId.approve(r.id)).setLabel('Approve').setStyle(ButtonStyle.Success),
    new ButtonBuilder().setCustomId(customId.deny(r.id)).setLabel('Deny').setStyle(ButtonStyle.Danger),
  );
}
