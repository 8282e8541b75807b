// Key rotations as text. Session keys from rotate_keys are public and safe to post in full; they take
// effect only after session.setKeys is submitted on chain and two more sessions pass, and the old node
// must keep running until then.
import type { KeyAlertFacts, KeyCheckFacts, KeyVerdict, Requester } from '../../../core/notice.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { translate, translator, type Translator } from '../../../i18n/translate.ts';
import { answererText, keyProblemText } from '../../format/key-notice-text.ts';
import { agentMd, code, codeBlock } from '../message-text.ts';
import type { Notice } from './notice.ts';

/** The set_keys reminder in a language (English by default, as other notices quote it). */
export function setKeysReminder(locale: Locale): string {
  return translate(locale, 'notices.keys.setKeysReminder');
}

export type { KeyAlertFacts, KeyCheckBasis, KeyCheckFacts, KeyVerdict } from '../../../core/notice.ts';

/** `agent / container`, escaped: both come from the agent. */
function whereText(k: Pick<KeyAlertFacts, 'agentId' | 'container'>): string {
  return `${agentMd(k.agentId.slice(0, 100))} / ${agentMd(k.container.slice(0, 128))}`;
}

/** `Adam via discord (request #12)`. */
export function requesterText(t: Translator, r: Requester): string {
  return t('notices.keys.requestedBy', { actor: r.actorName, via: r.via, id: String(r.requestId) });
}

export function keyAlertNotice(k: KeyAlertFacts, locale: Locale): Notice {
  const t = translator(locale);
  const where = whereText(k);
  const who = k.askedBy === 'rotate_keys' ? t('notices.keys.aRotateKeysRequest') : k.askedBy ? requesterText(t, k.askedBy) : undefined;
  const asked = who ? `${t('notices.keys.askedBy', { who })}${k.commandId ? ` · ${code(k.commandId)}` : ''}` : t('notices.keys.unsolicited');
  return {
    title: t('notices.keys.title', { where }),
    level: who ? 'info' : 'warning',
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

export function keyVerdictNotice(k: KeyCheckFacts, v: KeyVerdict, locale: Locale): Notice {
  const t = translator(locale);
  const where = whereText(k);
  const who = t('notices.keys.answeredBy', { who: agentMd(answererText(t, k.answeredBy).slice(0, 200)) });
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
        lines: [`${keyProblemText(t, v.why).slice(0, 500)}${v.agentSaid !== undefined ? `: ${agentMd(v.agentSaid.slice(0, 1000))}` : ''}`, t('notices.keys.checkByHand')],
      };
  }
}
