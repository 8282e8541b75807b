// /schedule add|update|list|show|remove|pause|resume|run: commands on a cron expression, over the
// scheduler. Creating or changing one is checked by the policy as if it ran now; a critical one asks
// for the reason and an approval exactly like /send does, and is armed once approved.
import { ChannelType, EmbedBuilder, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { COMMAND_SPECS } from '../src/core/catalog.ts';
import { parseParamsText } from '../src/core/params-text.ts';
import type { Requester, ScheduleResult } from '../src/scheduler/scheduler.ts';
import type { ScheduleInput } from '../src/scheduler/schedule-input.ts';
import { actorOf } from '../src/transports/discord/actor.ts';
import { respondTargets } from '../src/transports/discord/autocomplete.ts';
import type { DiscordContext } from '../src/transports/discord/discord-context.ts';
import { clip, codeBlock, LIMITS, NO_MENTIONS, textFile } from '../src/transports/discord/message-text.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { paramsText, scheduleDetailLines, scheduleLine } from '../src/transports/format/schedule-text.ts';
import { zonedTimeText } from '../src/transports/format/time-text.ts';

const definition = (s: SlashCommandSubcommandBuilder, what: string) =>
  s
    .setName(what)
    .setDescription(what === 'add' ? 'Run a command on a cron expression' : 'Change a schedule (asks the policy again)')
    .addStringOption((o) => o.setName('name').setDescription('Its name, like nightly-payout').setRequired(true).setMaxLength(64).setAutocomplete(what === 'update'))
    .addStringOption((o) => o.setName('cron').setDescription('minute hour day month weekday, like 0 3 * * * (6 fields: seconds first)').setRequired(true).setMaxLength(120))
    .addStringOption((o) => o.setName('target').setDescription('Agent id or host name, a,b for several, or all (connected at run time)').setRequired(true).setAutocomplete(true).setMaxLength(1000))
    .addStringOption((o) =>
      o
        .setName('command')
        .setDescription('What to run')
        .setRequired(true)
        .addChoices(...COMMAND_SPECS.map((c) => ({ name: `${c.name} (${c.risk})`, value: c.name }))),
    )
    .addStringOption((o) => o.setName('params').setDescription('Parameters: name=value ... or JSON, e.g. container=polkadot').setMaxLength(2000))
    .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone the cron is read in (default SCHEDULE_TIMEZONE)').setAutocomplete(true).setMaxLength(64))
    .addChannelOption((o) => o.setName('channel').setDescription('Where outcomes are posted (default: the alerts channel)').addChannelTypes(ChannelType.GuildText));

const byName = (s: SlashCommandSubcommandBuilder, what: string, description: string) =>
  s
    .setName(what)
    .setDescription(description)
    .addStringOption((o) => o.setName('name').setDescription('The schedule').setRequired(true).setAutocomplete(true).setMaxLength(64));

function readInput(i: ChatInputCommandInteraction): ScheduleInput {
  return {
    name: i.options.getString('name', true),
    cron: i.options.getString('cron', true),
    target: i.options.getString('target', true),
    command: i.options.getString('command', true),
    params: parseParamsText(i.options.getString('params') ?? ''),
    timezone: i.options.getString('timezone'),
    // Left out on a change: the schedule keeps its channel.
    ...(i.options.getChannel('channel') ? { channelId: i.options.getChannel('channel')!.id } : {}),
  };
}

function channelText(ctx: DiscordContext, channelId: string | null): string {
  if (channelId) return `<#${channelId}>`;
  return ctx.config.channels.alerts ? `<#${ctx.config.channels.alerts}> (alerts)` : 'nowhere: no DISCORD_ALERTS_CHANNEL_ID';
}

/** Armed, kept paused, or waiting: the reason form opens like for a critical /send. */
async function answer(i: ChatInputCommandInteraction, ctx: DiscordContext, verb: string, r: ScheduleResult): Promise<void> {
  if (r.authorization === 'needs_approval') return ctx.flow.askReason(i, r.request);
  const s = r.schedule;
  const next = ctx.scheduler.show(s.name).nextRuns.slice(0, 3);
  const embed = new EmbedBuilder()
    .setTitle(clip(`Schedule ${s.name} ${verb}`, LIMITS.embedTitle))
    .setDescription(
      clip(
        [
          `\`${s.command}${paramsText(s.params)}\` on \`${s.target}\``,
          `\`${s.cron}\` in ${s.timezone} · ${s.state} · acting for ${s.ownerName}`,
          `Outcomes go to ${channelText(ctx, s.channelId)}`,
          s.state === 'active' ? `Next runs: ${next.map((t) => zonedTimeText(t, s.timezone)).join(', ')}` : `It is ${s.state}: it does not run until resumed.`,
        ].join('\n'),
        LIMITS.embedDescription,
      ),
    );
  await i.reply({ embeds: [embed], allowedMentions: NO_MENTIONS });
}

async function list(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  if (!(await ctx.requireLevel(i, 'viewer', '/schedule list'))) return;
  const lines = ctx.scheduler.list().map(scheduleLine);
  const text = lines.join('\n');
  const fits = text.length <= LIMITS.embedDescription - 20;
  const embed = new EmbedBuilder()
    .setTitle(`Schedules: ${lines.length}`)
    .setDescription(lines.length === 0 ? 'No schedule yet: /schedule add creates one.' : codeBlock(fits ? text : clip(text, LIMITS.embedDescription - 40)));
  await i.reply({ embeds: [embed], files: fits ? [] : [textFile('schedules.txt', text)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

async function show(i: ChatInputCommandInteraction, ctx: DiscordContext, name: string): Promise<void> {
  if (!(await ctx.requireLevel(i, 'viewer', '/schedule show'))) return;
  const d = ctx.scheduler.show(name);
  const text = scheduleDetailLines(d, d.schedule.channelId ? `#${d.schedule.channelId}` : 'the alerts channel').join('\n');
  const embed = new EmbedBuilder().setTitle(clip(`Schedule ${d.schedule.name}`, LIMITS.embedTitle)).setDescription(codeBlock(clip(text, LIMITS.embedDescription - 20)));
  await i.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

export const schedule: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('schedule')
    .setDescription('Commands that run on a schedule')
    .addSubcommand((s) => definition(s, 'add'))
    .addSubcommand((s) => definition(s, 'update'))
    .addSubcommand((s) => s.setName('list').setDescription('Every schedule: state, next run, last outcome'))
    .addSubcommand((s) => byName(s, 'show', 'Next 5 run times and the last runs with their outcome'))
    .addSubcommand((s) => byName(s, 'pause', 'Stop running it until resumed'))
    .addSubcommand((s) => byName(s, 'resume', 'Arm it again (asks for approval again if it lost it)'))
    .addSubcommand((s) => byName(s, 'run', 'Run it once, now'))
    .addSubcommand((s) => byName(s, 'remove', 'Delete it and revoke its authorization'))
    .toJSON(),

  async execute(i, ctx) {
    const who: Requester = { actor: actorOf(i), via: 'discord', origin: { channelId: i.channelId, guildId: i.guildId } };
    const sub = i.options.getSubcommand(true);
    try {
      switch (sub) {
        case 'add':
        case 'update': {
          const input = readInput(i);
          await ctx.scheduler.checkChannel(input.name, input.channelId);
          return await answer(i, ctx, sub === 'add' ? 'added' : 'changed', sub === 'add' ? ctx.scheduler.add(input, who) : ctx.scheduler.update(input, who));
        }
        case 'list':
          return await list(i, ctx);
        case 'show':
          return await show(i, ctx, i.options.getString('name', true));
        case 'resume':
          return await answer(i, ctx, 'resumed', await ctx.scheduler.resume(i.options.getString('name', true), who));
        case 'pause': {
          const s = ctx.scheduler.pause(i.options.getString('name', true), who);
          await i.reply({ content: `⏸️ Schedule **${s.name}** paused by ${who.actor.name}: it does not run until resumed.`, allowedMentions: NO_MENTIONS });
          return;
        }
        case 'remove': {
          const s = ctx.scheduler.remove(i.options.getString('name', true), who);
          await i.reply({ content: `🗑️ Schedule **${s.name}** removed by ${who.actor.name}; its authorization is revoked.`, allowedMentions: NO_MENTIONS });
          return;
        }
        case 'run': {
          const out = await ctx.scheduler.runNow(i.options.getString('name', true), who);
          // A critical command run once, now, needs its own approval: the reason form, as for /send.
          if (out.kind !== 'running') return await ctx.flow.askReason(i, out.request);
          const { schedule: s, request } = out;
          await i.reply({
            content: `▶️ ${who.actor.name} ran schedule **${s.name}** now: request #${request.id}, \`${s.command}\` on ${request.agents.length} agent(s). The outcome will be posted in ${channelText(ctx, s.channelId)}.`,
            allowedMentions: NO_MENTIONS,
          });
          return;
        }
        default:
          return await ctx.whisper(i, `/schedule ${sub} is not something mserver knows.`);
      }
    } catch (err) {
      await ctx.replyError(i, err);
    }
  },

  async autocomplete(i, ctx) {
    const focused = i.options.getFocused(true);
    const typed = focused.value.trim().toLowerCase();
    if (focused.name === 'target') return respondTargets(i, ctx.directory, focused.value, true);
    if (focused.name === 'timezone') {
      const zones = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].filter((z) => z.toLowerCase().includes(typed));
      return i.respond(zones.slice(0, LIMITS.choices).map((z) => ({ name: z, value: z })));
    }
    if (focused.name === 'name') {
      const names = ctx.scheduler.names().filter((n) => n.toLowerCase().includes(typed));
      return i.respond(names.slice(0, LIMITS.choices).map((n) => ({ name: n, value: n })));
    }
    return i.respond([]);
  },
};
