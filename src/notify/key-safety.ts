// Feeds the key guard what mserver sees (key_update, and the answers to rotate_keys, check_keys,
// has_session_keys and has_key), and tells the keys and alerts channels when it matters: a duplicate
// session key (critical, with check_keys buttons for each holder), a verified rotation entering its
// hand-over, and the hand-over done two sessions after session.setKeys.
import type { AlertActionsPort } from '../core/alert-actions.ts';
import type { ChainReader } from '../core/chain-reader.ts';
import type { Dispatcher } from '../core/dispatcher.ts';
import { isUserError } from '../core/errors.ts';
import type { EventBus } from '../core/event-bus.ts';
import { normalKey, type Handover, type KeyGuard, type KeySighting } from '../core/key-guard.ts';
import type { HandoverStep, NoticeAction, NoticeFacts } from '../core/notice.ts';
import type { Clock, CommandUpdate } from '../core/ports.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { Locale } from '../i18n/locale.ts';
import { translator } from '../i18n/translate.ts';
import type { Logger } from '../log.ts';
import { boolOf } from '../transports/format/result-text.ts';
import { requesterText } from './key-notifier.ts';
import type { Outbox } from './outbox.ts';

export interface KeySafetyDeps {
  guard: KeyGuard;
  events: EventBus<HubEvents>;
  dispatcher: Pick<Dispatcher, 'events' | 'getRequest'>;
  outbox: Outbox;
  actions: AlertActionsPort;
  clock: Clock;
  log: Logger;
  /** Where check_keys said a container's stash is: the guard's stashOf reads it. */
  stashes: Map<string, string>;
  /** Present with CHAIN_RPC_URL: a rotation is verified on chain, not on the agent's word. */
  chain?: ChainReader | undefined;
  /** How often hand-overs are looked at (done after two sessions); default 60 s. */
  tickMs?: number;
}

interface Rotation {
  sessionKey: string;
  rotatedBy: string;
  at: number;
  keyId: number;
}

/** The rotation alert's next steps: check the keys on the node now, and record that session.setKeys was sent. */
export function rotationActions(actions: AlertActionsPort, clock: Clock, e: HubEvents['key_update'], locale: Locale): NoticeAction[] {
  const t = translator(locale);
  const params = { container: e.container };
  const check = t('notices.button.checkKeys');
  const submitted = t('notices.button.submitted');
  return [
    { actionId: actions.addAction({ kind: 'command', label: check, command: 'check_keys', target: e.agentId, params }, clock.now()), label: check, style: 'primary' },
    { actionId: actions.addAction({ kind: 'handover_submitted', label: submitted, target: e.agentId, params }, clock.now()), label: submitted, style: 'success' },
  ];
}

const where = (agentId: string, container: string) => `${agentId}\n${container}`;
const resultOf = (u: CommandUpdate): Record<string, unknown> => (u.result && typeof u.result === 'object' ? (u.result as Record<string, unknown>) : {});

