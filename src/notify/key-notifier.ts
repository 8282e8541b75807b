// Every key_update: an alert in the keys channel (who asked, the new public keys in full, the set_keys
// reminder), then mserver's own check that the node holds those keys (has_session_keys, through the
// dispatcher like any request), posted as a reply to the alert.
import type { Dispatcher } from '../core/dispatcher.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { CommandUpdate } from '../core/ports.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { Logger } from '../log.ts';
import { boolOf } from '../transports/format/result-text.ts';
import { STATE_LABEL } from '../transports/format/state-text.ts';
import { keyAlertNotice, keyVerdictNotice, type KeyCheckBasis, type KeyVerdict } from '../transports/discord/notices/key-notices.ts';
import type { NoticeAction } from '../transports/discord/notices/notice.ts';
import type { Outbox } from './outbox.ts';

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

function verdictOf(u: CommandUpdate | undefined): KeyVerdict {
  if (!u) return { kind: 'unknown', why: 'the check did not reach the agent' };
  if (u.state !== 'success') return { kind: 'unknown', why: `has_session_keys ${STATE_LABEL[u.state]}`, ...(u.error ? { agentSaid: u.error } : {}) };
  const held = boolOf(u.result, 'has_session_keys');
  if (held === undefined) return { kind: 'unknown', why: 'the agent answered, but not with true or false', agentSaid: JSON.stringify(u.result)?.slice(0, 300) ?? 'nothing' };
  return held ? { kind: 'held' } : { kind: 'not_held' };
}

/** A request of the automatic check: its outcome is posted as the verdict, so it is not an unattended failure. */
export function isKeyCheck(request: { actorId: string; command: string }): boolean {
  return request.actorId === KEY_CHECK_ACTOR.id && request.command === 'has_session_keys';
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
        verdict = { kind: 'unknown', why: `the policy asks for ${outcome.kind === 'needs_approval' ? 'an approval' : 'a confirmation'} of has_session_keys, so mserver cannot check on its own` };
      }
    } catch (err) {
      verdict = { kind: 'unknown', why: err instanceof Error ? err.message : String(err) };
    }
    // A check cut short by a shutdown is not worth a post: the alert already says to check.
    if (stopped) return;
    const answeredBy = deps.describeAgent?.(e.agentId) ?? e.agentId;
    outbox.enqueueNotice('keys', keyVerdictNotice({ ...e, answeredBy, basis: deps.keyBasis?.(e.agentId, e.container) }, verdict), { dedupeKey: `${alertKey}:check`, replyTo: alertKey });
  }

  const off = deps.events.on('key_update', (e) => {
    const request = e.requestId !== null ? dispatcher.getRequest(e.requestId) : undefined;
    const askedBy = request ? `${request.actorName} via ${request.via} (request #${request.id})` : e.solicited ? 'a rotate_keys request' : undefined;
    const alertKey = `key:${e.keyId}`;
    outbox.enqueueNotice('keys', { ...keyAlertNotice({ ...e, askedBy }), actions: deps.actionsFor?.(e) }, { dedupeKey: alertKey });
    verify(e, alertKey).catch((err: unknown) => log.error({ err, agent: e.agentId }, 'the automatic session key check failed'));
  });

  return {
    stop() {
      stopped = true;
      off();
    },
  };
}
