// /nodes [state] [page]: every known agent, online or not, with host, last seen, containers and
// unclaimed payouts. Pages of 20; beyond one page the whole list is attached as a file.
import { EmbedBuilder, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { AgentView } from '../src/core/agent-directory.ts';
import { agoText } from '../src/transports/format/time-text.ts';
import { agentMd, clip, NO_MENTIONS, textFile } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';

const PAGE = 20;

function payoutText(a: AgentView): string {
  const p = a.payout;
  if (!p) return '';
  if (p.unclaimed.length === 0) return ' · payouts claimed';
  const left = p.erasLeft !== undefined ? `, ${p.erasLeft} eras left` : '';
  return ` · ${p.unclaimed.length} unclaimed (oldest ${p.oldestUnclaimedEra ?? '?'}${left})`;
}

/** `esc` makes what the agent named safe in Markdown; the attached text file needs no escaping. `extra` is already escaped. */
export function nodeLine(a: AgentView, now: number, esc: (text: string) => string = agentMd, extra = ''): string {
  const icon = a.connected ? '🟢' : a.provisional ? '🟡' : '🔴';
  const host = a.hostName && a.hostName !== a.id ? ` (${esc(a.hostName)})` : '';
  const seen = a.connected ? 'online' : `seen ${agoText(a.lastSeen, now)}`;
  const containers = a.containers.length ? ` · ${esc(a.containers.join(', '))}` : '';
  return `${icon} **${esc(a.id)}**${host} · ${seen}${containers}${payoutText(a)}${extra}`;
}

export const nodes: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('nodes')
    .setDescription('Every known agent: online or not, host, last seen, containers, unclaimed payouts')
    .addStringOption((o) =>
      o.setName('state').setDescription('Which agents').addChoices({ name: 'all', value: 'all' }, { name: 'online', value: 'online' }, { name: 'offline', value: 'offline' }),
    )
    .addIntegerOption((o) => o.setName('page').setDescription('Page (20 agents each)').setMinValue(1))
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'viewer', '/nodes'))) return;
    const state = i.options.getString('state') ?? 'all';
    const all = ctx.directory.list();
    const shown = all.filter((a) => state === 'all' || (state === 'online' ? a.connected : !a.connected));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    const page = Math.min(i.options.getInteger('page') ?? 1, pages);
    const now = ctx.clock.now();
    // A container in key hand-over says so: its old node must keep running until the new keys are active.
    const handovers = ctx.safety?.guard.openHandovers() ?? [];
    const pending = (a: AgentView, esc: (text: string) => string) =>
      handovers
        .filter((h) => h.agentId === a.id)
        .map((h) => ` · 🔑 ${esc(h.container)}: ${h.state === 'pending' ? 'set_keys pending' : 'set_keys sent'} (rotated by ${esc(h.rotatedBy.split(' (request')[0]!)} ${agoText(h.rotatedAt, now)})`)
        .join('');
    const lines = shown.slice((page - 1) * PAGE, page * PAGE).map((a) => clip(nodeLine(a, now, agentMd, pending(a, agentMd)), 400));
    const online = all.filter((a) => a.connected).length;
    const embed = new EmbedBuilder()
      .setTitle(`Agents: ${all.length} known, ${online} online`)
      .setColor(online === all.length ? 0x2ecc71 : 0xe67e22)
      .setDescription(lines.join('\n') || 'No agent has connected yet.')
      .setFooter({ text: `${state} · page ${page} of ${pages}${pages > 1 ? ' · the full list is attached' : ''}` });
    const files = pages > 1 ? [textFile('nodes.txt', shown.map((a) => nodeLine(a, now, (text) => text, pending(a, (text) => text)).replace(/\*\*/g, '')).join('\n'))] : [];
    await i.reply({ embeds: [embed], files, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
};