export function startKeySafety(deps: KeySafetyDeps): { stop(): void; submitted(agentId: string, container: string, by: string, stash?: string): Handover } {
  const { guard, outbox, actions, clock, log } = deps;
  const locale = outbox.locale;
  const t = translator(locale);
  const handover = (h: Handover, step: HandoverStep, more: Omit<Extract<NoticeFacts, { kind: 'handover' }>, 'kind' | 'handover' | 'step'> = {}) => ({
    facts: { kind: 'handover', handover: h, step, ...more } as const,
  });
  const rotations = new Map<string, Rotation>();

  function action(a: Omit<Parameters<AlertActionsPort['addAction']>[0], 'params'> & { params: Record<string, unknown> }, style: NoticeAction['style']): NoticeAction {
    return { actionId: actions.addAction(a, clock.now()), label: a.label, style };
  }

  function saw(s: KeySighting): void {
    const dup = guard.saw(s);
    if (!dup) return;
    log.error({ key: dup.publicKey, holders: dup.holders.map((h) => `${h.agentId}/${h.container}`) }, 'duplicate session key: start and restart of these containers are refused');
    const buttons = dup.holders.map((h) =>
      action({ kind: 'command', label: t('notices.button.checkKeysOn', { where: `${h.agentId}/${h.container}` }).slice(0, 80), command: 'check_keys', target: h.agentId, params: { container: h.container } }, 'primary'),
    );
    const notice = { facts: { kind: 'duplicate_key', duplicate: dup } as const, actions: buttons };
    const key = `dup:${dup.publicKey}:${dup.holders.map((h) => where(h.agentId, h.container)).sort().join('|')}:${s.at}`;
    // One notice in two channels: recorded once, each channel's post keyed `${key}:<channel>`.
    outbox.enqueueNotice(['keys', 'alerts'], notice, { dedupeKey: key });
  }

  function stashOf(agentId: string, container: string): string | null {
    return deps.stashes.get(where(agentId, container)) ?? null;
  }

  /**
   * With CHAIN_RPC_URL the chain is the authority: a hand-over is verified only when session.nextKeys(stash)
   * or queuedKeys carries its keys. Before setKeys is reported sent, other keys on chain are "waiting"; after,
   * they are a mismatch (critical). A stash mserver does not know is said once, never guessed.
   */
  async function verifyOnChain(h: Handover): Promise<void> {
    if (!deps.chain) return;
    const stash = guard.stashOfHandover(h);
    if (!stash) {
      outbox.enqueueNotice('keys', handover(h, 'no_stash'), { dedupeKey: `handover:${h.id}:chain:no-stash` });
      return;
    }
    try {
      const keys = await deps.chain.sessionKeys(stash);
      const onChain = [keys.next, ...keys.queued].filter((k): k is string => k !== null).map((k) => k.toLowerCase());
      const ok = onChain.includes(h.sessionKey.toLowerCase());
      const waiting = !ok && guard.handoverAt(h.agentId, h.container)?.state === 'pending';
      const settled = guard.chainChecked(h.agentId, h.container, ok ? 'confirmed' : waiting ? 'waiting' : 'mismatch');
      if (!settled || waiting) return;
      const chain = { stash, next: keys.next, queued: [...keys.queued] };
      // A mismatch is one notice in the keys and the alerts channels (recorded once).
      if (ok) outbox.enqueueNotice('keys', handover(settled, 'confirmed', { chain }), { dedupeKey: `handover:${h.id}:chain:ok` });
      else {
        log.error({ agent: h.agentId, container: h.container, stash: h.stash }, 'the keys on the node are not the keys on chain');
        outbox.enqueueNotice(['keys', 'alerts'], handover(settled, 'mismatch', { chain }), { dedupeKey: `handover:${h.id}:chain:mismatch` });
      }
    } catch (err) {
      if (isUserError(err)) {
        // A stash mserver cannot read is shown raw, once; retrying would not change it.
        outbox.enqueueNotice('keys', handover(h, 'unreachable', { error: err.text ?? err.message }), { dedupeKey: `handover:${h.id}:chain:bad-stash` });
        return;
      }
      log.warn({ err, agent: h.agentId }, 'the chain RPC could not be read: the hand-over stays unverified on chain; retried at the next tick');
      guard.chainChecked(h.agentId, h.container, 'unreachable');
    }
  }

  function verifiedRotation(agentId: string, container: string, key: string): void {
    const r = rotations.get(where(agentId, container));
    if (!r || r.sessionKey !== key) return;
    rotations.delete(where(agentId, container));
    const h = guard.beginHandover({ agentId, container, sessionKey: key, stash: stashOf(agentId, container), rotatedBy: r.rotatedBy, rotatedAt: r.at });
    log.info({ agent: agentId, container, handover: h.id }, 'key hand-over begins: set_keys pending');
    // The node's yes only starts the wait: with a chain, its word is checked there (and a missing stash said now).
    void verifyOnChain(h);
  }

  function onOutcome(command: string, params: Record<string, unknown>, u: CommandUpdate): void {
    if (u.state !== 'success') return;
    const container = typeof params.container === 'string' ? params.container : undefined;
    if (!container) return;
    const at = u.at;
    const base = { agentId: u.agentId, container, at };
    const result = resultOf(u);
    switch (command) {
      case 'has_session_keys': {
        const key = normalKey(params.session_keys);
        const held = boolOf(u.result, 'has_session_keys');
        if (!key || held === undefined) return;
        if (held) {
          saw({ ...base, keyType: 'session_keys', publicKey: key, source: 'has_session_keys' });
          verifiedRotation(u.agentId, container, key);
        } else guard.notHeld(u.agentId, container, 'session_keys', key);
        return;
      }
      case 'has_key': {
        const key = normalKey(params.public_key);
        const held = boolOf(u.result, 'has_key');
        if (!key || held === undefined || typeof params.key_type !== 'string') return;
        if (held) saw({ ...base, keyType: params.key_type, publicKey: key, source: 'has_key' });
        else guard.notHeld(u.agentId, container, params.key_type, key);
        return;
      }
      case 'check_keys': {
        if (typeof params.stash === 'string') deps.stashes.set(where(u.agentId, container), params.stash);
        const key = normalKey(result.session_keys ?? result.session_key);
        if (key) saw({ ...base, keyType: 'session_keys', publicKey: key, source: 'check_keys' });
        // "Check keys" on a container in hand-over asks the chain too, rather than waiting for the next tick.
        const h = guard.handoverAt(u.agentId, container);
        if (h && h.chainState !== 'confirmed') void verifyOnChain(h);
        return;
      }
      case 'rotate_keys': {
        const key = normalKey(result.session_keys ?? result.session_key);
        if (key) saw({ ...base, keyType: 'session_keys', publicKey: key, source: 'rotate_keys' });
        return;
      }
    }
  }

  const offKey = deps.events.on('key_update', (e) => {
    const key = normalKey(e.sessionKey);
    if (!key) return;
    const request = e.requestId !== null ? deps.dispatcher.getRequest(e.requestId) : undefined;
    const rotatedBy = request ? requesterText(locale, request) : t('notices.keys.nobodyAsked');
    rotations.set(where(e.agentId, e.container), { sessionKey: key, rotatedBy, at: e.at, keyId: e.keyId });
    saw({ agentId: e.agentId, container: e.container, keyType: 'session_keys', publicKey: key, source: 'key_update', at: e.at });
  });
  const offRun = deps.dispatcher.events.on('run_finished', ({ request, outcomes }) => {
    for (const u of outcomes) {
      try {
        onOutcome(request.command, request.params, u);
      } catch (err) {
        log.error({ err, request: request.id }, 'the key guard could not take in an answer');
      }
    }
  });

  const offDone = guard.onDone((h) => {
    log.info({ agent: h.agentId, container: h.container, handover: h.id }, 'key hand-over done: the new keys are active');
    outbox.enqueueNotice('keys', handover(h, 'done'), { dedupeKey: `handover:${h.id}:done` });
  });

  function tick(): void {
    guard.settle();
    // A mismatch is checked again too: the extrinsic may not have been included when it was first read.
    // Pending ones too: with a chain, keys showing up there is what verifies them (and starts the two sessions).
    for (const h of guard.openHandovers()) if (h.chainState !== 'confirmed') void verifyOnChain(h);
  }
  const timer = setInterval(() => {
    try {
      tick();
    } catch (err) {
      log.error({ err }, 'the key hand-over tick failed');
    }
  }, deps.tickMs ?? 60_000);
  timer.unref();

  return {
    submitted(agentId, container, by, stash) {
      const h = guard.submitted(agentId, container, by, stash);
      outbox.enqueueNotice('keys', handover(h, 'submitted', { byChain: deps.chain !== undefined }), { dedupeKey: `handover:${h.id}:submitted` });
      void verifyOnChain(h);
      return h;
    },
    stop() {
      clearInterval(timer);
      offKey();
      offRun();
      offDone();
    },
  };
}
