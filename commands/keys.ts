// /keys list [target] [limit]: the session keys agents reported, newest first, with history, and the key
// hand-overs in progress. /keys duplicates: any public key held by two agents or containers.
// /keys submitted target container [stash]: session.setKeys was sent. /keys override target container
// command reason: an admin asks to start/restart past the duplicate-key guard (a critical approval).
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { duplicateText } from '../src/core/key-guard.ts';
import { respondContainers, respondTargets } from '../src/transports/discord/autocomplete.ts';
import type { DiscordContext } from '../src/transports/discord/discord-context.ts';
import { agentMd, code, codeBlock, discordTime, NO_MENTIONS } from '../src/transports/discord/message-text.ts';
import { replyNotice } from '../src/transports/discord/notices/reply-notice.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { optionalAgent } from '../src/transports/discord/target-option.ts';
import { actorOf } from '../src/transports/discord/actor.ts';
import { handoverText } from '../src/transports/format/handover-text.ts';
import type { SessionKeyRecord } from '../src/store/keys-repo.ts';
import { described, localizedChoice } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';
import type { Translator } from '../src/i18n/translate.ts';

function askedBy(k: SessionKeyRecord, ctx: DiscordContext, t: Translator): string {
  if (!k.solicited) return `⚠️ ${t('commands.keys.unsolicited')}`;
  const command = k.commandId ? ctx.store.commands.get(k.commandId) : undefined;
  const request = command?.requestId ? ctx.store.requests.get(command.requestId) : undefined;
  return request
    ? t('commands.keys.askedByRequest', { name: request.actorName, via: request.via, id: request.id })
    : t('commands.keys.askedBy', { by: k.commandId ? code(k.commandId) : t('commands.keys.aRotateKeys') });
}

async function list(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  const chosen = await optionalAgent(i, ctx);
  if (!chosen) return;
  const { agentId } = chosen;
  const t = readerOf(i);
  ctx.store.queue.flush();
  const rows = ctx.store.keys.list(agentId, i.options.getInteger('limit') ?? 20);
  const seen = new Set<string>();
  const lines = rows.flatMap((k) => {
    const where = `${k.agentId}\n${k.container}`;
    const current = !seen.has(where);
    seen.add(where);
    return [
      `${current ? `🟢 **${t('commands.keys.current')}**` : `⚪ ${t('commands.keys.earlier')}`} · **${agentMd(k.agentId.slice(0, 100))}** / ${code(k.container)} · ${discordTime(k.receivedAt, 'f')} · ${askedBy(k, ctx, t)}`,
      codeBlock(k.sessionKey),
    ];
  });
  const guard = ctx.safety?.guard;
  const handovers = (guard?.openHandovers() ?? []).filter((h) => !agentId || h.agentId === agentId);
  const handoverLines = handovers.map((h) => handoverText(h, guard!.doneAt(h), (at) => discordTime(at, 'f'), agentMd, guard!.basisOf(h), t));
  await replyNotice(i, {
    title: agentId ? t('commands.keys.titleOf', { agent: agentMd(agentId), count: rows.length }) : t('commands.keys.title', { count: rows.length }),
    level: rows.some((k) => !k.solicited) ? 'warning' : 'info',
    lines: [...(handoverLines.length ? [`**${t('commands.keys.handovers')}**`, ...handoverLines, ''] : []), ...(lines.length ? lines : [t('commands.keys.none')])],
    footer: t('commands.keys.footer'),
  });
}

async function duplicates(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  const t = readerOf(i);
  const found = ctx.safety?.guard.duplicates() ?? [];
  await replyNotice(i, {
    title: found.length ? `🚨 ${t('commands.keys.duplicates', { count: found.length })}` : `✅ ${t('commands.keys.noDuplicates')}`,
    level: found.length ? 'critical' : 'ok',
    lines: found.length ? found.map((d) => `• ${duplicateText(d, (at) => discordTime(at, 'f'), agentMd, t.locale)}`) : [t('commands.keys.noDuplicatesLine')],
    footer: found.length ? t('commands.keys.duplicatesFooter') : undefined,
  });
}

