// Discord's answer about members, for tests of the core that run without the bot: the members listed
// hold the given roles now; anyone else has left. Tests through the emulator use the real lookup
// (src/transports/discord/member-roles.ts) instead.
import type { MemberRoles } from '../../src/core/member-roles.ts';
import type { Actor } from '../../src/core/ports.ts';

export function fixedMembers(members: readonly Actor[]): MemberRoles & { set(actor: Actor): void; remove(id: string): void } {
  const now = new Map(members.map((m) => [m.id, m]));
  return {
    async lookup(userId) {
      const actor = now.get(userId);
      return actor ? { kind: 'member', actor } : { kind: 'not_member' };
    },
    set: (actor) => void now.set(actor.id, actor),
    remove: (id) => void now.delete(id),
  };
}
