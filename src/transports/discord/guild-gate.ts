// mserver answers in one Discord server: DISCORD_GUILD_ID. A bot can be invited to any server (and bots
// are public by default), and levels come from role ids and the Administrator permission, so an
// interaction from another server, or from a direct message, would let a stranger's roles count here.
import type { Interaction } from 'discord.js';
import type { Actor, Clock } from '../../core/ports.ts';
import type { AuditEvent } from '../../store/audit-repo.ts';
import type { Translator } from '../../i18n/translate.ts';

export interface GuildGateDeps {
  guildId: string;
  clock: Clock;
  store: { audit: { add(e: AuditEvent): number }; queue: { push(write: () => void): void } };
}

/** Why this interaction is refused (audited), or undefined when it comes from the configured guild. */
export function refuseOutsideGuild(i: Interaction, actor: Pick<Actor, 'id' | 'name'>, deps: GuildGateDeps, t: Translator): string | undefined {
  if (i.guildId === deps.guildId) return undefined;
  const where = i.guildId ? t('discord.guild.server', { id: i.guildId }) : t('discord.guild.dm');
  // Autocomplete comes with every keystroke: refused like the rest, but not worth an audit row each.
  if (i.isAutocomplete()) return where;
  const at = deps.clock.now();
  deps.store.queue.push(() =>
    deps.store.audit.add({
      at,
      kind: 'refused',
      actorId: actor.id,
      actorName: actor.name,
      via: 'discord',
      // i18n-exempt: an audit record's detail, stored and searched as written
      detail: { reason: 'interaction outside the configured guild', guild: i.guildId ?? null, interaction: i.type },
    }),
  );
  return t('discord.guild.refused', { where });
}
