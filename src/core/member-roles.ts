// The chat platform's word on a person *now*. Roles change between the moment a request is made and the
// moment it is decided, ticks of a schedule, or calls with an API token a member owns; every such
// decision asks again instead of trusting roles captured earlier. Discord implements it (fetching the
// guild member, cached briefly); the core and the other transports only see this port.
import type { Message } from '../i18n/message.ts';
import type { Actor } from './ports.ts';

export type MemberLookup =
  /** Still a member of the configured guild, with the roles and Administrator flag held now. */
  | { kind: 'member'; actor: Actor }
  /** Not (or no longer) a member of the configured guild. */
  | { kind: 'not_member' }
  /** The platform could not be asked (off, unreachable): callers must fail closed. */
  | { kind: 'unknown'; reason: string | Message };

export interface MemberRoles {
  /** The person behind `userId` as the platform sees them now (may be served from a cache of <= 60 s). */
  lookup(userId: string): Promise<MemberLookup>;
}
