// Discord API emulator for end-to-end tests: the real discord.js Client logs in to it instead of discord.com.
// See shared/DISCORD-EMULATOR.md for the facts it implements.

export { startDiscordEmulator } from './start-discord-emulator.ts';
export { DEFAULT_BOT_USER, DEFAULT_IDS, DEFAULT_TOKEN, DEFAULT_USER, defaultGuilds } from './defaults.ts';
export { opt, OptionType } from './option-builders.ts';
export { DEFAULT_CLIENT_SECRET, type EmuOAuth2 } from './oauth2-routes.ts';
export { LIMITS, MessageFlag } from './discord-limits.ts';
export type {
  AutocompleteArgs,
  ClickArgs,
  DiscordEmulator,
  DiscordEmulatorOptions,
  EmuAllowedMentions,
  EmuAttachment,
  EmuCallback,
  EmuCallbackFailure,
  EmuChannel,
  EmuOverwrite,
  EmuChoice,
  EmuComponent,
  EmuEmbed,
  EmuGuild,
  EmuInteractionRef,
  EmuInteractionState,
  EmuMessage,
  EmuModal,
  EmuOption,
  EmuRequest,
  EmuRole,
  EmuUser,
  FailOptions,
  GatewayStats,
  ModalSubmitArgs,
  RateLimitOptions,
  SlashArgs,
  StoredCommand,
  StoredCommandOption,
} from './types.ts';
