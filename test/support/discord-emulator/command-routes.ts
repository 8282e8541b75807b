// Application command routes: bulk overwrite (PUT) validated against Discord's limits, stored with ids
// that survive an overwrite when name and type stay the same, as Discord keeps them.

import { ApiError, Errors } from './api-error.ts';
import { checkCommand, checkCommandList } from './discord-limits.ts';
import type { EmulatorState } from './emulator-state.ts';
import { FormErrors } from './form-errors.ts';
import { asNumber, asRecords, asString, isRecord, type JsonRecord } from './json-guards.ts';
import type { Route, RouteContext } from './route.ts';
import type { StoredCommand, StoredCommandOption } from './types.ts';

export function commandRoutes(state: EmulatorState): Route[] {
  const scope = (ctx: RouteContext): string | undefined => {
    if (ctx.params.app !== state.applicationId) throw Errors.notAuthorizedForApplication();
    const guildId = ctx.params.guild;
    if (guildId !== undefined && !state.guild(guildId)) throw new ApiError(403, 50001, 'Missing Access');
    return guildId;
  };
  const store = (raw: JsonRecord, guildId: string | undefined, existing: StoredCommand[]): StoredCommand => {
    const type = asNumber(raw.type) ?? 1;
    const name = asString(raw.name) ?? '';
    const same = existing.find((c) => c.name === name && c.type === type);
    const command: StoredCommand = {
      ...structuredClone(raw),
      id: same?.id ?? state.nextId(),
      application_id: state.applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      version: state.nextId(),
      type,
      name,
      description: asString(raw.description) ?? '',
      default_member_permissions: raw.default_member_permissions == null ? null : String(raw.default_member_permissions),
      nsfw: raw.nsfw === true,
      ...(Array.isArray(raw.options) ? { options: asRecords(raw.options) as StoredCommandOption[] } : {}),
    };
    if (!guildId) {
      command.dm_permission = raw.dm_permission !== false;
      command.integration_types = raw.integration_types ?? [0];
      command.contexts = raw.contexts ?? null;
    }
    return command;
  };
  const collection = /^\/applications\/(?<app>\d+)(?:\/guilds\/(?<guild>\d+))?\/commands$/;
  const single = /^\/applications\/(?<app>\d+)(?:\/guilds\/(?<guild>\d+))?\/commands\/(?<command>\d+)$/;
  const find = (ctx: RouteContext): { list: StoredCommand[]; index: number } => {
    const list = state.commandList(scope(ctx));
    const index = list.findIndex((c) => c.id === ctx.params.command);
    if (index < 0) throw Errors.unknownCommand();
    return { list, index };
  };

  return [
    { method: 'GET', pattern: collection, auth: true, handle: (ctx) => ({ status: 200, body: state.commands(scope(ctx)) }) },
    {
      method: 'PUT',
      pattern: collection,
      auth: true,
      handle: (ctx) => {
        const guildId = scope(ctx);
        const errors = new FormErrors();
        checkCommandList(errors, ctx.body);
        errors.throwIfAny();
        const existing = state.commandList(guildId);
        state.replaceCommands(guildId, asRecords(ctx.body).map((raw) => store(raw, guildId, existing)));
        return { status: 200, body: state.commands(guildId) };
      },
    },
    {
      method: 'POST',
      pattern: collection,
      auth: true,
      handle: (ctx) => {
        const guildId = scope(ctx);
        const errors = new FormErrors();
        checkCommand(errors, [], ctx.body);
        errors.throwIfAny();
        const raw = isRecord(ctx.body) ? ctx.body : {};
        const list = state.commandList(guildId);
        const command = store(raw, guildId, list);
        const at = list.findIndex((c) => c.id === command.id);
        if (at >= 0) list[at] = command;
        else list.push(command);
        state.notify();
        return { status: at >= 0 ? 200 : 201, body: structuredClone(command) };
      },
    },
    {
      method: 'GET',
      pattern: single,
      auth: true,
      handle: (ctx) => {
        const { list, index } = find(ctx);
        return { status: 200, body: structuredClone(list[index]) };
      },
    },
    {
      method: 'DELETE',
      pattern: single,
      auth: true,
      handle: (ctx) => {
        const { list, index } = find(ctx);
        list.splice(index, 1);
        return { status: 204 };
      },
    },
  ];
}
