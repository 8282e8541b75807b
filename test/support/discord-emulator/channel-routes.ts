// Channel routes the bot uses to post outside interactions: the guild text channel, messages (JSON or
// multipart with files), edits and deletes. Ephemeral interaction messages are invisible here, as on Discord.

import { apiChannel } from './api-objects.ts';
import { Errors } from './api-error.ts';
import { checkMessageBody, MessageFlag } from './discord-limits.ts';
import { sendRefusal } from './permissions.ts';
import type { EmulatorState } from './emulator-state.ts';
import { FormErrors } from './form-errors.ts';
import { isRecord, type JsonRecord } from './json-guards.ts';
import { earlierCreate, readCreateExtras, rememberNonce } from './message-create-extras.ts';
import type { Route, RouteContext } from './route.ts';
import type { EmuMessage } from './types.ts';

const CHANNEL_MESSAGE_FLAGS = MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2;

export function channelRoutes(state: EmulatorState): Route[] {
  const channelOf = (ctx: RouteContext): string => {
    const id = ctx.params.channel ?? '';
    if (!state.channel(id)) throw Errors.unknownChannel();
    return id;
  };
  const messageOf = (ctx: RouteContext): EmuMessage => {
    const channelId = channelOf(ctx);
    const msg = state.messagesById.get(ctx.params.message ?? '');
    if (!msg || msg.deleted || msg.channel_id !== channelId || (msg.flags & MessageFlag.Ephemeral) !== 0) {
      throw Errors.unknownMessage();
    }
    return msg;
  };
  const bodyOf = (ctx: RouteContext): JsonRecord => {
    const body = isRecord(ctx.body) ? ctx.body : {};
    const errors = new FormErrors();
    checkMessageBody(errors, body, ctx.files);
    errors.throwIfAny();
    return body;
  };
  const channel = /^\/channels\/(?<channel>\d+)$/;
  const messages = /^\/channels\/(?<channel>\d+)\/messages$/;
  const message = /^\/channels\/(?<channel>\d+)\/messages\/(?<message>\d+)$/;

  return [
    {
      method: 'GET',
      pattern: channel,
      auth: true,
      handle: (ctx) => {
        const found = state.channel(ctx.params.channel ?? '');
        if (!found) throw Errors.unknownChannel();
        return { status: 200, body: apiChannel(found.guild.id, found.channel, found.guild.channels.indexOf(found.channel)) };
      },
    },
    {
      method: 'POST',
      pattern: messages,
      auth: true,
      handle: (ctx) => {
        const channelId = channelOf(ctx);
        const found = state.channel(channelId)!;
        const refusal = sendRefusal(found.guild, found.channel, state.botUser.id);
        if (refusal) throw Errors[refusal]();
        const body = bodyOf(ctx);
        const errors = new FormErrors();
        const extras = readCreateExtras(errors, state, channelId, body);
        errors.throwIfAny();
        const now = Date.now();
        const repeated = earlierCreate(state, extras, now);
        if (repeated) return { status: 200, body: state.render(repeated) };
        const msg = state.createMessage({
          channelId,
          body,
          files: ctx.files,
          allowedFlags: CHANNEL_MESSAGE_FLAGS,
          webhook: false,
          nonce: extras.nonce,
          reference: extras.reference,
        });
        rememberNonce(state, extras, msg, now);
        return { status: 200, body: state.render(msg) };
      },
    },
    {
      method: 'GET',
      pattern: messages,
      auth: true,
      handle: (ctx) => {
        const channelId = channelOf(ctx);
        const limit = Math.min(100, Math.max(1, Number(ctx.query.get('limit') ?? 50) || 50));
        const visible = state.channelMessages(channelId).filter((m) => (m.flags & MessageFlag.Ephemeral) === 0);
        return { status: 200, body: visible.reverse().slice(0, limit).map((m) => state.render(m)) };
      },
    },
    { method: 'GET', pattern: message, auth: true, handle: (ctx) => ({ status: 200, body: state.render(messageOf(ctx)) }) },
    {
      method: 'PATCH',
      pattern: message,
      auth: true,
      handle: (ctx) => {
        const msg = messageOf(ctx);
        if (msg.author.id !== state.botUser.id) throw Errors.cannotEditOthersMessage();
        state.editMessage(msg, bodyOf(ctx), ctx.files);
        return { status: 200, body: state.render(msg) };
      },
    },
    {
      method: 'DELETE',
      pattern: message,
      auth: true,
      handle: (ctx) => {
        state.deleteMessage(messageOf(ctx));
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: /^\/channels\/(?<channel>\d+)\/typing$/,
      auth: true,
      handle: (ctx) => {
        channelOf(ctx);
        return { status: 204 };
      },
    },
  ];
}
