// A real mserver with its Discord bot logged in to the Discord API emulator: the whole product on
// loopback. Members with different roles are ready to use.
import { startDiscordEmulator, type DiscordEmulator, type EmuUser } from './discord-emulator/index.ts';
import { startTestServer, type TestServer } from './mserver.ts';
import type { Clock } from '../../src/core/ports.ts';

export const IDS = {
  guild: '1300000000000000100',
  roles: {
    viewer: '1300000000000000201',
    operator: '1300000000000000202',
    admin: '1300000000000000203',
    approver: '1300000000000000204',
    discordAdmin: '1300000000000000205',
  },
  channels: {
    ops: '1300000000000000301',
    alerts: '1300000000000000302',
    payouts: '1300000000000000303',
    keys: '1300000000000000304',
    approvals: '1300000000000000305',
  },
} as const;

const user = (n: number, username: string): EmuUser => ({ id: `13000000000000009${String(n).padStart(2, '0')}`, username, global_name: username[0]!.toUpperCase() + username.slice(1) });

/** Who is who in the test guild. */
export const MEMBERS = {
  viewer: { user: user(1, 'vera'), roles: [IDS.roles.viewer] },
  operator: { user: user(2, 'olga'), roles: [IDS.roles.operator] },
  admin: { user: user(3, 'adam'), roles: [IDS.roles.admin] },
  approver: { user: user(4, 'paul'), roles: [IDS.roles.approver, IDS.roles.operator] },
  approver2: { user: user(5, 'rita'), roles: [IDS.roles.approver] },
  adminApprover: { user: user(6, 'alba'), roles: [IDS.roles.admin, IDS.roles.approver] },
  nobody: { user: user(7, 'nina'), roles: [] as string[] },
} as const;

export interface DiscordStack {
  emu: DiscordEmulator;
  s: TestServer;
  stop(): Promise<void>;
}

export function stackEnv(emu: DiscordEmulator, roles = true): Record<string, string> {
  return {
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiBase,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_GUILD_ID: IDS.guild,
    DISCORD_ALERTS_CHANNEL_ID: IDS.channels.alerts,
    DISCORD_PAYOUTS_CHANNEL_ID: IDS.channels.payouts,
    DISCORD_KEYS_CHANNEL_ID: IDS.channels.keys,
    DISCORD_APPROVALS_CHANNEL_ID: IDS.channels.approvals,
    ...(roles
      ? {
          ROLE_VIEWER_IDS: IDS.roles.viewer,
          ROLE_OPERATOR_IDS: IDS.roles.operator,
          ROLE_ADMIN_IDS: IDS.roles.admin,
          ROLE_APPROVER_IDS: IDS.roles.approver,
        }
      : {}),
  };
}

export async function startEmulator(): Promise<DiscordEmulator> {
  return startDiscordEmulator({
    heartbeatIntervalMs: 1000,
    guilds: [
      {
        id: IDS.guild,
        name: 'Validators',
        roles: [
          { id: IDS.roles.viewer, name: 'viewer' },
          { id: IDS.roles.operator, name: 'operator' },
          { id: IDS.roles.admin, name: 'admin' },
          { id: IDS.roles.approver, name: 'approver' },
          { id: IDS.roles.discordAdmin, name: 'server-admin', permissions: '8' },
        ],
        channels: Object.entries(IDS.channels).map(([name, id]) => ({ id, name })),
      },
    ],
  });
}

export async function startDiscordStack(opts: { env?: Record<string, string>; dir?: string; emu?: DiscordEmulator; roles?: boolean; clock?: Clock } = {}): Promise<DiscordStack> {
  const emu = opts.emu ?? (await startEmulator());
  const s = await startTestServer({ env: { ...stackEnv(emu, opts.roles ?? true), ...opts.env }, ...(opts.dir ? { dir: opts.dir } : {}), ...(opts.clock ? { clock: opts.clock } : {}) });
  await withTimeout(s.app.discord!.ready, 15_000, 'the bot to log in to the emulator');
  return {
    emu,
    s,
    async stop() {
      await s.dispose();
      if (!opts.emu) await emu.close();
    },
  };
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