async function submitted(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  if (!(await ctx.requireLevel(i, 'operator', '/keys submitted'))) return; // i18n-exempt: a command as typed
  try {
    const agentId = ctx.directory.resolve(i.options.getString('target', true))[0]!;
    const h = ctx.safety!.submitted(agentId, i.options.getString('container', true), actorOf(i), 'discord', i.options.getString('stash') ?? undefined);
    const doneAt = ctx.safety!.guard.doneAt(h);
    const t = readerOf(i);
    await i.reply({
      content: `📨 ${t('commands.keys.recorded', {
        where: `${agentMd(agentId)} / ${agentMd(h.container)}`,
        by: agentMd(h.submittedBy ?? '?'),
        done: doneAt ? discordTime(doneAt, 'R') : t('discord.keys.twoSessionsLater'),
      })}`,
      allowedMentions: NO_MENTIONS,
    });
  } catch (err) {
    await ctx.replyError(i, err);
  }
}

async function override(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  await ctx.flow.run(
    i,
    { command: i.options.getString('command', true), target: i.options.getString('target', true), params: { container: i.options.getString('container', true) } },
    { override: true, reason: i.options.getString('reason', true) },
  );
}

export const keys: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('keys'), (t) => t('commands.keys.description'))
    .addSubcommand((s) =>
      described(s.setName('list'), (t) => t('commands.keys.list'))
        .addStringOption((o) => described(o.setName('target'), (t) => t('commands.option.onlyAgent')).setAutocomplete(true).setMaxLength(200))
        .addIntegerOption((o) => described(o.setName('limit'), (t) => t('commands.option.howMany', { n: 20 })).setMinValue(1).setMaxValue(100)),
    )
    .addSubcommand((s) => described(s.setName('duplicates'), (t) => t('commands.keys.duplicatesSub')))
    .addSubcommand((s) =>
      described(s.setName('submitted'), (t) => t('commands.keys.submitted'))
        .addStringOption((o) => described(o.setName('target'), (t) => t('commands.option.agent')).setRequired(true).setAutocomplete(true).setMaxLength(200))
        .addStringOption((o) => described(o.setName('container'), (t) => t('commands.option.container')).setRequired(true).setAutocomplete(true).setMaxLength(128))
        .addStringOption((o) => described(o.setName('stash'), (t) => t('commands.keys.stash')).setMaxLength(64)),
    )
    .addSubcommand((s) =>
      described(s.setName('override'), (t) => t('commands.keys.override'))
        .addStringOption((o) => described(o.setName('target'), (t) => t('commands.option.agent')).setRequired(true).setAutocomplete(true).setMaxLength(200))
        .addStringOption((o) => described(o.setName('container'), (t) => t('commands.option.container')).setRequired(true).setAutocomplete(true).setMaxLength(128))
        .addStringOption((o) =>
          described(o.setName('command'), (t) => t('commands.option.whatToRun'))
            .setRequired(true)
            // i18n-exempt: the agent commands' own names
            .addChoices(localizedChoice(() => 'start', 'start'), localizedChoice(() => 'restart', 'restart')),
        )
        .addStringOption((o) => described(o.setName('reason'), (t) => t('commands.keys.reason')).setRequired(true).setMinLength(3).setMaxLength(1000)),
    )
    .toJSON(),

  async execute(i, ctx) {
    const sub = i.options.getSubcommand();
    if (sub === 'submitted') return submitted(i, ctx);
    if (sub === 'override') return override(i, ctx);
    if (!(await ctx.requireLevel(i, 'viewer', '/keys'))) return;
    if (sub === 'duplicates') return duplicates(i, ctx);
    return list(i, ctx);
  },

  async autocomplete(i, ctx) {
    const focused = i.options.getFocused(true);
    if (focused.name === 'container') return respondContainers(i, ctx.directory, i.options.getString('target'), focused.value);
    await respondTargets(i, ctx.directory, focused.value, false);
  },
};
