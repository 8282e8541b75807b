// /api-tokens add|list|revoke: API tokens for the HTTP API, for admins, answered privately. A token made
// here belongs to the member who asked: every call with it is capped by that member's roles at the time.
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { createApiTokens, parseExpiry, TOKEN_LEVELS } from '../src/core/api-tokens.ts';
import { actorOf } from '../src/transports/discord/actor.ts';
import type { DiscordContext } from '../src/transports/discord/discord-context.ts';
import { code, discordTime, NO_MENTIONS } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';

const tokensOf = (ctx: DiscordContext) => createApiTokens({ repo: ctx.store.apiTokens, clock: ctx.clock });

export const apiTokens: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('api-tokens')
    .setDescription('Tokens for the HTTP API (admin)')
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Make a token that acts as you, capped by your roles at each call')
        .addStringOption((o) => o.setName('name').setDescription('Its name, like ci-deploy').setRequired(true).setMaxLength(64))
        .addStringOption((o) => o.setName('level').setDescription('The most it may do').setRequired(true).addChoices(...TOKEN_LEVELS.map((l) => ({ name: l, value: l }))))
        .addBooleanOption((o) => o.setName('approver').setDescription('May approve other people\'s critical requests (if you may)'))
        .addStringOption((o) => o.setName('expires').setDescription('Lifetime like 90d, 12h, 2w, or never (default 90d)').setMaxLength(10)),
    )
    .addSubcommand((s) => s.setName('list').setDescription('Every token: owner, level, expiry, last use'))
    .addSubcommand((s) =>
      s
        .setName('revoke')
        .setDescription('Revoke a token: calls with it are refused from now on')
        .addStringOption((o) => o.setName('name').setDescription('The token').setRequired(true).setMaxLength(64)),
    )
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'admin', '/api-tokens'))) return;
    const actor = actorOf(i);
    const tokens = tokensOf(ctx);
    const sub = i.options.getSubcommand();
    try {
      if (sub === 'add') {
        const { token, record } = tokens.add({
          name: i.options.getString('name', true),
          level: i.options.getString('level', true),
          approver: i.options.getBoolean('approver') ?? false,
          ownerId: actor.id,
          ownerName: actor.name,
          createdBy: `${actor.name} via discord`,
          expiresInMs: parseExpiry(i.options.getString('expires') ?? '90d'),
        });
        ctx.store.queue.push(() =>
          ctx.store.audit.add({ at: ctx.clock.now(), kind: 'api_token_added', actorId: actor.id, actorName: actor.name, via: 'discord', detail: { name: record.name, level: record.level, approver: record.approver } }),
        );
        const until = record.expiresAt === null ? 'never expires' : `expires ${discordTime(record.expiresAt, 'f')}`;
        await i.reply({
          content: [
            `API token **${record.name}**: ${record.level}${record.approver ? ', approver' : ''}, acting as you, ${until}.`,
            `token: ${code(token)}`,
            'Shown this once: store it now (mserver keeps only its hash). Send it as `Authorization: Bearer <token>`; each call is capped by your roles at that moment.',
          ].join('\n'),
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
        return;
      }
      if (sub === 'revoke') {
        const t = tokens.revoke(i.options.getString('name', true));
        ctx.store.queue.push(() =>
          ctx.store.audit.add({ at: ctx.clock.now(), kind: 'api_token_revoked', actorId: actor.id, actorName: actor.name, via: 'discord', detail: { name: t.name } }),
        );
        await ctx.whisper(i, `API token **${t.name}** revoked: calls with it are refused from now on.`);
        return;
      }
      const all = tokens.list();
      const lines = all.map((t) => {
        const state = t.revokedAt !== null ? 'revoked' : t.expiresAt !== null && t.expiresAt <= ctx.clock.now() ? 'expired' : 'active';
        return `• **${t.name}** · ${t.level}${t.approver ? ' · approver' : ''} · owner ${t.ownerName} · ${state}${t.expiresAt ? ` · until ${discordTime(t.expiresAt, 'f')}` : ''}${t.lastUsedAt ? ` · used ${discordTime(t.lastUsedAt, 'R')}` : ''}`;
      });
      await ctx.whisper(i, lines.length ? lines.join('\n') : 'No API tokens yet: `/api-tokens add` makes one.');
    } catch (err) {
      await ctx.replyError(i, err);
    }
  },
};
