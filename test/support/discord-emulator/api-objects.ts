// Discord wire objects built from the emulator's state. discord.js reads many fields unguarded (arrays it
// iterates, strings it parses), so every object carries the full set Discord sends, with empty defaults.

import type { JsonRecord } from './json-guards.ts';
import { MessageFlag } from './discord-limits.ts';
import type { EmuChannel, EmuGuild, EmuInteractionState, EmuMessage, EmuRole, EmuUser } from './types.ts';

export interface RenderContext {
  applicationId: string;
  attachmentUrl(channelId: string, attachmentId: string, filename: string): string;
  interaction(id: string): EmuInteractionState | undefined;
  user(id: string): EmuUser | undefined;
}

export function apiUser(user: EmuUser, bot = false): JsonRecord {
  return {
    id: user.id,
    username: user.username,
    global_name: user.global_name ?? null,
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

export function apiRole(role: EmuRole, position: number): JsonRecord {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: role.permissions ?? '0',
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function apiChannel(guildId: string, channel: EmuChannel, position: number): JsonRecord {
  return {
    id: channel.id,
    type: 0,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: (channel.permission_overwrites ?? []).map((o) => ({ ...o })),
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  };
}

export function apiMember(user: EmuUser, roles: readonly string[], joinedAt: string, bot = false): JsonRecord {
  return {
    user: apiUser(user, bot),
    nick: null,
    avatar: null,
    banner: null,
    roles: [...roles],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** The guild as REST answers GET /guilds/{id}: no channels, members or other gateway-only fields. */
export function apiGuild(guild: EmuGuild, ownerId: string): JsonRecord {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map((role, i) => apiRole(role, i)),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** GUILD_CREATE: `unavailable: false` or discord.js leaves `guild.available` false; the bot's member included. */
export function apiGuildCreate(
  guild: EmuGuild,
  ownerId: string,
  botUser: EmuUser,
  joinedAt: string,
  members: readonly JsonRecord[],
): JsonRecord {
  return {
    ...apiGuild(guild, ownerId),
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    lazy: true,
    member_count: members.length + 1,
    voice_states: [],
    members: [apiMember(botUser, [], joinedAt, true), ...members],
    channels: guild.channels.map((channel, i) => apiChannel(guild.id, channel, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    hub_type: null,
  };
}

export function apiMessage(msg: EmuMessage, ctx: RenderContext): JsonRecord {
  const rec = msg.interactionId ? ctx.interaction(msg.interactionId) : undefined;
  const out: JsonRecord = {
    id: msg.id,
    type: rec?.type === 2 ? 20 : msg.message_reference ? 19 : 0,
    channel_id: msg.channel_id,
    author: apiUser(msg.author, msg.author.bot),
    content: msg.content,
    timestamp: new Date(msg.created_at).toISOString(),
    edited_timestamp: msg.edited_at === null ? null : new Date(msg.edited_at).toISOString(),
    tts: msg.tts,
    mention_everyone: msg.mention_everyone,
    mentions: msg.mentions.map((id) => apiUser(ctx.user(id) ?? { id, username: `user${id.slice(-4)}` })),
    mention_roles: [...msg.mention_roles],
    mention_channels: [],
    attachments: msg.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      url: ctx.attachmentUrl(msg.channel_id, a.id, a.filename),
      proxy_url: ctx.attachmentUrl(msg.channel_id, a.id, a.filename),
      ...(a.content_type ? { content_type: a.content_type } : {}),
      ...(a.description ? { description: a.description } : {}),
      ...(msg.flags & MessageFlag.Ephemeral ? { ephemeral: true } : {}),
    })),
    embeds: msg.embeds.map((e) => ({ type: 'rich', ...e })),
    components: msg.components,
    pinned: false,
    flags: msg.flags,
    ...(msg.nonce !== undefined ? { nonce: msg.nonce } : {}),
    ...(msg.message_reference ? { message_reference: { type: 0, ...msg.message_reference } } : {}),
  };
  if (msg.webhook_id) {
    out.webhook_id = msg.webhook_id;
    out.application_id = ctx.applicationId;
  }
  if (rec) {
    out.interaction_metadata = {
      id: rec.id,
      type: rec.type,
      user: apiUser(rec.user),
      authorizing_integration_owners: { '0': rec.guildId },
      ...(rec.type === 2 ? { name: rec.commandName, command_type: 1 } : {}),
      ...(rec.message ? { interacted_message_id: rec.message.id } : {}),
    };
  }
  return out;
}
