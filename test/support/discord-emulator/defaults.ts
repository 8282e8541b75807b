// Fixed ids of the default world, exported so tests can name roles and channels without looking them up.
// They are real-looking snowflakes (19 digits) from 2024.

import type { EmuGuild, EmuUser } from './types.ts';

export const DEFAULT_TOKEN = 'test-bot-token';

export const DEFAULT_IDS = {
  application: '1240000000000000001',
  botUser: '1240000000000000001',
  guild: '1240000000000000100',
  owner: '1240000000000000900',
  user: '1240000000000000901',
  roles: {
    admin: '1240000000000000201',
    operator: '1240000000000000202',
    viewer: '1240000000000000203',
  },
  channels: {
    general: '1240000000000000301',
    ops: '1240000000000000302',
    alerts: '1240000000000000303',
  },
} as const;

/** The user interactions come from when a test names none. */
export const DEFAULT_USER: EmuUser = { id: DEFAULT_IDS.user, username: 'operator', global_name: 'Operator' };

export const DEFAULT_BOT_USER = { id: DEFAULT_IDS.botUser, username: 'mserver' };

/** A fresh copy each call: the emulator never shares mutable objects between instances. */
export function defaultGuilds(): EmuGuild[] {
  return [
    {
      id: DEFAULT_IDS.guild,
      name: 'Validator Ops',
      roles: [
        // ADMINISTRATOR (1 << 3)
        { id: DEFAULT_IDS.roles.admin, name: 'admin', permissions: '8' },
        { id: DEFAULT_IDS.roles.operator, name: 'operator', permissions: '0' },
        { id: DEFAULT_IDS.roles.viewer, name: 'viewer', permissions: '0' },
      ],
      channels: [
        { id: DEFAULT_IDS.channels.general, name: 'general' },
        { id: DEFAULT_IDS.channels.ops, name: 'ops' },
        { id: DEFAULT_IDS.channels.alerts, name: 'alerts' },
      ],
    },
  ];
}
