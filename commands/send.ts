// /send target command [container] [params]: any of the twelve agent commands on one agent, a list, or all.
import { SlashCommandBuilder } from 'discord.js';
import { COMMAND_SPECS } from '../src/core/catalog.ts';
import { parseParamsText } from '../src/core/params-text.ts';
import { respondContainers, respondTargets } from '../src/transports/discord/autocomplete.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';

export const send: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('send')
    .setDescription('Run an agent command on one agent, several (a,b) or all')
    .addStringOption((o) => o.setName('target').setDescription('Agent id or host name, a,b for several, or all').setRequired(true).setAutocomplete(true).setMaxLength(1000))
    .addStringOption((o) =>
      o
        .setName('command')
        .setDescription('What to run')
        .setRequired(true)
        .addChoices(...COMMAND_SPECS.map((c) => ({ name: `${c.name} (${c.risk})`, value: c.name }))),
    )
    .addStringOption((o) => o.setName('container').setDescription('Container of the node (suggested from what the agent reported)').setAutocomplete(true).setMaxLength(128))
    .addBooleanOption((o) => o.setName('rolling').setDescription('restart only: one agent at a time, each healthy before the next'))
    .addStringOption((o) => o.setName('params').setDescription('Other parameters: name=value ... or JSON, e.g. lines=200 since=30m').setAutocomplete(true).setMaxLength(2000))
    .toJSON(),

  async execute(i, ctx) {
    const command = i.options.getString('command', true);
    let params: Record<string, unknown>;
    try {
      params = parseParamsText(i.options.getString('params') ?? '');
    } catch (err) {
      return ctx.replyError(i, err);
    }
    const container = i.options.getString('container');
    if (container) params.container = container;
    if (i.options.getBoolean('rolling') === true) params.rolling = 'true';
    await ctx.flow.run(i, { command, target: i.options.getString('target', true), params });
  },

  async autocomplete(i, ctx) {
    const focused = i.options.getFocused(true);
    if (focused.name === 'target') return respondTargets(i, ctx.directory, focused.value, true);
    if (focused.name === 'container') return respondContainers(i, ctx.directory, i.options.getString('target'), focused.value);
    if (focused.name === 'params') {
      // A reminder of the chosen command's parameters, keeping what was typed as the value.
      const spec = ctx.catalog.get(i.options.getString('command') ?? '');
      const typed = focused.value.slice(0, 100);
      const hint = spec ? spec.params.filter((p) => p.name !== 'container').map((p) => `${p.name}=${p.default ?? '…'}`).join(' ') : '';
      const choices = [];
      if (typed) choices.push({ name: typed, value: typed });
      if (hint && hint !== typed) choices.push({ name: `${spec!.name}: ${hint}`.slice(0, 100), value: typed || hint.slice(0, 100) });
      return i.respond(choices);
    }
    return i.respond([]);
  },
};
