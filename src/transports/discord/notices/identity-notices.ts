// Agent identity events as alerts (issue 13): an id claimed by a credential that does not hold it, a
// new agent waiting for an admin (with Accept / Reject), an agent connecting from a new address.
import type { NoticeFacts } from '../../../core/notice.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { isMessage, render } from '../../../i18n/message.ts';
import { translator } from '../../../i18n/translate.ts';
import { agentButtonRow } from '../agent-buttons.ts';
import { code } from '../message-text.ts';
import type { Notice } from './notice.ts';
import { noticeMessages, type OutboxMessage } from './notice-messages.ts';

type Facts<K extends NoticeFacts['kind']> = Omit<Extract<NoticeFacts, { kind: K }>, 'kind'>;

export function impersonationNotice(e: Facts<'impersonation'>, locale: Locale): Notice {
  const t = translator(locale);
  const why = (isMessage(e.why) ? render(locale, e.why) : e.why).slice(0, 300);
  return {
    title: t('notices.identity.claimTitle', { id: e.claimedId.slice(0, 64) }),
    level: 'critical',
    content: t('notices.identity.claimContent', { why }),
    lines: [
      t('notices.identity.claimWhy', { why }),
      t('notices.identity.claimFrom', { address: code(e.address), holder: e.holder.slice(0, 120), id: code(e.claimedId.slice(0, 64)) }),
      t('notices.identity.claimTodo'),
    ],
  };
}

export function pendingMessages(e: Facts<'agent_pending'>, locale: Locale): OutboxMessage[] {
  const t = translator(locale);
  const id = e.agentId.slice(0, 64);
  const facts = { id: code(id), address: code(e.address), credential: e.credential };
  const notice: Notice = {
    title: t('notices.identity.pendingTitle', { id }),
    level: 'warning',
    content: t('notices.identity.pendingContent', { id, credential: e.credential }),
    lines: [
      e.hostName ? t('notices.identity.pendingFactsHost', { ...facts, host: code(e.hostName.slice(0, 100)) }) : t('notices.identity.pendingFacts', facts),
      t('notices.identity.pendingTodo'),
    ],
  };
  const [first, ...rest] = noticeMessages(notice);
  // The row is Discord's (its ids are what the click handler reads), labelled in the channel's language.
  return [{ ...first!, components: [agentButtonRow(e.agentId, t)] }, ...rest];
}

export function newAddressNotice(e: Facts<'agent_new_address'>, locale: Locale): Notice {
  const t = translator(locale);
  const id = code(e.agentId.slice(0, 64));
  return {
    title: t('notices.identity.newAddressTitle', { id: e.agentId.slice(0, 64) }),
    level: 'warning',
    lines: [t('notices.identity.newAddress', { id, address: code(e.address), previous: code(e.previousAddress), credential: e.credential }), t('notices.identity.newAddressTodo')],
  };
}
