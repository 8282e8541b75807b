// English messages: common. Keys are prefixed 'common.'; the Korean twin is ../ko/common.ts.
import type { Catalogue } from '../catalogue.ts';

export const commonEn = {
  'common.verbatim': '{text}',
  'common.discordNotConnected': 'Discord is not connected yet',
  'common.discordOff': 'Discord is off or not connected yet',
  'common.fault': "Something went wrong on our side (reference {ref}). The details are in mserver's log.",
  'common.agents': { one: '{count} agent', other: '{count} agents' },
} as const satisfies Catalogue;
