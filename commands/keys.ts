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

function askedBy(k: SessionKeyRecord, ctx: DiscordContext): string {
  if (!k.solicited) return '⚠️ **unsolicited**: no rotate_keys asked for it';
  const command = k.commandId ? ctx.store.commands.get(k.commandId) : undefined;
  const request = command?.requestId ? ctx.store.requests.get(command.requestId) : undefined;
  return request ? `asked by ${request.actorName} via ${request.via} (request #${request.id})` : `asked by ${k.commandId ? code(k.commandId) : 'a rotate_keys'}`;
}

async function list(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
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
  const guard = ctx.safety?.guard;
  const handovers = (guard?.openHandovers() ?? []).filter((h) => !agentId || h.agentId === agentId);
  const handoverLines = handovers.map((h) => handoverText(h, guard!.doneAt(h), (at) => discordTime(at, 'f'), agentMd, guard!.basisOf(h)));
  await replyNotice(i, {
    title: `Session keys${agentId ? ` of ${agentMd(agentId)}` : ''}: ${rows.length} record${rows.length === 1 ? '' : 's'}`,
    level: rows.some((k) => !k.solicited) ? 'warning' : 'info',
    lines: [...(handoverLines.length ? ['**Key hand-overs in progress**', ...handoverLines, ''] : []), ...(lines.length ? lines : ['No agent has reported session keys yet.'])],
    footer: 'Keys take effect only after session.setKeys on chain and two more sessions; keep the old node running until then.',
  });
}

async function duplicates(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  const found = ctx.safety?.guard.duplicates() ?? [];
  await replyNotice(i, {
    title: found.length ? `🚨 ${found.length} duplicate session key${found.length === 1 ? '' : 's'}` : '✅ No duplicate session keys',
    level: found.length ? 'critical' : 'ok',
    lines: found.length
      ? found.map((d) => `• ${duplicateText(d, (at) => discordTime(at, 'f'), agentMd)}`)
      : ['No public key mserver has seen is held by two agents or containers.'],
    footer: found.length ? 'start and restart of these containers are refused until one of them is stopped or re-keyed.' : undefined,
  });
}

async function submitted(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  if (!(await ctx.requireLevel(i, 'operator', '/keys submitted'))) return;
  try {
    const agentId = ctx.directory.resolve(i.options.getString('target', true))[0]!;
    const h = ctx.safety!.submitted(agentId, i.options.getString('container', true), actorOf(i), 'discord', i.options.getString('stash') ?? undefined);
    const doneAt = ctx.safety!.guard.doneAt(h);
    await i.reply({
      content: `📨 Recorded: \`session.setKeys\` sent for ${agentMd(agentId)} / ${agentMd(h.container)} by ${agentMd(h.submittedBy ?? '?')}. The hand-over is done ${doneAt ? discordTime(doneAt, 'R') : 'two sessions later'}; the old node must keep running until then.`,
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
  data: new SlashCommandBuilder()
    .setName('keys')
    .setDescription('Session keys, duplicates and key hand-overs')
    .addSubcommand((s) =>
      s
        .setName('list')
        .setDescription('Session keys the agents reported, newest first, with history and hand-overs')
        .addStringOption((o) => o.setName('target').setDescription('Only this agent').setAutocomplete(true).setMaxLength(200))
        .addIntegerOption((o) => o.setName('limit').setDescription('How many (default 20)').setMinValue(1).setMaxValue(100)),
    )
    .addSubcommand((s) => s.setName('duplicates').setDescription('Any public session key held by two agents or containers'))
    .addSubcommand((s) =>
      s
        .setName('submitted')
        .setDescription('Record that session.setKeys was sent for a rotation')
        .addStringOption((o) => o.setName('target').setDescription('Agent').setRequired(true).setAutocomplete(true).setMaxLength(200))
        .addStringOption((o) => o.setName('container').setDescription('Container').setRequired(true).setAutocomplete(true).setMaxLength(128))
        .addStringOption((o) => o.setName('stash').setDescription('Stash the keys were set for (SS58)').setMaxLength(64)),
    )
    .addSubcommand((s) =>
      s
        .setName('override')
        .setDescription('Admins: start or restart past the duplicate-key guard (needs a critical approval)')
        .addStringOption((o) => o.setName('target').setDescription('Agent').setRequired(true).setAutocomplete(true).setMaxLength(200))
        .addStringOption((o) => o.setName('container').setDescription('Container').setRequired(true).setAutocomplete(true).setMaxLength(128))
        .addStringOption((o) => o.setName('command').setDescription('What to run').setRequired(true).addChoices({ name: 'start', value: 'start' }, { name: 'restart', value: 'restart' }))
        .addStringOption((o) => o.setName('reason').setDescription('Why it is safe: approvers decide on it').setRequired(true).setMinLength(3).setMaxLength(1000)),
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
