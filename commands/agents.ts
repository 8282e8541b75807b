// /agents list|add|revoke|rotate|forget|accept|reject (admins; every reply private, every change
// audited): agent identities (issue 13). A new token is shown once, in the ephemeral reply only.
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { render } from '../src/i18n/message.ts';
import { actorOf } from '../src/transports/discord/actor.ts';
import type { DiscordContext } from '../src/transports/discord/discord-context.ts';
import { clip, code, discordTime, NO_MENTIONS } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';

const VERBS = [
  ['add', 'Create an agent with a token of its own (shown once)'],
  ['revoke', 'Refuse its token from now on and close its connection'],
  ['rotate', 'A new token; the old one works for the grace period or until the new one is used'],
  ['forget', 'A decommissioned host: out of /nodes, all and the offline alerts (history stays)'],
  ['accept', 'Accept an agent waiting after enrolment with the fleet token'],
  ['reject', 'Reject an agent waiting after enrolment with the fleet token'],
] as const;

function build() {
  const b = new SlashCommandBuilder().setName('agents').setDescription('Agent identities (admins): tokens, enrolment, revocation');
  b.addSubcommand((s) => s.setName('list').setDescription('Each agent: state, credential, last address, last seen'));
  for (const [name, description] of VERBS) {
    b.addSubcommand((s) => s.setName(name).setDescription(description).addStringOption((o) => o.setName('id').setDescription('The agent id').setRequired(true).setMaxLength(64)));
  }
  return b.toJSON();
}

const reply = (i: ChatInputCommandInteraction, content: string) => i.reply({ content: clip(content, 2000), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });

function listText(ctx: DiscordContext): string {
  const rows = ctx.agents.list();
  if (rows.length === 0) return 'No agent identities yet: `/agents add` creates one with a token of its own.';
  const lines = rows.map((r) => `**${r.id.slice(0, 64)}** · ${r.state} · ${r.online ? '🟢 online' : '⚪ offline'} · ${render('en', r.credential)} · ${r.lastAddress ? code(r.lastAddress) : '-'} · ${r.lastSeen ? discordTime(r.lastSeen, 'R') : 'never seen'}`);
  return [`Agent identities: ${rows.length}`, ...lines].join('\n');
}

export const agents: SlashCommand = {
  data: build(),

  async execute(i, ctx) {
    const sub = i.options.getSubcommand();
    if (!(await ctx.requireLevel(i, 'admin', `/agents ${sub}`))) return;
    if (sub === 'list') return void (await reply(i, listText(ctx)));
    const id = i.options.getString('id', true).trim();
    const actor = actorOf(i);
    try {
      switch (sub) {
        case 'add': {
          const { token } = ctx.agents.add(id, actor, 'discord');
          return void (await reply(i, `Agent **${id}** created. Configure its mclient with this token (shown once; only its hash is kept):\ntoken for ${id}: ${code(token)}`));
        }
        case 'rotate': {
          const { token, graceUntil } = ctx.agents.rotate(id, actor, 'discord');
          const grace = graceUntil ? `The old one works until ${discordTime(graceUntil, 'f')} or until this one is used.` : 'The old one no longer works.';
          return void (await reply(i, `New token for **${id}** (shown once). ${grace}\ntoken for ${id}: ${code(token)}`));
        }
        case 'revoke': {
          const { wasConnected } = ctx.agents.revoke(id, actor, 'discord');
          return void (await reply(i, `**${id}** revoked: its token is refused from now on${wasConnected ? ', and its connection was closed' : ''}.`));
        }
        case 'forget':
          ctx.agents.forget(id, actor, 'discord');
          return void (await reply(i, `**${id}** forgotten: out of /nodes, \`all\` and the offline alerts; its history stays.`));
        case 'accept': {
          const { connected } = ctx.agents.accept(id, actor, 'discord');
          return void (await reply(i, `**${id}** accepted${connected ? ': connected, it receives commands now' : ': accepted when it connects'}.`));
        }
        case 'reject':
          ctx.agents.reject(id, actor, 'discord');
          return void (await reply(i, `**${id}** rejected: the fleet token can no longer enrol it.`));
        default:
          return void (await reply(i, `/agents ${sub} is not a subcommand of this mserver.`));
      }
    } catch (err) {
      await ctx.replyError(i, err);
    }
  },
};
