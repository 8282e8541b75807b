// Member permission arithmetic the way Discord computes `member.permissions` for an interaction when the
// channel has no overwrites: @everyone OR the member's roles, everything when one of them is ADMINISTRATOR.

import type { EmuChannel, EmuGuild } from './types.ts';

const ADMINISTRATOR = 1n << 3n;
const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** Discord's default @everyone set: view, send, embed, attach, history, reactions, external emoji, commands... */
export const EVERYONE_DEFAULT_PERMISSIONS = (
  (1n << 0n) | // CREATE_INSTANT_INVITE
  (1n << 6n) | // ADD_REACTIONS
  (1n << 10n) | // VIEW_CHANNEL
  (1n << 11n) | // SEND_MESSAGES
  (1n << 14n) | // EMBED_LINKS
  (1n << 15n) | // ATTACH_FILES
  (1n << 16n) | // READ_MESSAGE_HISTORY
  (1n << 18n) | // USE_EXTERNAL_EMOJIS
  (1n << 26n) | // CHANGE_NICKNAME
  (1n << 31n) | // USE_APPLICATION_COMMANDS
  (1n << 38n) // SEND_MESSAGES_IN_THREADS
).toString();

/** What the bot may do in every channel (app_permissions): the default set, no admin, no @everyone pings. */
export const BOT_APP_PERMISSIONS = EVERYONE_DEFAULT_PERMISSIONS;

function toBigInt(value: string | undefined): bigint {
  try {
    return BigInt(value ?? '0');
  } catch {
    return 0n;
  }
}

export function memberPermissions(guild: EmuGuild, roleIds: readonly string[]): string {
  let bits = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || roleIds.includes(role.id)) bits |= toBigInt(role.permissions);
  }
  return ((bits & ADMINISTRATOR) !== 0n ? ALL_PERMISSIONS : bits).toString();
}

const VIEW_CHANNEL = 1n << 10n;
const SEND_MESSAGES = 1n << 11n;

/**
 * The bot's permissions in one channel, Discord's order: @everyone's base set (the bot holds no other
 * role here), then the channel's overwrites for @everyone, roles, and the bot as a member.
 */
export function botChannelPermissions(guild: EmuGuild, channel: EmuChannel, botId: string): bigint {
  let bits = toBigInt(memberPermissions(guild, []));
  if ((bits & ADMINISTRATOR) !== 0n) return bits;
  const overwrites = channel.permission_overwrites ?? [];
  for (const o of [overwrites.find((x) => x.id === guild.id), overwrites.find((x) => x.type === 1 && x.id === botId)]) {
    if (o) bits = (bits & ~toBigInt(o.deny)) | toBigInt(o.allow);
  }
  return bits;
}

/** What Discord answers a bot posting where it may not: 50001 without View Channel, 50013 without Send Messages. */
export function sendRefusal(guild: EmuGuild, channel: EmuChannel, botId: string): 'missingAccess' | 'missingPermissions' | undefined {
  const bits = botChannelPermissions(guild, channel, botId);
  if ((bits & VIEW_CHANNEL) === 0n) return 'missingAccess';
  if ((bits & SEND_MESSAGES) === 0n) return 'missingPermissions';
  return undefined;
}
