// /nodes [state] [page]: every known agent, online or not, with host, last seen, containers and
// unclaimed payouts. Pages of 20; beyond one page the whole list is attached as a file.
import { EmbedBuilder, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { AgentView } from '../src/core/agent-directory.ts';
import { agoText } from '../src/transports/format/time-text.ts';
import { agentMd, clip, NO_MENTIONS, textFile } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { described, localizedChoice } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';
import type { Translator } from '../src/i18n/translate.ts';
import type { KeyBasis } from '../src/core/key-guard.ts';
import type { MessageKey } from '../src/i18n/translate.ts';

const BASIS_WORD = {
  node: 'commands.nodes.basis.node',
  chain_waiting: 'commands.nodes.basis.chainWaiting',
  chain_verified: 'commands.nodes.basis.chainVerified',
  chain_mismatch: 'commands.nodes.basis.chainMismatch',
  chain_unreachable: 'commands.nodes.basis.chainUnreachable',
  no_stash: 'commands.nodes.basis.noStash',
} as const satisfies Record<KeyBasis, MessageKey>;

const PAGE = 20;

function payoutText(a: AgentView, t: Translator): string {
  const p = a.payout;
  if (!p) return '';
  if (p.unclaimed.length === 0) return ` · ${t('commands.nodes.payoutsClaimed')}`;
  const left = p.erasLeft !== undefined ? t('commands.nodes.erasLeft', { count: p.erasLeft }) : '';
  return ` · ${t('commands.nodes.unclaimed', { count: p.unclaimed.length, oldest: p.oldestUnclaimedEra ?? '?', left })}`;
}

/** `esc` makes what the agent named safe in Markdown; the attached text file needs no escaping. `extra` is already escaped. */
export function nodeLine(a: AgentView, now: number, esc: (text: string) => string = agentMd, extra = '', t: Translator): string {
  const icon = a.connected ? '🟢' : a.provisional ? '🟡' : '🔴';
  const host = a.hostName && a.hostName !== a.id ? ` (${esc(a.hostName)})` : '';
  const seen = a.connected ? t('commands.nodes.online') : t('commands.nodes.seen', { ago: agoText(a.lastSeen, now, t) });
  const containers = a.containers.length ? ` · ${esc(a.containers.join(', '))}` : '';
  return `${icon} **${esc(a.id)}**${host} · ${seen}${containers}${payoutText(a, t)}${extra}`;
}

export const nodes: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('nodes'), (t) => t('commands.nodes.description'))
    .addStringOption((o) =>
      described(o.setName('state'), (t) => t('commands.nodes.state')).addChoices(
        localizedChoice((t) => t('commands.nodes.choice.all'), 'all'),
        localizedChoice((t) => t('commands.nodes.choice.online'), 'online'),
        localizedChoice((t) => t('commands.nodes.choice.offline'), 'offline'),
      ),
    )
    .addIntegerOption((o) => described(o.setName('page'), (t) => t('commands.nodes.page', { count: PAGE })).setMinValue(1))
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'viewer', '/nodes'))) return;
    const t = readerOf(i);
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
        .map((h) => {
          const step = h.state === 'pending' ? t('commands.nodes.setKeysPending') : t('commands.nodes.setKeysSent');
          // i18n-exempt: splits the core's "name (request #n)" form, not text shown as such
          const by = esc(h.rotatedBy.split(' (request')[0]!);
          // What "verified" rests on, in a word: the operator deciding to stop the old node needs it here too.
          const basis = t(BASIS_WORD[ctx.safety!.guard.basisOf(h)]);
          return ` · 🔑 ${esc(h.container)}: ${t('commands.nodes.handover', { step, by, ago: agoText(h.rotatedAt, now, t) })} · ${basis}`;
        })
        .join('');
    const lines = shown.slice((page - 1) * PAGE, page * PAGE).map((a) => clip(nodeLine(a, now, agentMd, pending(a, agentMd), t), 400));
    const online = all.filter((a) => a.connected).length;
    const stateName = state === 'online' ? t('commands.nodes.choice.online') : state === 'offline' ? t('commands.nodes.choice.offline') : t('commands.nodes.choice.all');
    const embed = new EmbedBuilder()
      .setTitle(t('commands.nodes.title', { known: all.length, online }))
      .setColor(online === all.length ? 0x2ecc71 : 0xe67e22)
      .setDescription(lines.join('\n') || t('commands.nodes.none'))
      .setFooter({ text: `${stateName} · ${t('commands.nodes.pageOf', { page, pages })}${pages > 1 ? ` · ${t('commands.nodes.attached')}` : ''}` });
    const files = pages > 1 ? [textFile('nodes.txt', shown.map((a) => nodeLine(a, now, (text) => text, pending(a, (text) => text), t).replace(/\*\*/g, '')).join('\n'))] : [];
    await i.reply({ embeds: [embed], files, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
};
