// Every key_update: an alert in the keys channel (who asked, the new public keys in full, the set_keys
// reminder), then the verdict of mserver's own check that the node holds those keys (key-check.ts),
// posted as a reply to the alert.
import type { Dispatcher } from '../core/dispatcher.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { KeyAnswerer, KeyCheckBasis, NoticeAction, Requester } from '../core/notice.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { Locale } from '../i18n/locale.ts';
import { translate } from '../i18n/translate.ts';
import type { KeyChecks } from './key-check.ts';
import type { Outbox } from './outbox.ts';

export interface KeyNotifierDeps {
  events: EventBus<HubEvents>;
  dispatcher: Pick<Dispatcher, 'getRequest'>;
  /** mserver's own has_session_keys check of each key_update: its verdict is posted. */
  checks: Pick<KeyChecks, 'events'>;
  outbox: Outbox;
  /** An agent with its credential and address, for the verdict ("answered by ..."). */
  describeAgent?: (agentId: string) => KeyAnswerer;
  /** The buttons under the rotation alert (Check keys, Submitted): see key-safety.ts. */
  actionsFor?: (e: HubEvents['key_update']) => NoticeAction[];
  /** What the verdict rests on for this container (the node's word, or the chain and which stash). */
  keyBasis?: (agentId: string, container: string) => KeyCheckBasis;
}

export function requesterOf(request: { actorName: string; via: string; id: number }): Requester {
  return { actorName: request.actorName, via: request.via, requestId: request.id };
}

/** Who asked for a rotation, `Adam via discord (request #12)`, as the key guard keeps it (in the channels' language). */
export function requesterText(locale: Locale, request: { actorName: string; via: string; id: number }): string {
  return translate(locale, 'notices.keys.requestedBy', { actor: request.actorName, via: request.via, id: String(request.id) });
}

export function startKeyNotifier(deps: KeyNotifierDeps): { stop(): void } {
  const { dispatcher, outbox } = deps;
  const alertKey = (e: HubEvents['key_update']) => `key:${e.keyId}`;

  const offUpdate = deps.events.on('key_update', (e) => {
    const request = e.requestId !== null ? dispatcher.getRequest(e.requestId) : undefined;
    const askedBy = request ? requesterOf(request) : e.solicited ? 'rotate_keys' : undefined;
    const key = { agentId: e.agentId, container: e.container, sessionKey: e.sessionKey, askedBy, commandId: e.commandId } as const;
    outbox.enqueueNotice('keys', { facts: { kind: 'key_rotated', key }, actions: deps.actionsFor?.(e) }, { dedupeKey: alertKey(e) });
  });
  // The verdict comes later than the alert (the check is a round trip to the agent), so it can be its reply.
  const offChecked = deps.checks.events.on('checked', ({ update: e, verdict }) => {
    const answeredBy = deps.describeAgent?.(e.agentId) ?? { agentId: e.agentId, credential: undefined, address: undefined };
    const check = { agentId: e.agentId, container: e.container, solicited: e.solicited, answeredBy, basis: deps.keyBasis?.(e.agentId, e.container) };
    outbox.enqueueNotice('keys', { facts: { kind: 'key_verdict', check, verdict } }, { dedupeKey: `${alertKey(e)}:check`, replyTo: alertKey(e) });
  });

  return {
    stop() {
      offUpdate();
      offChecked();
    },
  };
}
