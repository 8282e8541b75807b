// Every key_update: an alert in the keys channel (who asked, the new public keys in full, the set_keys
// reminder), then mserver's own check that the node holds those keys (has_session_keys, through the
// dispatcher like any request), posted as a reply to the alert.
import type { Dispatcher } from '../core/dispatcher.ts';
import { isUserError } from '../core/errors.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { KeyAnswerer, KeyCheckBasis, KeyVerdict, NoticeAction, Requester } from '../core/notice.ts';
import type { CommandUpdate } from '../core/ports.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { Locale } from '../i18n/locale.ts';
import { translate } from '../i18n/translate.ts';
import type { Logger } from '../log.ts';
import { boolOf } from '../transports/format/result-text.ts';
import type { Outbox } from './outbox.ts';

// i18n-exempt: the system actor's name, stored in requests and the audit trail like a member's name
export const KEY_CHECK_ACTOR = { id: 'mserver', name: 'mserver (automatic check)' } as const;

export interface KeyNotifierDeps {
  events: EventBus<HubEvents>;
  dispatcher: Pick<Dispatcher, 'dispatch' | 'getRequest'>;
  outbox: Outbox;
  log: Logger;
  /** An agent with its credential and address, for the verdict ("answered by ..."). */
  describeAgent?: (agentId: string) => KeyAnswerer;
  /** The buttons under the rotation alert (Check keys, Submitted): see key-safety.ts. */
  actionsFor?: (e: HubEvents['key_update']) => NoticeAction[];
  /** What the verdict rests on for this container (the node's word, or the chain and which stash). */
  keyBasis?: (agentId: string, container: string) => KeyCheckBasis;
}

function verdictOf(u: CommandUpdate | undefined): KeyVerdict {
  if (!u) return { kind: 'unknown', why: { kind: 'not_reached' } };
  if (u.state !== 'success') return { kind: 'unknown', why: { kind: 'state', state: u.state }, ...(u.error ? { agentSaid: u.error } : {}) };
  const held = boolOf(u.result, 'has_session_keys');
  if (held === undefined) return { kind: 'unknown', why: { kind: 'not_boolean' }, agentSaid: JSON.stringify(u.result)?.slice(0, 300) ?? 'null' };
  return held ? { kind: 'held' } : { kind: 'not_held' };
}

/** A request of the automatic check: its outcome is posted as the verdict, so it is not an unattended failure. */
export function isKeyCheck(request: { actorId: string; command: string }): boolean {
  return request.actorId === KEY_CHECK_ACTOR.id && request.command === 'has_session_keys';
}

export function requesterOf(request: { actorName: string; via: string; id: number }): Requester {
  return { actorName: request.actorName, via: request.via, requestId: request.id };
}

/** Who asked for a rotation, `Adam via discord (request #12)`, as the key guard keeps it (in the channels' language). */
export function requesterText(locale: Locale, request: { actorName: string; via: string; id: number }): string {
  return translate(locale, 'notices.keys.requestedBy', { actor: request.actorName, via: request.via, id: String(request.id) });
}

export function startKeyNotifier(deps: KeyNotifierDeps): { stop(): void } {
  const { dispatcher, outbox, log } = deps;
  let stopped = false;

  async function verify(e: HubEvents['key_update'], alertKey: string): Promise<void> {
    let verdict: KeyVerdict;
    try {
      const outcome = await dispatcher.dispatch({
        command: 'has_session_keys',
        target: e.agentId,
        params: { container: e.container, session_keys: e.sessionKey },
        actor: { ...KEY_CHECK_ACTOR },
        via: 'system',
      });
      if (outcome.kind === 'running') {
        verdict = verdictOf((await outcome.run.done)[0]);
      } else {
        verdict = { kind: 'unknown', why: { kind: 'policy', needs: outcome.kind === 'needs_approval' ? 'approval' : 'confirmation' } };
      }
    } catch (err) {
      verdict = { kind: 'unknown', why: { kind: 'error', text: isUserError(err) ? (err.text ?? err.message) : err instanceof Error ? err.message : String(err) } };
    }
    // A check cut short by a shutdown is not worth a post: the alert already says to check.
    if (stopped) return;
    const answeredBy = deps.describeAgent?.(e.agentId) ?? { agentId: e.agentId, credential: undefined, address: undefined };
    const check = { agentId: e.agentId, container: e.container, solicited: e.solicited, answeredBy, basis: deps.keyBasis?.(e.agentId, e.container) };
    outbox.enqueueNotice('keys', { facts: { kind: 'key_verdict', check, verdict } }, { dedupeKey: `${alertKey}:check`, replyTo: alertKey });
  }

  const off = deps.events.on('key_update', (e) => {
    const request = e.requestId !== null ? dispatcher.getRequest(e.requestId) : undefined;
    const askedBy = request ? requesterOf(request) : e.solicited ? 'rotate_keys' : undefined;
    const alertKey = `key:${e.keyId}`;
    const key = { agentId: e.agentId, container: e.container, sessionKey: e.sessionKey, askedBy, commandId: e.commandId } as const;
    outbox.enqueueNotice('keys', { facts: { kind: 'key_rotated', key }, actions: deps.actionsFor?.(e) }, { dedupeKey: alertKey });
    verify(e, alertKey).catch((err: unknown) => log.error({ err, agent: e.agentId }, 'the automatic session key check failed'));
  });

  return {
    stop() {
      stopped = true;
      off();
    },
  };
}
