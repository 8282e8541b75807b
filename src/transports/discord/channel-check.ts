// Whether outcomes may go to a channel: it must be a text channel of the configured server (the bot may
// also sit in other servers, which are not mserver's), and the bot must be able to see it and post
// there with embeds and files. Read from discord.js's cache of the guild (roles, the bot's member,
// the channel's overwrites, all sent at login), or fetched when the channel is not cached.
import { DiscordAPIError, PermissionFlagsBits, type Client } from 'discord.js';

const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
  ['Attach Files', PermissionFlagsBits.AttachFiles],
] as const;

/** What is wrong with posting in `channelId`, or undefined when the bot can post there. */
export async function channelProblem(client: Client, guildId: string, channelId: string): Promise<string | undefined> {
  let channel;
  try {
    channel = await client.channels.fetch(channelId);
  } catch (err) {
    if (err instanceof DiscordAPIError && (err.code === 10003 || err.code === 50001)) return `the bot sees no channel ${channelId}`;
    return `mserver cannot check channel ${channelId} now (${(err as Error).message})`;
  }
  if (!channel || channel.isDMBased()) return `${channelId} is not a channel of this server`;
  if (channel.guildId !== guildId) return `channel ${channelId} belongs to another server: outcomes go only to channels of this server (DISCORD_GUILD_ID)`;
  if (!channel.isTextBased() || channel.isThread()) return `<#${channelId}> is not a text channel`;
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  const missing = NEEDED.filter(([, bit]) => !perms?.has(bit)).map(([name]) => name);
  if (missing.length > 0) return `the bot cannot post in <#${channelId}> (it lacks ${missing.join(', ')} there)`;
  return undefined;
}
