// What a file in commands/ exports: the command's definition and thin handlers that turn the
// interaction into calls on the DiscordContext. Rules live in the core, not here.
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { DiscordContext } from './discord-context.ts';

export interface SlashCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: DiscordContext): Promise<void>;
}
