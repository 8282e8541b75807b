// /agents list|add|revoke|rotate|forget|accept|reject (admins; every reply private, every change
// audited): agent identities (issue 13). A new token is shown once, in the ephemeral reply only.
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { render } from '../src/i18n/message.ts';
import { actorOf } from '../src/transports/discord/actor.ts';
import type { DiscordContext } from '../src/transports/discord/discord-context.ts';
import { clip, code, discordTime, NO_MENTIONS } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { described } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';
import type { Translator } from '../src/i18n/translate.ts';

const VERBS: ReadonlyArray<readonly [string, (t: Translator) => string]> = [
  ['add', (t) => t('commands.agents.add')],
  ['revoke', (t) => t('commands.agents.revoke')],
  ['rotate', (t) => t('commands.agents.rotate')],
  ['forget', (t) => t('commands.agents.forget')],
  ['accept', (t) => t('commands.agents.accept')],
  ['reject', (t) => t('commands.agents.reject')],
];

function build() {
  const b = described(new SlashCommandBuilder().setName('agents'), (t) => t('commands.agents.description'));
  b.addSubcommand((s) => described(s.setName('list'), (t) => t('commands.agents.list')));
  for (const [name, description] of VERBS) {
    b.addSubcommand((s) => described(s.setName(name), description).addStringOption((o) => described(o.setName('id'), (t) => t('commands.agents.id')).setRequired(true).setMaxLength(64)));
  }
  return b.toJSON();
}

const reply = (i: ChatInputCommandInteraction, content: string) => i.reply({ content: clip(content, 2000), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });

function listText(ctx: DiscordContext, t: Translator): string {
  const rows = ctx.agents.list();
  if (rows.length === 0) return t('commands.agents.none');
  const lines = rows.map(
    (r) =>
      `**${r.id.slice(0, 64)}** · ${r.state} · ${r.online ? `🟢 ${t('commands.nodes.online')}` : `⚪ ${t('commands.agents.offline')}`} · ${render(t.locale, r.credential)} · ${r.lastAddress ? code(r.lastAddress) : '-'} · ${r.lastSeen ? discordTime(r.lastSeen, 'R') : t('commands.agents.neverSeen')}`,
  );
  return [t('commands.agents.listTitle', { count: rows.length }), ...lines].join('\n');
}

export const agents: SlashCommand = {
  data: build(),

  async execute(i, ctx) {
    const sub = i.options.getSubcommand();
    if (!(await ctx.requireLevel(i, 'admin', `/agents ${sub}`))) return;
    const t = readerOf(i);
    if (sub === 'list') return void (await reply(i, listText(ctx, t)));
    const id = i.options.getString('id', true).trim();
    const actor = actorOf(i);
    try {
      switch (sub) {
        case 'add': {
          const { token } = ctx.agents.add(id, actor, 'discord');
          return void (await reply(i, `${t('commands.agents.created', { id })}\n${t('commands.agents.tokenFor', { id, token: code(token) })}`));
        }
        case 'rotate': {
          const { token, graceUntil } = ctx.agents.rotate(id, actor, 'discord');
          const grace = graceUntil ? t('commands.agents.graceUntil', { at: discordTime(graceUntil, 'f') }) : t('commands.agents.noGrace');
          return void (await reply(i, `${t('commands.agents.newToken', { id })} ${grace}\n${t('commands.agents.tokenFor', { id, token: code(token) })}`));
        }
        case 'revoke': {
          const { wasConnected } = ctx.agents.revoke(id, actor, 'discord');
          return void (await reply(i, wasConnected ? t('commands.agents.revokedClosed', { id }) : t('commands.agents.revoked', { id })));
        }
        case 'forget':
          ctx.agents.forget(id, actor, 'discord');
          return void (await reply(i, t('commands.agents.forgotten', { id })));
        case 'accept': {
          const { connected } = ctx.agents.accept(id, actor, 'discord');
          return void (await reply(i, connected ? t('commands.agents.acceptedConnected', { id }) : t('commands.agents.acceptedLater', { id })));
        }
        case 'reject':
          ctx.agents.reject(id, actor, 'discord');
          return void (await reply(i, t('commands.agents.rejected', { id })));
        default:
          return void (await reply(i, t('commands.agents.unknownSub', { sub })));
      }
    } catch (err) {
      await ctx.replyError(i, err);
    }
  },
};
