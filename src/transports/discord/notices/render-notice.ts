// A notice's facts (src/core/notice.ts) as Discord messages in a language: the one place that knows
// which builder writes which kind. The outbox calls it for the channels' language.
import type { NoticeFacts, NoticeOut } from '../../../core/notice.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { isMessage, render } from '../../../i18n/message.ts';
import { translate } from '../../../i18n/translate.ts';
import { diskLowNotice } from './disk-notice.ts';
import { hostEventsNotice } from './host-notice.ts';
import { impersonationNotice, newAddressNotice, pendingMessages } from './identity-notices.ts';
import { interruptedNotice } from './interrupted-notice.ts';
import { keyAlertNotice, keyVerdictNotice } from './key-notices.ts';
import type { Notice } from './notice.ts';
import { noticeMessages, type OutboxMessage } from './notice-messages.ts';
import { payoutChangesNotice, payoutDigestNotice } from './payout-notices.ts';
import { runFailureNotice } from './run-failure-notice.ts';
import { duplicateKeyNotice, handoverNotice } from './safety-notices.ts';

/** The extra line of a hand-over step: what the chain holds, why it could not be read, or how CHAIN_RPC_URL decides. */
function handoverDetail(f: Extract<NoticeFacts, { kind: 'handover' }>, locale: Locale): string | undefined {
  if (f.error !== undefined) return isMessage(f.error) ? render(locale, f.error) : f.error;
  if (f.chain) {
    const next = f.chain.next ?? translate(locale, 'notices.none');
    return f.chain.queued.length
      ? translate(locale, 'notices.safety.onChain', { stash: f.chain.stash, next, queued: f.chain.queued.join(', ') })
      : translate(locale, 'notices.safety.onChainNothingQueued', { stash: f.chain.stash, next });
  }
  return f.byChain ? translate(locale, 'notices.safety.submittedByChain') : undefined;
}

function noticeOf(f: Exclude<NoticeFacts, { kind: 'agent_pending' }>, locale: Locale): Notice {
  switch (f.kind) {
    case 'payout_changes':
      return payoutChangesNotice(f.changes, locale);
    case 'payout_digest':
      return payoutDigestNotice(f.digest, f.thresholds, f.at, undefined, locale);
    case 'host_events':
      return hostEventsNotice(f.events, locale);
    case 'disk_low':
      return diskLowNotice(f.freeMb, f.warnMb, f.path, locale);
    case 'run_failed':
      return runFailureNotice(f.request, f.failed, f.total, locale);
    case 'interrupted':
      return interruptedNotice(f.commands, locale);
    case 'key_rotated':
      return keyAlertNotice(f.key, locale);
    case 'key_verdict':
      return keyVerdictNotice(f.check, f.verdict, locale);
    case 'duplicate_key':
      return duplicateKeyNotice(f.duplicate, [], locale);
    case 'handover':
      return handoverNotice(f.handover, f.step, handoverDetail(f, locale), locale);
    case 'impersonation':
      return impersonationNotice(f, locale);
    case 'agent_new_address':
      return newAddressNotice(f, locale);
  }
}

/** The Discord messages of a notice, in `locale`, its buttons under the last one. */
export function renderNotice(n: NoticeOut, locale: Locale): OutboxMessage[] {
  if (n.facts.kind === 'agent_pending') return pendingMessages(n.facts, locale);
  return noticeMessages({ ...noticeOf(n.facts, locale), actions: n.actions });
}
