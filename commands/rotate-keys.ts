// /rotate-keys target container: new session keys on one node (critical: needs an approver).
import { SlashCommandBuilder } from 'discord.js';
import { respondContainers, respondTargets } from '../src/transports/discord/autocomplete.ts';
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { described } from '../src/transports/discord/localized.ts';

export const rotateKeys: SlashCommand = {
  data: described(new SlashCommandBuilder().setName('rotate-keys'), (t) => t('commands.rotateKeys.description'))
    .addStringOption((o) => described(o.setName('target'), (t) => t('commands.rotateKeys.target')).setRequired(true).setAutocomplete(true).setMaxLength(200))
    .addStringOption((o) => described(o.setName('container'), (t) => t('commands.rotateKeys.container')).setRequired(true).setAutocomplete(true).setMaxLength(128))
    .toJSON(),

  async execute(i, ctx) {
    await ctx.flow.run(i, {
      command: 'rotate_keys',
      target: i.options.getString('target', true),
      params: { container: i.options.getString('container', true) },
    });
  },

  async autocomplete(i, ctx) {
    const focused = i.options.getFocused(true);
    if (focused.name === 'target') return respondTargets(i, ctx.directory, focused.value, false);
    return respondContainers(i, ctx.directory, i.options.getString('target'), focused.value);
  },
};
