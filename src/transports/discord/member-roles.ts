// MemberRoles (src/core/member-roles.ts) through discord.js: the guild member fetched from Discord, kept
// for at most a minute so a burst of API calls costs one REST request. When the bot is off, not logged
// in or Discord does not answer, the answer is 'unknown' and callers refuse (fail closed).
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type Client } from 'discord.js';
import type { MemberLookup, MemberRoles } from '../../core/member-roles.ts';
import type { Clock } from '../../core/ports.ts';

export interface DiscordMemberRolesDeps {
  /** The bot's current client; undefined when Discord is off. */
  client: () => Client | undefined;
  guildId: string | undefined;
  clock: Clock;
  /** How long an answer is reused; at most 60 s. */
  ttlMs?: number;
}

export function createDiscordMemberRoles(deps: DiscordMemberRolesDeps): MemberRoles {
  const ttlMs = Math.min(deps.ttlMs ?? 60_000, 60_000);
  const cache = new Map<string, { at: number; value: MemberLookup }>();

  async function fetchNow(userId: string): Promise<MemberLookup> {
    const client = deps.client();
    if (!client) return { kind: 'unknown', reason: 'Discord is not configured' };
    if (!deps.guildId) return { kind: 'unknown', reason: 'DISCORD_GUILD_ID is not set' };
    if (!client.isReady()) return { kind: 'unknown', reason: 'the bot is not connected to Discord' };
    try {
      const guild = client.guilds.cache.get(deps.guildId) ?? (await client.guilds.fetch(deps.guildId));
      const member = await guild.members.fetch({ user: userId, force: true });
      return {
        kind: 'member',
        actor: {
          id: member.id,
          name: member.user.globalName ?? member.user.username,
          roles: [...member.roles.cache.keys()],
          discordAdmin: member.permissions.has(PermissionFlagsBits.Administrator),
        },
      };
    } catch (err) {
      if (err instanceof DiscordAPIError && (err.code === RESTJSONErrorCodes.UnknownMember || err.code === RESTJSONErrorCodes.UnknownUser)) {
        return { kind: 'not_member' };
      }
      return { kind: 'unknown', reason: `Discord did not answer (${(err as Error).message.slice(0, 100)})` };
    }
  }

  return {
    async lookup(userId) {
      const now = deps.clock.now();
      const hit = cache.get(userId);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = await fetchNow(userId);
      // Only Discord's own answers are kept: an outage must not be remembered past itself.
      if (value.kind !== 'unknown') {
        if (cache.size > 10_000) cache.clear();
        cache.set(userId, { at: now, value });
      } else cache.delete(userId);
      return value;
    },
  };
}
