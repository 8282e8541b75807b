// What a channel message create may carry besides what it shows: Discord's `nonce` (with
// `enforce_nonce: true`, a create repeated within a few minutes returns the first message instead of
// posting twice) and `message_reference` (the message is a reply).

import type { EmulatorState } from './emulator-state.ts';
import type { ErrorSink } from './form-errors.ts';
import { asString, isRecord, type JsonRecord } from './json-guards.ts';
import type { EmuMessage } from './types.ts';

/** Discord checks nonce uniqueness "in the past few minutes". */
export const NONCE_WINDOW_MS = 5 * 60_000;
const NONCE_MAX = 25;

export interface CreateExtras {
  nonce: string | number | undefined;
  enforceNonce: boolean;
  reference: { message_id: string; channel_id: string; guild_id: string } | undefined;
}

export function readCreateExtras(errors: ErrorSink, state: EmulatorState, channelId: string, body: JsonRecord): CreateExtras {
  const raw = body.nonce;
  let nonce: string | number | undefined;
  if (typeof raw === 'string') {
    if (raw.length > NONCE_MAX) errors.add(['nonce'], 'BASE_TYPE_MAX_LENGTH', `Must be ${NONCE_MAX} or fewer in length.`);
    nonce = raw;
  } else if (typeof raw === 'number' && Number.isInteger(raw)) {
    nonce = raw;
  } else if (raw !== undefined && raw !== null) {
    errors.add(['nonce'], 'BASE_TYPE_STRING', 'Must be a string or an integer.');
  }
  return { nonce, enforceNonce: body.enforce_nonce === true && nonce !== undefined, reference: readReference(errors, state, channelId, body.message_reference) };
}

function readReference(errors: ErrorSink, state: EmulatorState, channelId: string, ref: unknown): CreateExtras['reference'] {
  if (ref === undefined || ref === null) return undefined;
  if (!isRecord(ref)) {
    errors.add(['message_reference'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return undefined;
  }
  const id = asString(ref.message_id) ?? (typeof ref.message_id === 'number' ? String(ref.message_id) : undefined);
  const target = id === undefined ? undefined : state.messagesById.get(id);
  const found = target && !target.deleted && target.channel_id === (asString(ref.channel_id) ?? channelId) ? target : undefined;
  if (!found) {
    // Discord sends the message without the reference when told not to fail.
    if (ref.fail_if_not_exists !== false) errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    return undefined;
  }
  const guild = state.channel(found.channel_id)?.guild.id ?? '';
  return { message_id: found.id, channel_id: found.channel_id, guild_id: guild };
}

/** Nonces are unique per author (here: the bot), as on Discord. */
const nonceKey = (state: EmulatorState, nonce: string | number) => `${state.botUser.id}:${String(nonce)}`;

/** The message an earlier create with this nonce made, when `enforce_nonce` asks and it is recent. */
export function earlierCreate(state: EmulatorState, extras: CreateExtras, now: number): EmuMessage | undefined {
  if (!extras.enforceNonce || extras.nonce === undefined) return undefined;
  const earlier = state.nonces.get(nonceKey(state, extras.nonce));
  return earlier && now - earlier.at < NONCE_WINDOW_MS ? state.messagesById.get(earlier.messageId) : undefined;
}

export function rememberNonce(state: EmulatorState, extras: CreateExtras, msg: EmuMessage, now: number): void {
  if (extras.nonce !== undefined) state.nonces.set(nonceKey(state, extras.nonce), { messageId: msg.id, at: now });
}

