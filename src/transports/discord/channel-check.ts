// Whether outcomes may go to a channel: it must be a text channel of the configured server (the bot may
// also sit in other servers, which are not mserver's), and the bot must be able to see it and post
// there with embeds and files. Read from discord.js's cache of the guild (roles, the bot's member,
// the channel's overwrites, all sent at login), or fetched when the channel is not cached.
import { DiscordAPIError, PermissionFlagsBits, type Client } from 'discord.js';
import { translator, type Translator } from '../../i18n/translate.ts';

// Discord's own names of the permissions, as its settings show them in English (people search for them).
const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel], // i18n-exempt: Discord's permission name
  ['Send Messages', PermissionFlagsBits.SendMessages], // i18n-exempt: Discord's permission name
  ['Embed Links', PermissionFlagsBits.EmbedLinks], // i18n-exempt: Discord's permission name
  ['Attach Files', PermissionFlagsBits.AttachFiles], // i18n-exempt: Discord's permission name
] as const;

/** What is wrong with posting in `channelId`, or undefined when the bot can post there. */
export async function channelProblem(client: Client, guildId: string, channelId: string, t: Translator = translator('en')): Promise<string | undefined> {
  let channel;
  try {
    channel = await client.channels.fetch(channelId);
  } catch (err) {
    if (err instanceof DiscordAPIError && (err.code === 10003 || err.code === 50001)) return t('discord.channel.unseen', { id: channelId });
    return t('discord.channel.cannotCheck', { id: channelId, error: (err as Error).message });
  }
  if (!channel || channel.isDMBased()) return t('discord.channel.notOfServer', { id: channelId });
  if (channel.guildId !== guildId) return t('discord.channel.otherServer', { id: channelId });
  if (!channel.isTextBased() || channel.isThread()) return t('discord.channel.notText', { channel: `<#${channelId}>` });
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  const missing = NEEDED.filter(([, bit]) => !perms?.has(bit)).map(([name]) => name);
  if (missing.length > 0) return t('discord.channel.cannotPost', { channel: `<#${channelId}>`, missing: missing.join(', ') });
  return undefined;
}
