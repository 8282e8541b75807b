// Builders for slash command options in Discord's wire shape (`data.options` of an INTERACTION_CREATE).

import type { EmuOption } from './types.ts';

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export const opt = {
  string: (name: string, value: string): EmuOption => ({ type: OptionType.String, name, value }),
  integer: (name: string, value: number): EmuOption => ({ type: OptionType.Integer, name, value }),
  number: (name: string, value: number): EmuOption => ({ type: OptionType.Number, name, value }),
  boolean: (name: string, value: boolean): EmuOption => ({ type: OptionType.Boolean, name, value }),
  /** The emulator adds `data.resolved.users/members` for known users. */
  user: (name: string, userId: string): EmuOption => ({ type: OptionType.User, name, value: userId }),
  /** The emulator adds `data.resolved.channels` for the guild's channels. */
  channel: (name: string, channelId: string): EmuOption => ({ type: OptionType.Channel, name, value: channelId }),
  /** The emulator adds `data.resolved.roles` for the guild's roles. */
  role: (name: string, roleId: string): EmuOption => ({ type: OptionType.Role, name, value: roleId }),
  mentionable: (name: string, id: string): EmuOption => ({ type: OptionType.Mentionable, name, value: id }),
  subcommand: (name: string, options: EmuOption[] = []): EmuOption => ({
    type: OptionType.Subcommand,
    name,
    options,
  }),
  group: (name: string, subcommands: EmuOption[]): EmuOption => ({
    type: OptionType.SubcommandGroup,
    name,
    options: subcommands,
  }),
  /** The option being typed in an autocomplete: Discord sends the raw text, whatever the option type. */
  focused: (name: string, typed: string, type: number = OptionType.String): EmuOption => ({
    type,
    name,
    value: typed,
    focused: true,
  }),
};
