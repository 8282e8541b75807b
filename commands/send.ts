// /send target command [container] [params]: any of the twelve agent commands on one agent, a list, or all.
import { SlashCommandBuilder } from 'discord.js';
import { COMMAND_SPECS } from '../src/core/catalog.ts';
import { parseParamsText } from '../src/core/params-text.ts';
import { respondContainers, respondTargets } from '../src/transports/discord/autocomplete.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { described, localizedChoice } from '../src/transports/discord/localized.ts';
import { riskText } from '../src/transports/discord/request-preview.ts';

/** The twelve agent commands as choices: `restart (change)`, the risk in the reader's language. */
export const commandChoices = () => COMMAND_SPECS.map((c) => localizedChoice((t) => t('commands.choice.commandRisk', { name: c.name, risk: riskText(c.risk, t) }), c.name));

export const send: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('send'), (t) => t('commands.send.description'))
    .addStringOption((o) => described(o.setName('target'), (t) => t('commands.send.target')).setRequired(true).setAutocomplete(true).setMaxLength(1000))
    .addStringOption((o) =>
      described(o.setName('command'), (t) => t('commands.option.whatToRun'))
        .setRequired(true)
        .addChoices(...commandChoices()),
    )
    .addStringOption((o) => described(o.setName('container'), (t) => t('commands.send.container')).setAutocomplete(true).setMaxLength(128))
    .addBooleanOption((o) => described(o.setName('rolling'), (t) => t('commands.send.rolling')))
    .addStringOption((o) => described(o.setName('params'), (t) => t('commands.send.params')).setAutocomplete(true).setMaxLength(2000))
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
