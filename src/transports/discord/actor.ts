// The member behind an interaction, as the policy sees them: user id, display name and the role ids
// held right now. With the guild cached discord.js gives a GuildMember (roles in a cache that keeps only
// roles the guild listed); otherwise the raw API member with a plain array. Both are read.
import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { Actor } from '../../core/ports.ts';

export function actorOf(interaction: Interaction): Actor {
  const member = interaction.member as unknown;
  let roles: string[] = [];
  if (member && typeof member === 'object') {
    const r = (member as { roles?: unknown }).roles;
    if (Array.isArray(r)) roles = r.filter((x): x is string => typeof x === 'string');
    else if (r && typeof r === 'object' && 'cache' in r) roles = [...(r as { cache: Map<string, unknown> }).cache.keys()];
  }
  const user = interaction.user;
  return {
    id: user.id,
    name: user.globalName ?? user.username,
    roles,
    discordAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.Administrator) ?? false,
  };
}
