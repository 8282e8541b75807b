// mserver's own check after every key_update: does the node hold the keys it just announced
// (`has_session_keys`, through the dispatcher like any request)? It runs whether or not Discord is on:
// its answer is what starts a key hand-over (key-safety.ts reads it from the dispatcher's run), and the
// keys channel, when there is one, posts the verdict (key-notifier.ts listens here).
import type { Dispatcher } from '../core/dispatcher.ts';
import { isUserError } from '../core/errors.ts';
import { createEventBus, type EventBus } from '../core/event-bus.ts';
import type { KeyVerdict } from '../core/notice.ts';
import type { CommandUpdate } from '../core/ports.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { Logger } from '../log.ts';
import { boolOf } from '../transports/format/result-text.ts';

// i18n-exempt: the system actor's name, stored in requests and the audit trail like a member's name
export const KEY_CHECK_ACTOR = { id: 'mserver', name: 'mserver (automatic check)' } as const;

/** A request of the automatic check: its outcome is posted as the verdict, so it is not an unattended failure. */
export function isKeyCheck(request: { actorId: string; command: string }): boolean {
  return request.actorId === KEY_CHECK_ACTOR.id && request.command === 'has_session_keys';
}

export interface KeyCheckEvents {
  /** The check of one key_update ended (answered, refused or not reached). */
  checked: { update: HubEvents['key_update']; verdict: KeyVerdict };
}

export interface KeyChecks {
  events: EventBus<KeyCheckEvents>;
  /** No check started or reported after this: a check cut short by a shutdown is not worth a post. */
  stop(): void;
}

export interface KeyCheckDeps {
  events: EventBus<HubEvents>;
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  log: Logger;
}

export function verdictOf(u: CommandUpdate | undefined): KeyVerdict {
  if (!u) return { kind: 'unknown', why: { kind: 'not_reached' } };
  if (u.state !== 'success') return { kind: 'unknown', why: { kind: 'state', state: u.state }, ...(u.error ? { agentSaid: u.error } : {}) };
  const held = boolOf(u.result, 'has_session_keys');
  if (held === undefined) return { kind: 'unknown', why: { kind: 'not_boolean' }, agentSaid: JSON.stringify(u.result)?.slice(0, 300) ?? 'null' };
  return held ? { kind: 'held' } : { kind: 'not_held' };
}

export function startKeyCheck(deps: KeyCheckDeps): KeyChecks {
  const { dispatcher, log } = deps;
  const events = createEventBus<KeyCheckEvents>((err, name) => log.error({ err, event: name }, 'a key check listener failed'));
  let stopped = false;

  async function check(e: HubEvents['key_update']): Promise<KeyVerdict> {
    try {
      const outcome = await dispatcher.dispatch({
        command: 'has_session_keys',
        target: e.agentId,
        params: { container: e.container, session_keys: e.sessionKey },
        actor: { ...KEY_CHECK_ACTOR },
        via: 'system',
      });
      if (outcome.kind === 'running') return verdictOf((await outcome.run.done)[0]);
      return { kind: 'unknown', why: { kind: 'policy', needs: outcome.kind === 'needs_approval' ? 'approval' : 'confirmation' } };
    } catch (err) {
      return { kind: 'unknown', why: { kind: 'error', text: isUserError(err) ? (err.text ?? err.message) : err instanceof Error ? err.message : String(err) } };
    }
  }

  const off = deps.events.on('key_update', (update) => {
    if (stopped) return;
    check(update).then(
      (verdict) => {
        if (!stopped) events.emit('checked', { update, verdict });
      },
      (err: unknown) => log.error({ err, agent: update.agentId }, 'the automatic session key check failed'),
    );
  });

  return {
    events,
    stop() {
      stopped = true;
      off();
    },
  };
}
