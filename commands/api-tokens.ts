// /api-tokens add|list|revoke: API tokens for the HTTP API, for admins, answered privately. A token made
// here belongs to the member who asked: every call with it is capped by that member's roles at the time.
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { createApiTokens, parseExpiry, TOKEN_LEVELS } from '../src/core/api-tokens.ts';
import { actorOf } from '../src/transports/discord/actor.ts';
import type { DiscordContext } from '../src/transports/discord/discord-context.ts';
import { code, discordTime, NO_MENTIONS } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { described, localizedChoice } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';

const tokensOf = (ctx: DiscordContext) => createApiTokens({ repo: ctx.store.apiTokens, clock: ctx.clock });

export const apiTokens: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('api-tokens'), (t) => t('commands.apiTokens.description'))
    .addSubcommand((s) =>
      described(s.setName('add'), (t) => t('commands.apiTokens.add'))
        .addStringOption((o) => described(o.setName('name'), (t) => t('commands.apiTokens.name')).setRequired(true).setMaxLength(64))
        .addStringOption((o) =>
          described(o.setName('level'), (t) => t('commands.apiTokens.level'))
            .setRequired(true)
            // The level names are the words of the policy (viewer, operator, admin), the same in every language.
            .addChoices(...TOKEN_LEVELS.map((l) => localizedChoice(() => l, l))),
        )
        .addBooleanOption((o) => described(o.setName('approver'), (t) => t('commands.apiTokens.approver')))
        .addStringOption((o) => described(o.setName('expires'), (t) => t('commands.apiTokens.expires')).setMaxLength(10)),
    )
    .addSubcommand((s) => described(s.setName('list'), (t) => t('commands.apiTokens.list')))
    .addSubcommand((s) =>
      described(s.setName('revoke'), (t) => t('commands.apiTokens.revoke')).addStringOption((o) =>
        described(o.setName('name'), (t) => t('commands.apiTokens.theToken')).setRequired(true).setMaxLength(64),
      ),
    )
    .toJSON(),

  async execute(i, ctx) {
    if (!(await ctx.requireLevel(i, 'admin', '/api-tokens'))) return;
    const actor = actorOf(i);
    const t = readerOf(i);
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
          createdBy: `${actor.name} via discord`, // i18n-exempt: a stored record of who made it, kept as written
          expiresInMs: parseExpiry(i.options.getString('expires') ?? '90d'),
        });
        ctx.store.queue.push(() =>
          ctx.store.audit.add({ at: ctx.clock.now(), kind: 'api_token_added', actorId: actor.id, actorName: actor.name, via: 'discord', detail: { name: record.name, level: record.level, approver: record.approver } }),
        );
        const until = record.expiresAt === null ? t('commands.apiTokens.neverExpires') : t('commands.apiTokens.expiresAt', { at: discordTime(record.expiresAt, 'f') });
        await i.reply({
          content: [
            t('commands.apiTokens.made', { name: record.name, level: record.level, approver: record.approver ? t('commands.apiTokens.andApprover') : '', until }),
            t('commands.apiTokens.token', { token: code(token) }),
            t('commands.apiTokens.shownOnce'),
          ].join('\n'),
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
        return;
      }
      if (sub === 'revoke') {
        const revoked = tokens.revoke(i.options.getString('name', true));
        ctx.store.queue.push(() =>
          ctx.store.audit.add({ at: ctx.clock.now(), kind: 'api_token_revoked', actorId: actor.id, actorName: actor.name, via: 'discord', detail: { name: revoked.name } }),
        );
        await ctx.whisper(i, t('commands.apiTokens.revoked', { name: revoked.name }));
        return;
      }
      const all = tokens.list();
      const lines = all.map((k) => {
        const state = k.revokedAt !== null ? t('commands.apiTokens.stateRevoked') : k.expiresAt !== null && k.expiresAt <= ctx.clock.now() ? t('commands.apiTokens.stateExpired') : t('commands.apiTokens.stateActive');
        const parts = [
          `**${k.name}**`,
          k.level,
          ...(k.approver ? [t('commands.apiTokens.approverWord')] : []),
          t('commands.apiTokens.owner', { name: k.ownerName }),
          state,
          ...(k.expiresAt ? [t('commands.apiTokens.until', { at: discordTime(k.expiresAt, 'f') })] : []),
          ...(k.lastUsedAt ? [t('commands.apiTokens.used', { at: discordTime(k.lastUsedAt, 'R') })] : []),
        ];
        return `• ${parts.join(' · ')}`;
      });
      await ctx.whisper(i, lines.length ? lines.join('\n') : t('commands.apiTokens.none'));
    } catch (err) {
      await ctx.replyError(i, err);
    }
  },
};
