// Agent identity events as alerts (issue 13): an id claimed by a credential that does not hold it, a
// new agent waiting for an admin (with Accept / Reject), an agent connecting from a new address.
import type { HubEvents } from '../../../hub/hub-events.ts';
import { agentButtonRow } from '../agent-buttons.ts';
import { code } from '../message-text.ts';
import type { Notice } from './notice.ts';
import { noticeMessages, type OutboxMessage } from './notice-messages.ts';

export function impersonationNotice(e: HubEvents['agent_impersonation']): Notice {
  return {
    title: `🚨 Identity claim refused: ${e.claimedId.slice(0, 64)}`,
    level: 'critical',
    content: `🚨 ${e.why.slice(0, 300)}: refused (4403).`,
    lines: [
      `${e.why.slice(0, 300)}.`,
      `From ${code(e.address)}, holding ${e.holder.slice(0, 120)}. The connection was closed (4403); the real ${code(e.claimedId.slice(0, 64))} is untouched.`,
      'If this is not a misconfigured host, that credential is in the wrong hands: `/agents revoke` it.',
    ],
  };
}

export function pendingMessages(e: HubEvents['agent_pending']): OutboxMessage[] {
  const notice: Notice = {
    title: `🆕 New agent waiting: ${e.agentId.slice(0, 64)}`,
    level: 'warning',
    content: `🆕 ${e.agentId.slice(0, 64)} connected with ${e.credential} and waits for an admin.`,
    lines: [
      `**Agent** ${code(e.agentId.slice(0, 64))}${e.hostName ? ` · **host** ${code(e.hostName.slice(0, 100))}` : ''} · **from** ${code(e.address)} · **on** ${e.credential}`,
      'It receives no command and is not part of `all` until an admin accepts it. Accept only a host you expect.',
    ],
  };
  const [first, ...rest] = noticeMessages(notice);
  return [{ ...first!, components: [agentButtonRow(e.agentId)] }, ...rest];
}

export function newAddressNotice(e: HubEvents['agent_new_address']): Notice {
  return {
    title: `⚠️ ${e.agentId.slice(0, 64)} connected from a new address`,
    level: 'warning',
    lines: [
      `${code(e.agentId.slice(0, 64))} connected from ${code(e.address)} (last time ${code(e.previousAddress)}), with ${e.credential}.`,
      'If the host did not move, find out who holds its credential.',
    ],
  };
}
