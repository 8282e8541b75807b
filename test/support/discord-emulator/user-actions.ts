// What a Discord user does, turned into INTERACTION_CREATE dispatches carrying every field discord.js 14
// reads: a missing `entitlements` or `authorizing_integration_owners` throws inside the client's dispatch
// handler and takes Node 20 down with an unhandled rejection; without `data.type` a command is dropped.
// The helpers throw on what a real user could not do (click a button that is not there, submit a modal
// nobody opened), so a test cannot pass on an impossible interaction.

import { randomBytes } from 'node:crypto';
import { apiChannel, apiMember, apiRole, apiUser } from './api-objects.ts';
import { DEFAULT_USER } from './defaults.ts';
import { LIMITS } from './discord-limits.ts';
import type { EmulatorState, InteractionRecord } from './emulator-state.ts';
import type { GatewayServer } from './gateway-server.ts';
import { charLength, type JsonRecord } from './json-guards.ts';
import { BOT_APP_PERMISSIONS, memberPermissions } from './permissions.ts';
import type {
  AutocompleteArgs,
  ClickArgs,
  EmuChoice,
  EmuComponent,
  EmuGuild,
  EmuInteractionRef,
  EmuMessage,
  EmuOption,
  EmuUser,
  ModalSubmitArgs,
  SlashArgs,
  StoredCommandOption,
} from './types.ts';

export interface UserActions {
  slash(args: SlashArgs): Promise<EmuInteractionRef>;
  autocomplete(args: AutocompleteArgs): Promise<EmuChoice[]>;
  click(args: ClickArgs): Promise<EmuInteractionRef>;
  submitModal(args: ModalSubmitArgs): Promise<EmuInteractionRef>;
}

