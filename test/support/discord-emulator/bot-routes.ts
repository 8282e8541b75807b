// Routes around login and the bot's own identity: /gateway/bot (what discord.js calls first),
// /users/@me, /applications/@me, and read-only guild lookups a permission check may need.

import { apiChannel, apiGuild, apiMember, apiRole, apiUser } from './api-objects.ts';
import { Errors } from './api-error.ts';
import type { EmulatorState } from './emulator-state.ts';
import type { Route, RouteContext } from './route.ts';
import type { EmuGuild } from './types.ts';

export function botRoutes(state: EmulatorState, gatewayUrl: () => string): Route[] {
  const guildOf = (ctx: RouteContext): EmuGuild => {
    const guild = state.guild(ctx.params.guild ?? '');
    if (!guild) throw Errors.unknownGuild();
    return guild;
  };
  const application = () => ({
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    owner: apiUser({ id: state.ownerId, username: 'owner' }),
    team: null,
    bot: apiUser(state.botUser, true),
    approximate_guild_count: state.guilds.length,
    redirect_uris: [],
    interactions_endpoint_url: null,
    tags: [],
    integration_types_config: { '0': {} },
  });

  return [
    { method: 'GET', pattern: /^\/gateway$/, auth: false, handle: () => ({ status: 200, body: { url: gatewayUrl() } }) },
    {
      method: 'GET',
      pattern: /^\/gateway\/bot$/,
      auth: true,
      handle: () => ({
        status: 200,
        body: {
          url: gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      }),
    },
    {
      method: 'GET',
      pattern: /^\/users\/@me$/,
      auth: true,
      handle: () => ({ status: 200, body: { ...apiUser(state.botUser, true), verified: true, mfa_enabled: false } }),
    },
    {
      method: 'GET',
      pattern: /^\/users\/(?<user>\d+)$/,
      auth: true,
      handle: (ctx) => {
        const user = state.user(ctx.params.user ?? '');
        if (!user) throw Errors.unknownUser();
        return { status: 200, body: apiUser(user, user.id === state.botUser.id) };
      },
    },
    { method: 'GET', pattern: /^\/applications\/@me$/, auth: true, handle: () => ({ status: 200, body: application() }) },
    { method: 'GET', pattern: /^\/oauth2\/applications\/@me$/, auth: true, handle: () => ({ status: 200, body: application() }) },
    { method: 'GET', pattern: /^\/guilds\/(?<guild>\d+)$/, auth: true, handle: (ctx) => ({ status: 200, body: apiGuild(guildOf(ctx), state.ownerId) }) },
    {
      method: 'GET',
      pattern: /^\/guilds\/(?<guild>\d+)\/roles$/,
      auth: true,
      handle: (ctx) => ({ status: 200, body: guildOf(ctx).roles.map((r, i) => apiRole(r, i)) }),
    },
    {
      method: 'GET',
      pattern: /^\/guilds\/(?<guild>\d+)\/channels$/,
      auth: true,
      handle: (ctx) => {
        const guild = guildOf(ctx);
        return { status: 200, body: guild.channels.map((c, i) => apiChannel(guild.id, c, i)) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/guilds\/(?<guild>\d+)\/members\/(?<user>\d+)$/,
      auth: true,
      handle: (ctx) => {
        const guild = guildOf(ctx);
        const userId = ctx.params.user ?? '';
        if (userId === state.botUser.id) return { status: 200, body: apiMember(state.botUser, [], state.joinedAt, true) };
        const roles = state.memberRoles(guild.id, userId);
        const user = state.user(userId);
        if (!roles || !user) throw Errors.unknownMember();
        return { status: 200, body: apiMember(user, roles, state.joinedAt) };
      },
    },
  ];
}
