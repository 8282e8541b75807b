// /schedule add|update|list|show|remove|pause|resume|run: commands on a cron expression, over the
// scheduler. Creating or changing one is checked by the policy as if it ran now; a critical one asks
// for the reason and an approval exactly like /send does, and is armed once approved.
import { ChannelType, EmbedBuilder, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
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
import { scheduleStateWord } from '../src/transports/format/schedule-text.ts';
import { described } from '../src/transports/discord/localized.ts';
import { readerOf } from '../src/transports/discord/reader.ts';
import type { Translator } from '../src/i18n/translate.ts';
import { commandChoices } from './send.ts';

const definition = (s: SlashCommandSubcommandBuilder, what: string) =>
  described(s.setName(what), (t) => (what === 'add' ? t('commands.schedule.add') : t('commands.schedule.update')))
    .addStringOption((o) => described(o.setName('name'), (t) => t('commands.schedule.name')).setRequired(true).setMaxLength(64).setAutocomplete(what === 'update'))
    .addStringOption((o) => described(o.setName('cron'), (t) => t('commands.schedule.cron')).setRequired(true).setMaxLength(120))
    .addStringOption((o) => described(o.setName('target'), (t) => t('commands.schedule.target')).setRequired(true).setAutocomplete(true).setMaxLength(1000))
    .addStringOption((o) =>
      described(o.setName('command'), (t) => t('commands.option.whatToRun'))
        .setRequired(true)
        .addChoices(...commandChoices()),
    )
    .addStringOption((o) => described(o.setName('params'), (t) => t('commands.schedule.params')).setMaxLength(2000))
    .addStringOption((o) => described(o.setName('timezone'), (t) => t('commands.schedule.timezone')).setAutocomplete(true).setMaxLength(64))
    .addChannelOption((o) => described(o.setName('channel'), (t) => t('commands.schedule.channel')).addChannelTypes(ChannelType.GuildText));

const byName = (s: SlashCommandSubcommandBuilder, what: string, description: (t: Translator) => string) =>
  described(s.setName(what), description).addStringOption((o) =>
    described(o.setName('name'), (t) => t('commands.schedule.theSchedule')).setRequired(true).setAutocomplete(true).setMaxLength(64),
  );

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

function channelText(ctx: DiscordContext, channelId: string | null, t: Translator): string {
  if (channelId) return `<#${channelId}>`;
  return ctx.config.channels.alerts ? t('commands.schedule.alertsChannel', { channel: `<#${ctx.config.channels.alerts}>` }) : t('commands.schedule.nowhere');
}

type Verb = 'added' | 'changed' | 'resumed';

/** Armed, kept paused, or waiting: the reason form opens like for a critical /send. The reply is public: the member's language. */
async function answer(i: ChatInputCommandInteraction, ctx: DiscordContext, verb: Verb, r: ScheduleResult): Promise<void> {
  if (r.authorization === 'needs_approval') return ctx.flow.askReason(i, r.request);
  const t = readerOf(i);
  const s = r.schedule;
  const next = ctx.scheduler.show(s.name).nextRuns.slice(0, 3);
  const title = verb === 'added' ? t('commands.schedule.added', { name: s.name }) : verb === 'changed' ? t('commands.schedule.changed', { name: s.name }) : t('commands.schedule.resumed', { name: s.name });
  const state = scheduleStateWord(s.state, t);
  const embed = new EmbedBuilder()
    .setTitle(clip(title, LIMITS.embedTitle))
    .setDescription(
      clip(
        [
          t('discord.schedule.runsOn', { command: `\`${s.command}${paramsText(s.params)}\``, target: `\`${s.target}\`` }),
          t('commands.schedule.cronLine', { cron: `\`${s.cron}\``, timezone: s.timezone, state, owner: s.ownerName }),
          t('commands.schedule.outcomesTo', { channel: channelText(ctx, s.channelId, t) }),
          s.state === 'active' ? t('commands.schedule.nextRuns', { times: next.map((at) => zonedTimeText(at, s.timezone)).join(', ') }) : t('commands.schedule.notRunning', { state }),
        ].join('\n'),
        LIMITS.embedDescription,
      ),
    );
  await i.reply({ embeds: [embed], allowedMentions: NO_MENTIONS });
}

async function list(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  if (!(await ctx.requireLevel(i, 'viewer', '/schedule list'))) return; // i18n-exempt: a command as typed
  const t = readerOf(i);
  const lines = ctx.scheduler.list().map((v) => scheduleLine(v, t));
  const text = lines.join('\n');
  const fits = text.length <= LIMITS.embedDescription - 20;
  const embed = new EmbedBuilder()
    .setTitle(t('commands.schedule.listTitle', { count: lines.length }))
    .setDescription(lines.length === 0 ? t('commands.schedule.none') : codeBlock(fits ? text : clip(text, LIMITS.embedDescription - 40)));
  await i.reply({ embeds: [embed], files: fits ? [] : [textFile('schedules.txt', text)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

async function show(i: ChatInputCommandInteraction, ctx: DiscordContext, name: string): Promise<void> {
  if (!(await ctx.requireLevel(i, 'viewer', '/schedule show'))) return; // i18n-exempt: a command as typed
  const t = readerOf(i);
  const d = ctx.scheduler.show(name);
  const text = scheduleDetailLines(d, d.schedule.channelId ? `#${d.schedule.channelId}` : t('commands.schedule.theAlertsChannel'), t).join('\n');
  const embed = new EmbedBuilder().setTitle(clip(t('commands.schedule.showTitle', { name: d.schedule.name }), LIMITS.embedTitle)).setDescription(codeBlock(clip(text, LIMITS.embedDescription - 20)));
  await i.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

export const schedule: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('schedule'), (t) => t('commands.schedule.description'))
    .addSubcommand((s) => definition(s, 'add'))
    .addSubcommand((s) => definition(s, 'update'))
    .addSubcommand((s) => described(s.setName('list'), (t) => t('commands.schedule.list')))
    .addSubcommand((s) => byName(s, 'show', (t) => t('commands.schedule.show')))
    .addSubcommand((s) => byName(s, 'pause', (t) => t('commands.schedule.pause')))
    .addSubcommand((s) => byName(s, 'resume', (t) => t('commands.schedule.resume')))
    .addSubcommand((s) => byName(s, 'run', (t) => t('commands.schedule.run')))
    .addSubcommand((s) => byName(s, 'remove', (t) => t('commands.schedule.remove')))
    .toJSON(),

  async execute(i, ctx) {
    const who: Requester = { actor: actorOf(i), via: 'discord', origin: { channelId: i.channelId, guildId: i.guildId } };
    const sub = i.options.getSubcommand(true);
    const t = readerOf(i);
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
          await i.reply({ content: `⏸️ ${t('commands.schedule.paused', { name: s.name, by: who.actor.name })}`, allowedMentions: NO_MENTIONS });
          return;
        }
        case 'remove': {
          const s = ctx.scheduler.remove(i.options.getString('name', true), who);
          await i.reply({ content: `🗑️ ${t('commands.schedule.removed', { name: s.name, by: who.actor.name })}`, allowedMentions: NO_MENTIONS });
          return;
        }
        case 'run': {
          const out = await ctx.scheduler.runNow(i.options.getString('name', true), who);
          // A critical command run once, now, needs its own approval: the reason form, as for /send.
          if (out.kind !== 'running') return await ctx.flow.askReason(i, out.request);
          const { schedule: s, request } = out;
          await i.reply({
            content: `▶️ ${t('commands.schedule.ranNow', {
              by: who.actor.name,
              name: s.name,
              id: request.id,
              command: `\`${s.command}\``,
              agents: t('common.agents', { count: request.agents.length }),
              channel: channelText(ctx, s.channelId, t),
            })}`,
            allowedMentions: NO_MENTIONS,
          });
          return;
        }
        default:
          return await ctx.whisper(i, t('commands.schedule.unknownSub', { sub }));
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
