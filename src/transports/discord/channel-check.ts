// Whether outcomes may go to a channel: it must be a text channel of the configured server (the bot may
// also sit in other servers, which are not mserver's), and the bot must be able to see it and post
// there with embeds and files. Read from discord.js's cache of the guild (roles, the bot's member,
// the channel's overwrites, all sent at login), or fetched when the channel is not cached.
import { DiscordAPIError, PermissionFlagsBits, type Client } from 'discord.js';
import { msg, type Message } from '../../i18n/message.ts';

// Discord's own names of the permissions, as its settings show them in each language (people search
// for them there).
const NEEDED = [
  [msg('discord.permission.viewChannel'), PermissionFlagsBits.ViewChannel],
  [msg('discord.permission.sendMessages'), PermissionFlagsBits.SendMessages],
  [msg('discord.permission.embedLinks'), PermissionFlagsBits.EmbedLinks],
  [msg('discord.permission.attachFiles'), PermissionFlagsBits.AttachFiles],
] as const;

/**
 * What is wrong with posting in `channelId`, or undefined when the bot can post there: a Message, since
 * the scheduler quotes it in a refusal rendered for whoever asked.
 */
export async function channelProblem(client: Client, guildId: string, channelId: string): Promise<Message | undefined> {
  let channel;
  try {
    channel = await client.channels.fetch(channelId);
  } catch (err) {
    if (err instanceof DiscordAPIError && (err.code === 10003 || err.code === 50001)) return msg('discord.channel.unseen', { id: channelId });
    return msg('discord.channel.cannotCheck', { id: channelId, error: (err as Error).message });
  }
  if (!channel || channel.isDMBased()) return msg('discord.channel.notOfServer', { id: channelId });
  if (channel.guildId !== guildId) return msg('discord.channel.otherServer', { id: channelId });
  if (!channel.isTextBased() || channel.isThread()) return msg('discord.channel.notText', { channel: `<#${channelId}>` });
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  const missing: Message[] = NEEDED.filter(([, bit]) => !perms?.has(bit)).map(([name]) => name);
  if (missing.length > 0) return msg('discord.channel.cannotPost', { channel: `<#${channelId}>`, missing });
  return undefined;
}
