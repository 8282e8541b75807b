// Key rotations as text. Session keys from rotate_keys are public and safe to post in full; they take
// effect only after session.setKeys is submitted on chain and two more sessions pass, and the old node
// must keep running until then.
import type { Locale } from '../../../i18n/locale.ts';
import { translate, translator } from '../../../i18n/translate.ts';
import { agentMd, code, codeBlock } from '../message-text.ts';
import type { Notice } from './notice.ts';

/** The set_keys reminder in a language (English by default, as other notices quote it). */
export function setKeysReminder(locale: Locale = 'en'): string {
  return translate(locale, 'notices.keys.setKeysReminder');
}

export interface KeyAlertFacts {
  agentId: string;
  container: string;
  sessionKey: string;
  /** Who asked for the rotation, e.g. `Adam via discord (request #12)`; undefined: nobody did. */
  askedBy: string | undefined;
  commandId: string | undefined;
}

/** `agent / container`, escaped: both come from the agent. */
function whereText(k: Pick<KeyAlertFacts, 'agentId' | 'container'>): string {
  return `${agentMd(k.agentId.slice(0, 100))} / ${agentMd(k.container.slice(0, 128))}`;
}

export function keyAlertNotice(k: KeyAlertFacts, locale: Locale = 'en'): Notice {
  const t = translator(locale);
  const where = whereText(k);
  const asked = k.askedBy ? `${t('notices.keys.askedBy', { who: k.askedBy })}${k.commandId ? ` · ${code(k.commandId)}` : ''}` : t('notices.keys.unsolicited');
  return {
    title: t('notices.keys.title', { where }),
    level: k.askedBy ? 'info' : 'warning',
    content: t('notices.keys.content', { where }),
    lines: [
      t('notices.keys.agentContainer', { agent: code(k.agentId), container: code(k.container) }),
      asked,
      t('notices.keys.newKeys'),
      codeBlock(k.sessionKey),
      setKeysReminder(locale),
      t('notices.keys.checking'),
    ],
  };
}

export type KeyVerdict =
  | { kind: 'held' }
  | { kind: 'not_held' }
  /** `why` is mserver's (already in the channel's language); `agentSaid`, the agent's own words, is escaped where it is shown. */
  | { kind: 'unknown'; why: string; agentSaid?: string };

/**
 * What the verdict may claim. Without CHAIN_RPC_URL, has_session_keys is the node's word and labelled so;
 * with it, only session.nextKeys / queuedKeys verify, so the node's yes says it waits for the chain.
 */
export type KeyCheckBasis = { kind: 'node' } | { kind: 'chain'; stash: string } | { kind: 'no_stash' };

export interface KeyCheckFacts extends Pick<KeyAlertFacts, 'agentId' | 'container'> {
  /** A rotate_keys mserver sent to this agent and container asked for these keys. */
  solicited: boolean;
  /** Which agent answered the check, and with what credential (the verdict rests on its word). */
  answeredBy: string;
  basis?: KeyCheckBasis;
}

export function keyVerdictNotice(k: KeyCheckFacts, v: KeyVerdict, locale: Locale = 'en'): Notice {
  const t = translator(locale);
  const where = whereText(k);
  const who = t('notices.keys.answeredBy', { who: agentMd(k.answeredBy.slice(0, 200)) });
  switch (v.kind) {
    case 'held':
      if (!k.solicited) {
        return {
          title: t('notices.keys.unsolicitedTitle', { where }),
          level: 'warning',
          content: t('notices.keys.unsolicitedContent', { where }),
          lines: [t('notices.keys.unsolicitedWhy'), who, t('notices.keys.unsolicitedTodo')],
        };
      }
      if (k.basis?.kind === 'chain') {
        return {
          title: t('notices.keys.chainTitle', { where }),
          level: 'info',
          lines: [t('notices.keys.chainNodeWord'), t('notices.keys.chainTodo', { stash: code(k.basis.stash) }), who],
        };
      }
      if (k.basis?.kind === 'no_stash') {
        return { title: t('notices.keys.noStashTitle', { where }), level: 'warning', lines: [t('notices.keys.noStashWhy'), t('notices.keys.giveStash'), who] };
      }
      return { title: t('notices.keys.nodeTitle', { where }), level: 'ok', lines: [t('notices.keys.nodeWhy'), who] };
    case 'not_held':
      return { title: t('notices.keys.notHeldTitle', { where }), level: 'critical', content: t('notices.keys.notHeldContent', { where }), lines: [t('notices.keys.notHeldWhy'), who] };
    case 'unknown':
      return {
        title: t('notices.keys.unknownTitle', { where }),
        level: 'warning',
        lines: [`${v.why.slice(0, 500)}${v.agentSaid !== undefined ? `: ${agentMd(v.agentSaid.slice(0, 1000))}` : ''}`, t('notices.keys.checkByHand')],
      };
  }
}
