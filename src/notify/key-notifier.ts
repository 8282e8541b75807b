// Every key_update: an alert in the keys channel (who asked, the new public keys in full, the set_keys
// reminder), then mserver's own check that the node holds those keys (has_session_keys, through the
// dispatcher like any request), posted as a reply to the alert.
import type { Dispatcher } from '../core/dispatcher.ts';
import { isUserError } from '../core/errors.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { CommandUpdate } from '../core/ports.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { Locale } from '../i18n/locale.ts';
import { translate, translator } from '../i18n/translate.ts';
import type { Logger } from '../log.ts';
import { boolOf } from '../transports/format/result-text.ts';
import { keyAlertNotice, keyVerdictNotice, type KeyCheckBasis, type KeyVerdict } from '../transports/discord/notices/key-notices.ts';
import type { NoticeAction } from '../transports/discord/notices/notice.ts';
import type { Outbox } from './outbox.ts';

// i18n-exempt: the system actor's name, stored in requests and the audit trail like a member's name
export const KEY_CHECK_ACTOR = { id: 'mserver', name: 'mserver (automatic check)' } as const;

export interface KeyNotifierDeps {
  events: EventBus<HubEvents>;
  dispatcher: Pick<Dispatcher, 'dispatch' | 'getRequest'>;
  outbox: Outbox;
  log: Logger;
  /** Names an agent with its credential and address, for the verdict ("answered by ..."). */
  describeAgent?: (agentId: string) => string;
  /** The buttons under the rotation alert (Check keys, Submitted): see key-safety.ts. */
  actionsFor?: (e: HubEvents['key_update']) => NoticeAction[];
  /** What the verdict rests on for this container (the node's word, or the chain and which stash). */
  keyBasis?: (agentId: string, container: string) => KeyCheckBasis;
}

function verdictOf(u: CommandUpdate | undefined, locale: Locale): KeyVerdict {
  const t = translator(locale);
  if (!u) return { kind: 'unknown', why: t('notices.keys.notReached') };
  if (u.state !== 'success') return { kind: 'unknown', why: t('notices.keys.checkState', { state: t(`notices.state.${u.state}`) }), ...(u.error ? { agentSaid: u.error } : {}) };
  const held = boolOf(u.result, 'has_session_keys');
  if (held === undefined) return { kind: 'unknown', why: t('notices.keys.notBoolean'), agentSaid: JSON.stringify(u.result)?.slice(0, 300) ?? t('notices.nothing') };
  return held ? { kind: 'held' } : { kind: 'not_held' };
}

/** A request of the automatic check: its outcome is posted as the verdict, so it is not an unattended failure. */
export function isKeyCheck(request: { actorId: string; command: string }): boolean {
  return request.actorId === KEY_CHECK_ACTOR.id && request.command === 'has_session_keys';
}

/** Who asked for a rotation: `Adam via discord (request #12)`, in the channels' language. */
export function requesterText(locale: Locale, request: { actorName: string; via: string; id: number }): string {
  return translate(locale, 'notices.keys.requestedBy', { actor: request.actorName, via: request.via, id: String(request.id) });
}

export function startKeyNotifier(deps: KeyNotifierDeps): { stop(): void } {
  const { dispatcher, outbox, log } = deps;
  const t = translator(outbox.locale);
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
        verdict = verdictOf((await outcome.run.done)[0], outbox.locale);
      } else {
        verdict = { kind: 'unknown', why: t(outcome.kind === 'needs_approval' ? 'notices.keys.policyApproval' : 'notices.keys.policyConfirmation') };
      }
    } catch (err) {
      verdict = { kind: 'unknown', why: isUserError(err) ? err.localized(outbox.locale) : err instanceof Error ? err.message : String(err) };
    }
    // A check cut short by a shutdown is not worth a post: the alert already says to check.
    if (stopped) return;
    const answeredBy = deps.describeAgent?.(e.agentId) ?? e.agentId;
    outbox.enqueueNotice('keys', keyVerdictNotice({ ...e, answeredBy, basis: deps.keyBasis?.(e.agentId, e.container) }, verdict, outbox.locale), { dedupeKey: `${alertKey}:check`, replyTo: alertKey });
  }

  const off = deps.events.on('key_update', (e) => {
    const request = e.requestId !== null ? dispatcher.getRequest(e.requestId) : undefined;
    const askedBy = request ? requesterText(outbox.locale, request) : e.solicited ? t('notices.keys.aRotateKeysRequest') : undefined;
    const alertKey = `key:${e.keyId}`;
    outbox.enqueueNotice('keys', { ...keyAlertNotice({ ...e, askedBy }, outbox.locale), actions: deps.actionsFor?.(e) }, { dedupeKey: alertKey });
    verify(e, alertKey).catch((err: unknown) => log.error({ err, agent: e.agentId }, 'the automatic session key check failed'));
  });

  return {
    stop() {
      stopped = true;
      off();
    },
  };
}
