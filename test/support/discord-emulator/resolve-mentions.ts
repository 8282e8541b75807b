// Who a message would ping, after allowed_mentions. Without allowed_mentions Discord parses everything,
// which is how an agent's log line ends up pinging @everyone: tests assert on the result here.

import type { EmuAllowedMentions } from './types.ts';

export interface ResolvedMentions {
  mention_everyone: boolean;
  mentions: string[];
  mention_roles: string[];
}

export function resolveMentions(content: string, allowed: EmuAllowedMentions | null): ResolvedMentions {
  const users = [...new Set([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] ?? ''))];
  const roles = [...new Set([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1] ?? ''))];
  const everyone = /@(everyone|here)\b/.test(content);
  if (!allowed) return { mention_everyone: everyone, mentions: users, mention_roles: roles };
  const parse = allowed.parse ?? [];
  return {
    mention_everyone: everyone && parse.includes('everyone'),
    mentions: parse.includes('users') ? users : users.filter((id) => allowed.users?.includes(id)),
    mention_roles: parse.includes('roles') ? roles : roles.filter((id) => allowed.roles?.includes(id)),
  };
}