interface Actor {
  dm: boolean;
  guild: EmuGuild;
  channelId: string;
  user: EmuUser;
  roles: string[];
  permissions: string;
  locale: string;
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

export function createUserActions(state: EmulatorState, gateway: GatewayServer): UserActions {
  const actor = (args: { user?: EmuUser; roles?: string[]; permissions?: string; guildId?: string; channelId?: string; locale?: string; dm?: boolean }): Actor => {
    const byChannel = args.channelId ? state.channel(args.channelId) : undefined;
    if (args.channelId && !byChannel) throw new Error(`discord-emulator: unknown channel ${args.channelId}`);
    const guild = byChannel?.guild ?? (args.guildId ? state.guild(args.guildId) : state.guilds[0]);
    if (!guild) throw new Error(`discord-emulator: unknown guild ${args.guildId ?? '(none configured)'}`);
    if (byChannel && args.guildId && byChannel.guild.id !== args.guildId) {
      throw new Error(`discord-emulator: channel ${args.channelId} is not in guild ${args.guildId}`);
    }
    const channelId = byChannel?.channel.id ?? guild.channels[0]?.id;
    if (!channelId) throw new Error(`discord-emulator: guild ${guild.id} has no channel`);
    const user = args.user ?? DEFAULT_USER;
    // A member keeps the roles a test gave them earlier, as a real member would.
    const roles = args.roles ?? state.memberRoles(guild.id, user.id) ?? [];
    return {
      dm: args.dm === true,
      guild,
      channelId: args.dm === true ? dmChannelId(user.id) : channelId,
      user,
      roles: [...roles],
      permissions: args.permissions ?? memberPermissions(guild, roles),
      locale: args.locale ?? 'en-US',
    };
  };

  const create = (type: number, who: Actor, extra: { message?: EmuMessage; commandName?: string }): InteractionRecord => {
    const id = state.nextId();
    const rec: InteractionRecord = {
      id,
      token: Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url'),
      type,
      guildId: who.guild.id,
      ...(who.dm ? { dm: true } : {}),
      channelId: who.channelId,
      user: { ...who.user },
      roles: who.roles,
      permissions: who.permissions,
      locale: who.locale,
      sentAt: null,
      acknowledged: false,
      expired: false,
      callbacks: [],
      callbackFailures: [],
      originalEdits: 0,
      followUps: [],
      ...(extra.message ? { message: extra.message } : {}),
      ...(extra.commandName ? { commandName: extra.commandName } : {}),
    };
    state.addInteraction(rec);
    if (!who.dm) state.rememberMember(who.guild.id, who.user, who.roles);
    return rec;
  };

  const deliver = async (rec: InteractionRecord, data: JsonRecord): Promise<EmuInteractionRef> => {
    const guild = state.guild(rec.guildId) as EmuGuild;
    const channel = guild.channels.find((c) => c.id === rec.channelId);
    const payload: JsonRecord = rec.dm ? dmPayload(rec, data) : {
      id: rec.id,
      application_id: state.applicationId,
      type: rec.type,
      token: rec.token,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      channel: channel
        ? { ...apiChannel(guild.id, channel, guild.channels.indexOf(channel)), permissions: rec.permissions }
        : { id: rec.channelId, type: 0, guild_id: guild.id, name: 'unknown' },
      channel_id: rec.channelId,
      member: { ...apiMember(rec.user, rec.roles, state.joinedAt), permissions: rec.permissions },
      data,
      app_permissions: BOT_APP_PERMISSIONS,
      locale: rec.locale,
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: LIMITS.fileBytes,
      ...(rec.message ? { message: state.render(rec.message) } : {}),
    };
    state.notify();
    await gateway.dispatch('INTERACTION_CREATE', payload, {
      onSent: () => {
        rec.sentAt = Date.now();
      },
    });
    state.notify();
    return { id: rec.id, token: rec.token };
  };

  /** A direct message: `user` instead of `member`, no `guild_id`, a DM channel, context 1 (BOT_DM). */
  const dmPayload = (rec: InteractionRecord, data: JsonRecord): JsonRecord => ({
    id: rec.id,
    application_id: state.applicationId,
    type: rec.type,
    token: rec.token,
    version: 1,
    channel: { id: rec.channelId, type: 1, last_message_id: null, flags: 0, recipients: [apiUser(rec.user)] },
    channel_id: rec.channelId,
    user: apiUser(rec.user),
    data,
    app_permissions: BOT_APP_PERMISSIONS,
    locale: rec.locale,
    entitlements: [],
    // A guild-installed app invoked in its DM: the guild install owner is "0".
    authorizing_integration_owners: { '0': '0' },
    context: 1,
    attachment_size_limit: LIMITS.fileBytes,
    ...(rec.message ? { message: state.render(rec.message) } : {}),
  });

  const commandData = (args: SlashArgs, who: Actor, options: EmuOption[]): JsonRecord => {
    const registered = state.findCommand(who.guild.id, args.name);
    if (registered) checkOptionsAgainst(`/${args.name}`, options, registered.options ?? []);
    const resolved = resolveOptions(state, who.guild, options);
    return {
      id: registered?.id ?? state.nextId(),
      name: args.name,
      type: 1,
      ...(options.length > 0 ? { options } : {}),
      ...(registered?.guild_id || !registered ? { guild_id: registered?.guild_id ?? who.guild.id } : {}),
      ...(resolved ? { resolved } : {}),
    };
  };

  return {
    async slash(args) {
      const who = actor(args);
      const options = structuredClone(args.options ?? []);
      const data = commandData(args, who, options);
      return deliver(create(2, who, { commandName: args.name }), data);
    },

    async autocomplete(args) {
      const who = actor(args);
      const options = structuredClone(args.options ?? []);
      if (args.focused !== undefined) {
        const target = findOption(options, args.focused);
        if (!target) throw new Error(`discord-emulator: autocomplete: no option "${args.focused}" in the options given`);
        target.focused = true;
        target.value = String(target.value ?? '');
      }
      if (countFocused(options) !== 1) throw new Error('discord-emulator: autocomplete needs exactly one focused option');
      const rec = create(4, who, { commandName: args.name });
      await deliver(rec, commandData(args, who, options));
      const timeoutMs = args.timeoutMs ?? 5000;
      const outcome = await state
        .waitFor(() => rec.choices ?? rec.callbackFailures[0], timeoutMs)
        .catch(() => {
          throw new Error(`discord-emulator: autocomplete /${args.name}: no choices within ${timeoutMs} ms\n${state.recentRequests()}`);
        });
      if (!Array.isArray(outcome)) {
        throw new Error(`discord-emulator: autocomplete /${args.name}: callback refused: ${outcome.status} code ${outcome.code} ${outcome.message}`);
      }
      return outcome;
    },

    async click(args) {
      const current = state.messagesById.get(args.message.id) ?? args.message;
      if (current.deleted) throw new Error(`discord-emulator: message ${current.id} was deleted`);
      const component = findComponent(current.components, args.customId);
      if (!component) {
        const ids = listCustomIds(current.components).join(', ') || 'none';
        throw new Error(`discord-emulator: message ${current.id} has no component "${args.customId}" (custom ids: ${ids})`);
      }
      if (component.disabled === true) throw new Error(`discord-emulator: component "${args.customId}" is disabled`);
      const who = actor({ ...args, channelId: current.channel_id });
      const data: JsonRecord = {
        custom_id: args.customId,
        component_type: component.type,
        ...(SELECT_TYPES.has(component.type) ? { values: args.values ?? [] } : {}),
      };
      return deliver(create(3, who, { message: current }), data);
    },

    async submitModal(args) {
      const source = [...state.interactions.values()].reverse().find((r) => r.modal?.custom_id === args.customId);
      if (!source?.modal) {
        const shown = [...state.interactions.values()].flatMap((r) => (r.modal ? [r.modal.custom_id] : []));
        throw new Error(`discord-emulator: no modal "${args.customId}" was shown (shown: ${shown.join(', ') || 'none'})`);
      }
      const components = fillModal(source.modal.components, args.fields);
      const who = actor({
        user: args.user ?? source.user,
        roles: args.roles ?? source.roles,
        ...(args.permissions ? { permissions: args.permissions } : {}),
        channelId: source.channelId,
        locale: args.locale ?? source.locale,
      });
      const message = args.message ? (state.messagesById.get(args.message.id) ?? args.message) : source.message;
      return deliver(create(5, who, message ? { message } : {}), { custom_id: args.customId, components });
    },
  };
}

/** A stable DM channel id per user, as Discord keeps one DM channel between the bot and a user. */
function dmChannelId(userId: string): string {
  return (BigInt(userId) + 7n).toString();
}

function findOption(options: EmuOption[], name: string): EmuOption | undefined {
  for (const option of options) {
    if (option.type === 1 || option.type === 2) {
      const inner = findOption(option.options ?? [], name);
      if (inner) return inner;
    } else if (option.name === name) {
      return option;
    }
  }
  return undefined;
}

function countFocused(options: EmuOption[]): number {
  return options.reduce((n, o) => n + (o.focused ? 1 : 0) + countFocused(o.options ?? []), 0);
}

/** Catches a test sending options the registered command does not have: Discord would never send them. */
function checkOptionsAgainst(where: string, given: EmuOption[], declared: StoredCommandOption[]): void {
  for (const option of given) {
    const match = declared.find((d) => d.name === option.name);
    if (!match) {
      const names = declared.map((d) => d.name).join(', ') || 'none';
      throw new Error(`discord-emulator: ${where} has no option "${option.name}" (registered: ${names})`);
    }
    if (match.type !== option.type) {
      throw new Error(`discord-emulator: ${where} option "${option.name}" is type ${match.type}, the test sent type ${option.type}`);
    }
    if (option.options) checkOptionsAgainst(`${where} ${option.name}`, option.options, match.options ?? []);
  }
}

/** `data.resolved` for user, channel, role and mentionable options, as Discord adds it. */
function resolveOptions(state: EmulatorState, guild: EmuGuild, options: EmuOption[]): JsonRecord | undefined {
  const users: JsonRecord = {};
  const members: JsonRecord = {};
  const roles: JsonRecord = {};
  const channels: JsonRecord = {};
  const visit = (list: EmuOption[]): void => {
    for (const o of list) {
      if (o.options) visit(o.options);
      const id = typeof o.value === 'string' ? o.value : undefined;
      if (!id || o.focused) continue;
      if (o.type === 6 || o.type === 9) {
        const user = state.user(id);
        if (user || o.type === 6) {
          const u = user ?? { id, username: `user${id.slice(-4)}` };
          users[id] = apiUser(u, id === state.botUser.id);
          const { user: _user, ...member } = apiMember(u, state.memberRoles(guild.id, id) ?? [], state.joinedAt);
          members[id] = { ...member, permissions: memberPermissions(guild, state.memberRoles(guild.id, id) ?? []) };
        }
      }
      if (o.type === 8 || o.type === 9) {
        const index = guild.roles.findIndex((r) => r.id === id);
        const role = guild.roles[index];
        if (role) roles[id] = apiRole(role, index);
      }
      if (o.type === 7) {
        const index = guild.channels.findIndex((c) => c.id === id);
        const channel = guild.channels[index];
        if (channel) {
          channels[id] = { ...apiChannel(guild.id, channel, index), permissions: BOT_APP_PERMISSIONS };
        }
      }
    }
  };
  visit(options);
  const resolved: JsonRecord = {};
  if (Object.keys(users).length > 0) {
    resolved.users = users;
    resolved.members = members;
  }
  if (Object.keys(roles).length > 0) resolved.roles = roles;
  if (Object.keys(channels).length > 0) resolved.channels = channels;
  return Object.keys(resolved).length > 0 ? resolved : undefined;
}

function children(c: EmuComponent): EmuComponent[] {
  return [...(c.components ?? []), ...(c.component ? [c.component] : []), ...(c.accessory ? [c.accessory] : [])];
}

function findComponent(components: EmuComponent[], customId: string): EmuComponent | undefined {
  for (const c of components) {
    if (c.custom_id === customId) return c;
    const inner = findComponent(children(c), customId);
    if (inner) return inner;
  }
  return undefined;
}

function listCustomIds(components: EmuComponent[]): string[] {
  return components.flatMap((c) => [...(c.custom_id ? [c.custom_id] : []), ...listCustomIds(children(c))]);
}

/** The submitted components mirror the modal's layout: legacy action rows or label components. */
function fillModal(layout: EmuComponent[], fields: Record<string, string>): JsonRecord[] {
  const used = new Set<string>();
  const input = (c: EmuComponent): JsonRecord => {
    const id = c.custom_id ?? '';
    const value = fields[id];
    if (value !== undefined) used.add(id);
    if (c.type === 4) {
      const text = value ?? '';
      const length = charLength(text);
      if (c.required !== false && length === 0) throw new Error(`discord-emulator: modal field "${id}" is required`);
      const min = typeof c.min_length === 'number' ? c.min_length : 0;
      const max = typeof c.max_length === 'number' ? c.max_length : LIMITS.textInputValue;
      if (length > 0 && (length < min || length > max)) {
        throw new Error(`discord-emulator: modal field "${id}" must be ${min}-${max} characters, got ${length}`);
      }
      return { type: 4, id: c.id ?? 0, custom_id: id, value: text };
    }
    return { type: c.type, id: c.id ?? 0, custom_id: id, values: value === undefined ? [] : [value] };
  };
  const out = layout.map((c): JsonRecord => {
    if (c.type === 1) return { type: 1, id: c.id ?? 0, components: (c.components ?? []).map(input) };
    if (c.type === 18 && c.component) return { type: 18, id: c.id ?? 0, component: input(c.component) };
    return { type: c.type, id: c.id ?? 0 };
  });
  const unknown = Object.keys(fields).filter((k) => !used.has(k));
  if (unknown.length > 0) throw new Error(`discord-emulator: the modal has no field(s) ${unknown.join(', ')}`);
  return out;
}
