// MemberRoles (src/core/member-roles.ts) from Discord: the guild member fetched by REST (allowed with the
// Guilds intent alone; GUILD_MEMBERS is privileged and not asked for), cached for at most a minute so a
// burst of clicks or ticks costs one request. A member who left answers 404 code 10007. Anything else
// (Discord unreachable, the bot logged out) is `unknown`, which every caller treats as "no".
import { DiscordAPIError, PermissionFlagsBits, PermissionsBitField, Routes, type APIGuildMember, type APIRole, type Client } from 'discord.js';
import type { MemberLookup, MemberRoles } from '../../core/member-roles.ts';
import type { Clock } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';

const UNKNOWN_MEMBER = 10007;
const UNKNOWN_USER = 10013;
export const MEMBER_CACHE_MAX_MS = 60_000;

export interface DiscordMemberRolesDeps {
  /** The bot's current client (a failed login is retried with a new one). */
  client: () => Client;
  guildId: string;
  clock: Clock;
  log: Logger;
  /** At most 60 s: a role removed is seen within this. */
  cacheMs?: number;
}

export function createDiscordMemberRoles(deps: DiscordMemberRolesDeps): MemberRoles {
  const cacheMs = Math.min(deps.cacheMs ?? MEMBER_CACHE_MAX_MS, MEMBER_CACHE_MAX_MS);
  const cache = new Map<string, { at: number; answer: MemberLookup }>();

  /** Role permissions from the guild the client has cached, or from REST when it has none yet. */
  async function rolePermissions(): Promise<Map<string, bigint>> {
    const guild = deps.client().guilds.cache.get(deps.guildId);
    if (guild && guild.roles.cache.size > 0) return new Map(guild.roles.cache.map((r) => [r.id, r.permissions.bitfield]));
    const roles = (await deps.client().rest.get(Routes.guildRoles(deps.guildId))) as APIRole[];
    return new Map(roles.map((r) => [r.id, BigInt(r.permissions)]));
  }

  async function ownerId(): Promise<string | undefined> {
    return deps.client().guilds.cache.get(deps.guildId)?.ownerId;
  }

  async function fetchMember(userId: string): Promise<MemberLookup> {
    let member: APIGuildMember;
    let perms: Map<string, bigint>;
    try {
      member = (await deps.client().rest.get(Routes.guildMember(deps.guildId, userId))) as APIGuildMember;
      perms = await rolePermissions();
    } catch (err) {
      if (err instanceof DiscordAPIError && (err.code === UNKNOWN_MEMBER || err.code === UNKNOWN_USER)) return { kind: 'not_member' };
      deps.log.warn({ err, user: userId }, 'could not read a member from Discord; treating them as not allowed for now');
      // i18n-exempt: a diagnostic wrapping Discord's own (English) error, for the log and the audit detail
      return { kind: 'unknown', reason: `Discord did not answer: ${(err as Error).message}` };
    }
    // @everyone (id = guild id) counts for every member, as in Discord's own computation.
    let bits = perms.get(deps.guildId) ?? 0n;
    for (const id of member.roles) bits |= perms.get(id) ?? 0n;
    const discordAdmin = new PermissionsBitField(bits).has(PermissionFlagsBits.Administrator) || (await ownerId()) === userId;
    const user = member.user;
    return {
      kind: 'member',
      actor: { id: userId, name: user ? (user.global_name ?? user.username) : userId, roles: [...member.roles], discordAdmin },
    };
  }

  return {
    async lookup(userId) {
      const now = deps.clock.now();
      const hit = cache.get(userId);
      if (hit && now - hit.at < cacheMs) return hit.answer;
      const answer = await fetchMember(userId);
      // An outage is not remembered: the next decision asks again.
      if (answer.kind === 'unknown') cache.delete(userId);
      else {
        // Bounded: API calls may name any user id.
        if (cache.size > 10_000) cache.clear();
        cache.set(userId, { at: now, answer });
      }
      return answer;
    },
  };
}
