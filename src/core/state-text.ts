// A request's state as a person reads it ("awaiting approval", "승인 대기"): the stored word is an enum
// value, never shown as it is.
import { msg, type Message } from '../i18n/message.ts';
import type { RequestState } from './records.ts';

const STATE_KEYS = {
  invalid: 'core.state.invalid',
  refused: 'core.state.refused',
  awaiting_confirmation: 'core.state.awaiting_confirmation',
  awaiting_approval: 'core.state.awaiting_approval',
  cancelled: 'core.state.cancelled',
  denied: 'core.state.denied',
  expired: 'core.state.expired',
  withdrawn: 'core.state.withdrawn',
  dispatched: 'core.state.dispatched',
  done: 'core.state.done',
  granted: 'core.state.granted',
  revoked: 'core.state.revoked',
} as const satisfies Record<RequestState, string>;

export function stateText(state: RequestState): Message {
  return msg(STATE_KEYS[state]);
}
