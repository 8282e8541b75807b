// The key guard's notices: a duplicate session key (critical: two nodes with one key equivocate and are
// slashed) and the steps of a key hand-over. Public keys are safe to post in full; agent ids, containers
// and member names are data, escaped.
import { duplicateText, whereText as plainWhere, type DuplicateKey, type Handover, type KeySighting } from '../../../core/key-guard.ts';
import type { HandoverStep } from '../../../core/notice.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { translator } from '../../../i18n/translate.ts';
import { agentMd, code, codeBlock, discordTime } from '../message-text.ts';
import type { Notice, NoticeAction } from './notice.ts';

/** `agent / container`, escaped: both come from the agent. */
const whereText = (s: Pick<KeySighting, 'agentId' | 'container'>): string => plainWhere(s, agentMd);

export function duplicateKeyNotice(d: DuplicateKey, actions: NoticeAction[], locale: Locale): Notice {
  const t = translator(locale);
  const places = d.holders.map((h) => whereText(h)).join(t('notices.safety.placesJoin'));
  const types = [...new Set(d.holders.map((h) => h.keyType))].join(' / ');
  return {
    title: t('notices.safety.dupTitle', { places }).slice(0, 240),
    level: 'critical',
    content: t('notices.safety.dupContent', { types, places }),
    lines: [
      t('notices.safety.keyType', { types: code(types) }),
      t('notices.safety.publicKey'),
      codeBlock(d.publicKey),
      ...d.holders.map((h) =>
        t('notices.safety.holder', { agent: agentMd(h.agentId.slice(0, 100)), container: code(h.container), type: code(h.keyType), at: discordTime(h.at, 'f'), source: code(h.source) }),
      ),
      t('notices.safety.refused'),
      t('notices.safety.checkBoth'),
    ],
    footer: duplicateText(d, undefined, undefined, locale).slice(0, 2000),
    actions,
  };
}


/** A step of a hand-over; `detail`, when given, is already in the reader's language. */
export function handoverNotice(h: Handover, step: HandoverStep, detail?: string, locale: Locale = 'en'): Notice {
  const t = translator(locale);
  const where = whereText(h);
  switch (step) {
    case 'submitted':
      return {
        title: t('notices.safety.submittedTitle', { where }),
        level: 'info',
        lines: [
          t('notices.safety.submittedBy', { who: agentMd(h.submittedBy ?? t('notices.safety.someone')), at: discordTime(h.submittedAt ?? 0, 'f') }),
          detail ?? t('notices.safety.submittedWait', { at: discordTime(h.submittedAt ?? 0, 'R') }),
        ],
      };
    case 'done':
      return {
        title: t('notices.safety.doneTitle', { where }),
        level: 'ok',
        lines: [
          h.chainState === 'confirmed'
            ? t('notices.safety.doneChain', { at: discordTime(h.chainAt ?? 0, 'f') })
            : t('notices.safety.doneSubmitted', { at: discordTime(h.submittedAt ?? 0, 'f') }),
        ],
      };
    case 'confirmed':
      return {
        title: t('notices.safety.confirmedTitle', { where }),
        level: 'ok',
        lines: [
          h.stash ? t('notices.safety.confirmedHoldStash', { stash: code(h.stash) }) : t('notices.safety.confirmedHold'),
          t('notices.safety.confirmedWait', { at: discordTime(h.chainAt ?? 0, 'f') }),
          ...(detail ? [detail] : []),
        ],
      };
    case 'no_stash':
      return { title: t('notices.safety.noStashTitle', { where }), level: 'warning', lines: [t('notices.safety.noStashWhy'), t('notices.safety.noStashTodo')] };
    case 'mismatch':
      return {
        title: t('notices.safety.mismatchTitle', { where }),
        level: 'critical',
        content: h.stash ? t('notices.safety.mismatchContentStash', { where, stash: code(h.stash) }) : t('notices.safety.mismatchContent', { where }),
        lines: [t('notices.safety.nodeHolds'), codeBlock(h.sessionKey), detail ?? t('notices.safety.chainHoldsOther'), t('notices.safety.mismatchTodo')],
      };
    case 'unreachable':
      return { title: t('notices.safety.unreachableTitle', { where }), level: 'warning', lines: [detail ?? t('notices.safety.unreachable')] };
  }
}
