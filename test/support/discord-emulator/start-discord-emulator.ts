// Starts one emulator: an HTTP server on 127.0.0.1 (random port) serving REST under /api and the gateway
// WebSocket on upgrade. Nothing is shared between instances; close() releases every handle.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botRoutes } from './bot-routes.ts';
import { channelRoutes } from './channel-routes.ts';
import { commandRoutes } from './command-routes.ts';
import { createSnowflakes } from './create-snowflakes.ts';
import { DEFAULT_BOT_USER, DEFAULT_IDS, DEFAULT_TOKEN, defaultGuilds } from './defaults.ts';
import { EmulatorState } from './emulator-state.ts';
import { FaultPlan } from './fault-plan.ts';
import { GatewayServer } from './gateway-server.ts';
import { interactionRoutes } from './interaction-routes.ts';
import { RateLimitBuckets } from './rate-limit-buckets.ts';
import { RestServer } from './rest-server.ts';
import { oauth2Routes } from './oauth2-routes.ts';
import type { DiscordEmulator, DiscordEmulatorOptions, EmuInteractionState } from './types.ts';
import { createUserActions } from './user-actions.ts';

export async function startDiscordEmulator(opts: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const applicationId = opts.applicationId ?? DEFAULT_IDS.application;
  const state = new EmulatorState({
    token: opts.token ?? DEFAULT_TOKEN,
    applicationId,
    botUser: opts.botUser ?? { ...DEFAULT_BOT_USER, id: opts.applicationId ?? DEFAULT_BOT_USER.id },
    ownerId: DEFAULT_IDS.owner,
    guilds: structuredClone(opts.guilds ?? defaultGuilds()),
    callbackDeadlineMs: opts.callbackDeadlineMs ?? 3000,
    nextId: createSnowflakes(),
  });
  const gateway = new GatewayServer(state, {
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 1000,
    allowPrivilegedIntents: opts.allowPrivilegedIntents ?? false,
  });
  const faults = new FaultPlan();
  const oauth2 = oauth2Routes(state);
  const rest = new RestServer(state, faults, new RateLimitBuckets(), [
    ...oauth2.routes,
    ...botRoutes(state, () => gateway.url),
    ...interactionRoutes(state),
    ...channelRoutes(state),
    ...commandRoutes(state),
  ]);

  const server = createServer((req, res) => {
    rest.handle(req, res).catch((err: unknown) => console.error('discord-emulator: request failed', err));
  });
  server.on('upgrade', (req, socket, head: Buffer) => gateway.handleUpgrade(req, socket, head));
  // A client error (reset mid-request) must not become an uncaught exception in the test process.
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  state.httpBase = `http://127.0.0.1:${port}`;
  gateway.url = `ws://127.0.0.1:${port}`;
  const actions = createUserActions(state, gateway);

  let closing: Promise<void> | undefined;
  return {
    apiBase: `${state.httpBase}/api`,
    gatewayUrl: gateway.url,
    token: state.token,
    applicationId,
    botUser: { id: state.botUser.id, username: state.botUser.username },
    guilds: state.guilds,
    requests: state.requests,
    oauth2: oauth2.control,

    close() {
      closing ??= new Promise<void>((resolve) => {
        state.closed = true;
        state.notify();
        gateway.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },

    commands: (guildId) => state.commands(guildId),
    commandWrites: (guildId) => state.commandWrites(guildId),
    messages: (channelId) => state.channelMessages(channelId),
    interaction(id): EmuInteractionState {
      const rec = state.interaction(id);
      if (!rec) throw new Error(`discord-emulator: no interaction ${id}`);
      return rec;
    },
    gatewayStats: () => ({ ...gateway.stats, serverCloseCodes: [...gateway.stats.serverCloseCodes], connected: gateway.connected }),

    slash: (args) => actions.slash(args),
    autocomplete: (args) => actions.autocomplete(args),
    click: (args) => actions.click(args),
    submitModal: (args) => actions.submitModal(args),

    waitFor: (probe, timeoutMs) => state.waitFor(probe, timeoutMs),

    rateLimitNext: (n, o) => faults.rateLimitNext(n, o),
    failNext: (n, o) => faults.failNext(n, o),
    expireInteractionTokens() {
      for (const rec of state.interactions.values()) rec.expired = true;
      state.notify();
    },
    disconnectGateway: (code) => gateway.disconnect(code),
    setUnreachable(on, opts = {}) {
      rest.unreachable = on;
      const gatewayToo = opts.gateway ?? true;
      if (gatewayToo || !on) gateway.unreachable = on;
      if (on && gatewayToo) gateway.dropAll();
      state.notify();
    },
    setMemberRoles(guildId, user, roles) {
      if (!state.guild(guildId)) throw new Error(`discord-emulator: unknown guild ${guildId}`);
      state.rememberMember(guildId, user, roles);
      state.notify();
    },
    removeMember(guildId, userId) {
      state.forgetMember(guildId, userId);
      state.notify();
    },
  };
}
