// Interaction callback and the interaction webhook (editReply, followUp, fetch/delete reply). These routes
// take no bot token, as on Discord: the interaction token in the path is the credential, valid 3 s for the
// first callback and 15 minutes for the webhook.

import { ApiError, Errors } from './api-error.ts';
import { checkChoices, checkMessageBody, checkModal, MessageFlag } from './discord-limits.ts';
import type { EmulatorState, InteractionRecord } from './emulator-state.ts';
import { FormErrors } from './form-errors.ts';
import { asNumber, asRecords, isRecord, type JsonRecord } from './json-guards.ts';
import type { Route, RouteContext, RouteResult } from './route.ts';
import type { EmuChoice, EmuMessage, EmuModal } from './types.ts';

const TOKEN_LIFETIME_MS = 15 * 60 * 1000;
const RESPONSE_FLAGS =
  MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2;

const CallbackType = {
  Pong: 1,
  ChannelMessage: 4,
  DeferredChannelMessage: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export function interactionRoutes(state: EmulatorState): Route[] {
  const webhookMessage = /^\/webhooks\/(?<app>\d+)\/(?<token>[^/]+)\/messages\/(?<message>@original|\d+)$/;
  return [
    {
      method: 'POST',
      pattern: /^\/interactions\/(?<id>\d+)\/(?<token>[^/]+)\/callback$/,
      auth: false,
      handle: (ctx) => callback(state, ctx),
    },
    { method: 'POST', pattern: /^\/webhooks\/(?<app>\d+)\/(?<token>[^/]+)$/, auth: false, handle: (ctx) => followUp(state, ctx) },
    {
      method: 'GET',
      pattern: webhookMessage,
      auth: false,
      handle: (ctx) => ({ status: 200, body: state.render(findWebhookMessage(state, ctx).msg) }),
    },
    { method: 'PATCH', pattern: webhookMessage, auth: false, handle: (ctx) => editWebhookMessage(state, ctx) },
    {
      method: 'DELETE',
      pattern: webhookMessage,
      auth: false,
      handle: (ctx) => {
        state.deleteMessage(findWebhookMessage(state, ctx).msg);
        return { status: 204 };
      },
    },
  ];
}

function callback(state: EmulatorState, ctx: RouteContext): RouteResult {
  const rec = state.interaction(ctx.params.id ?? '');
  if (!rec || rec.token !== ctx.params.token) throw Errors.unknownInteraction();
  try {
    return acknowledge(state, rec, ctx);
  } catch (err) {
    if (err instanceof ApiError) {
      rec.callbackFailures.push({ at: Date.now(), status: err.status, code: err.code, message: err.message });
    }
    throw err;
  }
}

function acknowledge(state: EmulatorState, rec: InteractionRecord, ctx: RouteContext): RouteResult {
  if (rec.expired || rec.sentAt === null || Date.now() - rec.sentAt > state.callbackDeadlineMs) {
    throw Errors.unknownInteraction();
  }
  if (rec.acknowledged) throw Errors.alreadyAcknowledged();
  const body = isRecord(ctx.body) ? ctx.body : {};
  const type = asNumber(body.type);
  const data = isRecord(body.data) ? body.data : undefined;
  const errors = new FormErrors();
  const invalidForThisInteraction = (): ApiError => {
    errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${type} is invalid for interaction type ${rec.type}`);
    return Errors.invalidFormBody(errors.tree);
  };
  const isCommandLike = rec.type === 2 || rec.type === 3 || rec.type === 5;
  const hasMessage = rec.type === 3 || (rec.type === 5 && rec.message !== undefined);
  let original: EmuMessage | undefined;

  switch (type) {
    case CallbackType.ChannelMessage: {
      if (!isCommandLike) throw invalidForThisInteraction();
      checkMessageBody(errors.at(['data']), data ?? {}, ctx.files);
      errors.throwIfAny();
      original = state.createMessage({
        channelId: rec.channelId,
        body: data ?? {},
        files: ctx.files,
        allowedFlags: RESPONSE_FLAGS,
        interactionId: rec.id,
        webhook: true,
      });
      break;
    }
    case CallbackType.DeferredChannelMessage: {
      if (!isCommandLike) throw invalidForThisInteraction();
      original = state.createMessage({
        channelId: rec.channelId,
        body: {},
        files: [],
        allowedFlags: 0,
        // The "is thinking..." placeholder: LOADING until the first edit.
        extraFlags: MessageFlag.Loading | ((asNumber(data?.flags) ?? 0) & MessageFlag.Ephemeral),
        interactionId: rec.id,
        webhook: true,
      });
      break;
    }
    case CallbackType.DeferredUpdateMessage: {
      if (!hasMessage || !rec.message) throw invalidForThisInteraction();
      original = rec.message;
      break;
    }
    case CallbackType.UpdateMessage: {
      if (!hasMessage || !rec.message) throw invalidForThisInteraction();
      checkMessageBody(errors.at(['data']), data ?? {}, ctx.files);
      errors.throwIfAny();
      original = state.editMessage(rec.message, data ?? {}, ctx.files);
      break;
    }
    case CallbackType.AutocompleteResult: {
      if (rec.type !== 4) throw invalidForThisInteraction();
      checkChoices(errors, data?.choices);
      errors.throwIfAny();
      rec.choices = asRecords(data?.choices).map((c) => ({ name: String(c.name), value: c.value as EmuChoice['value'] }));
      break;
    }
    case CallbackType.Modal: {
      if (rec.type !== 2 && rec.type !== 3) throw invalidForThisInteraction();
      checkModal(errors, data);
      errors.throwIfAny();
      rec.modal = structuredClone(data) as EmuModal;
      break;
    }
    default: {
      if (type === undefined) errors.add(['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else if (type === CallbackType.Pong) errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'PONG is only valid for HTTP interactions');
      else errors.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {4, 5, 6, 7, 8, 9}.');
      errors.throwIfAny();
    }
  }

  rec.acknowledged = true;
  rec.callbacks.push({ type: type ?? 0, ...(data ? { data: structuredClone(data) } : {}) });
  if (original) rec.original = original;
  state.notify();

  if (ctx.query.get('with_response') !== 'true') return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: {
        id: rec.id,
        type: rec.type,
        activity_instance_id: null,
        response_message_id: original?.id ?? null,
        response_message_loading: type === CallbackType.DeferredChannelMessage,
        response_message_ephemeral: original ? (original.flags & MessageFlag.Ephemeral) !== 0 : false,
      },
      resource: {
        type,
        ...(original && type !== CallbackType.DeferredUpdateMessage ? { message: state.render(original) } : {}),
      },
    },
  };
}

/** The interaction behind a webhook token: 401 code 50027 once the token is expired or unknown. */
function webhookInteraction(state: EmulatorState, ctx: RouteContext): InteractionRecord {
  if (ctx.params.app !== state.applicationId) throw Errors.unknownWebhook();
  const rec = state.interactionsByToken.get(ctx.params.token ?? '');
  if (!rec) throw Errors.invalidWebhookToken();
  if (rec.expired || (rec.sentAt !== null && Date.now() - rec.sentAt > TOKEN_LIFETIME_MS)) {
    rec.expired = true;
    throw Errors.invalidWebhookToken();
  }
  // The webhook only exists once the interaction has been answered.
  if (!rec.acknowledged) throw Errors.unknownWebhook();
  return rec;
}

function findWebhookMessage(state: EmulatorState, ctx: RouteContext): { rec: InteractionRecord; msg: EmuMessage } {
  const rec = webhookInteraction(state, ctx);
  const wanted = ctx.params.message;
  const msg = wanted === '@original'
    ? rec.original
    : [rec.original, ...rec.followUps].find((m) => m?.id === wanted);
  if (!msg || msg.deleted) throw Errors.unknownMessage();
  return { rec, msg };
}

function editWebhookMessage(state: EmulatorState, ctx: RouteContext): RouteResult {
  const { rec, msg } = findWebhookMessage(state, ctx);
  const body: JsonRecord = isRecord(ctx.body) ? ctx.body : {};
  const errors = new FormErrors();
  checkMessageBody(errors, body, ctx.files);
  errors.throwIfAny();
  state.editMessage(msg, body, ctx.files);
  if (msg === rec.original) rec.originalEdits++;
  return { status: 200, body: state.render(msg) };
}

function followUp(state: EmulatorState, ctx: RouteContext): RouteResult {
  const rec = webhookInteraction(state, ctx);
  const body: JsonRecord = isRecord(ctx.body) ? ctx.body : {};
  const errors = new FormErrors();
  checkMessageBody(errors, body, ctx.files);
  errors.throwIfAny();
  const original = rec.original;
  let msg: EmuMessage;
  if (original && !original.deleted && (original.flags & MessageFlag.Loading) !== 0) {
    // Discord turns the first follow-up after deferReply into the deferred "thinking" message itself.
    msg = state.editMessage(original, body, ctx.files);
    rec.originalEdits++;
  } else {
    msg = state.createMessage({
      channelId: rec.channelId,
      body,
      files: ctx.files,
      allowedFlags: RESPONSE_FLAGS,
      interactionId: rec.id,
      webhook: true,
    });
  }
  rec.followUps.push(msg);
  // Interaction follow-ups always answer with the message, whatever `wait` says.
  return { status: 200, body: state.render(msg) };
}
