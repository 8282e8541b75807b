// /keys [target] [limit]: the session keys agents reported, newest first, with history: each in full to
// copy, who asked for it, and a flag on keys no rotate_keys asked for.
import { SlashCommandBuilder } from 'discord.js';
import { respondTargets } from '../src/transports/discord/autocomplete.ts';
import type { DiscordContext } from '../src/transports/discord/discord-context.ts';
import { agentMd, code, codeBlock, discordTime } from '../src/transports/discord/message-text.ts';
import { replyNotice } from '../src/transports/discord/notices/reply-notice.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { optionalAgent } from '../src/transports/discord/target-option.ts';
import type { SessionKeyRecord } from '../src/store/keys-repo.ts';

function askedBy(k: SessionKeyRecord, ctx: DiscordContext): string {
  if (!k.solicited) return '⚠️ **unsolicited**: no rotate_keys asked for it';
  const command = k.commandId ? ctx.store.commands.get(k.commandId) : undefined;
  const request = command?.requestId ? ctx.store.requests.get(command.requestId) : undefined;
  return request ? `asked by ${request.actorName} via ${request.via} (request #${request.id})` : `asked by ${k.commandId ? code(k.commandId) : 'a rotate_keys'}`;
}

export const keys: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('keys')
    .setDescription('Session keys the agents reported, newest first, with history')
    .addStringOption((o) => o.setName('target').setDescription('Only this agent').setAutocomplete(true).setMaxLength(200))
    .addIntegerOption((o) => o.setName('limit').setDescription('How many (default 20)').setMinValue(1).setMaxValue(100))
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'viewer', '/keys'))) return;
    const chosen = await optionalAgent(i, ctx);
    if (!chosen) return;
    const { agentId } = chosen;
    ctx.store.queue.flush();
    const rows = ctx.store.keys.list(agentId, i.options.getInteger('limit') ?? 20);
    const seen = new Set<string>();
    const lines = rows.flatMap((k) => {
      const where = `${k.agentId}\n${k.container}`;
      const current = !seen.has(where);
      seen.add(where);
      return [
        `${current ? '🟢 **current**' : '⚪ earlier'} · **${agentMd(k.agentId.slice(0, 100))}** / ${code(k.container)} · ${discordTime(k.receivedAt, 'f')} · ${askedBy(k, ctx)}`,
        codeBlock(k.sessionKey),
      ];
    });
    await replyNotice(i, {
      title: `Session keys${agentId ? ` of ${agentMd(agentId)}` : ''}: ${rows.length} record${rows.length === 1 ? '' : 's'}`,
      level: rows.some((k) => !k.solicited) ? 'warning' : 'info',
      lines: lines.length ? lines : ['No agent has reported session keys yet.'],
      footer: 'Keys take effect only after session.setKeys on chain and two more sessions; keep the old node running until then.',
    });
  },

  async autocomplete(i, ctx) {
    await respondTargets(i, ctx.directory, i.options.getFocused(), false);
  },
};
