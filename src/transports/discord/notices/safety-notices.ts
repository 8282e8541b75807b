// The key guard's notices: a duplicate session key (critical: two nodes with one key equivocate and are
// slashed) and the steps of a key hand-over. Public keys are safe to post in full; agent ids, containers
// and member names are data, escaped.
import { duplicateText, whereText as plainWhere, type DuplicateKey, type Handover, type KeySighting } from '../../../core/key-guard.ts';
import { agentMd, code, codeBlock, discordTime } from '../message-text.ts';
import type { Notice, NoticeAction } from './notice.ts';

/** `agent / container`, escaped: both come from the agent. */
const whereText = (s: Pick<KeySighting, 'agentId' | 'container'>): string => plainWhere(s, agentMd);

export function duplicateKeyNotice(d: DuplicateKey, actions: NoticeAction[]): Notice {
  const places = d.holders.map((h) => whereText(h)).join(' and ');
  const types = [...new Set(d.holders.map((h) => h.keyType))].join(' / ');
  return {
    title: `🚨 Duplicate session key on ${places}`.slice(0, 240),
    level: 'critical',
    content: `🚨 The same ${types} session key is on ${places}: two nodes with the same keys equivocate and get slashed.`,
    lines: [
      `**Key type** ${code(types)}`,
      '**Public key**',
      codeBlock(d.publicKey),
      ...d.holders.map((h) => `• **${agentMd(h.agentId.slice(0, 100))}** / ${code(h.container)}: ${code(h.keyType)}, seen ${discordTime(h.at, 'f')} from ${code(h.source)}`),
      `⛔ \`start\` and \`restart\` of these containers are refused while the duplicate stands. An admin may override with \`/keys override\` and a reason; a second person approves it with this duplicate shown.`,
      'Check both now (buttons below run `check_keys` on each), then stop or re-key one of them.',
    ],
    footer: duplicateText(d).slice(0, 2000),
    actions,
  };
}

export function handoverNotice(h: Handover, step: 'submitted' | 'done' | 'confirmed' | 'mismatch' | 'unreachable' | 'no_stash', detail?: string): Notice {
  const where = whereText(h);
  switch (step) {
    case 'submitted':
      return {
        title: `📨 set_keys sent for ${where}`,
        level: 'info',
        lines: [
          `${agentMd(h.submittedBy ?? 'Someone')} reported \`session.setKeys\` sent at ${discordTime(h.submittedAt ?? 0, 'f')}.`,
          detail ??
            `The new keys are active about two sessions later (${discordTime((h.submittedAt ?? 0) + 0, 'R')} + 2 sessions). Until then a \`stop\` of another node on the same stash needs a critical approval.`,
        ],
      };
    case 'done':
      return {
        title: `✅ Key hand-over done on ${where}`,
        level: 'ok',
        lines: [
          h.chainState === 'confirmed'
            ? `Two sessions have passed since the chain showed the new keys queued (${discordTime(h.chainAt ?? 0, 'f')}): they are active and the old node may stop.`
            : `Two sessions have passed since \`session.setKeys\` (${discordTime(h.submittedAt ?? 0, 'f')}): the new keys are active and the old node may stop.`,
        ],
      };
    case 'confirmed':
      return {
        title: `✅ Verified on chain: ${where}'s new keys are queued or next`,
        level: 'ok',
        lines: [
          `session.nextKeys / session.queuedKeys hold the keys the node reported${h.stash ? ` for stash ${code(h.stash)}` : ''}.`,
          `The hand-over is done two sessions from now (${discordTime(h.chainAt ?? 0, 'f')} + 2 sessions); keep the old node running until then.`,
          ...(detail ? [detail] : []),
        ],
      };
    case 'no_stash':
      return {
        title: `⚠️ ${where}: stash unknown, so the new keys cannot be verified on chain`,
        level: 'warning',
        lines: [
          'mserver does not know which stash this container validates for, and will not guess one. Until it does, these keys are only the node\'s word.',
          'Give the stash with `/keys submitted` (stash option) or run `check_keys` with `stash`; mserver then reads session.nextKeys for it.',
        ],
      };
    case 'mismatch':
      return {
        title: `❌ Node and chain disagree on ${where}'s session keys`,
        level: 'critical',
        content: `❌ The keys on ${where} are not the keys on chain${h.stash ? ` for ${code(h.stash)}` : ''}.`,
        lines: [
          'The node holds:',
          codeBlock(h.sessionKey),
          detail ?? 'The chain holds other keys.',
          'Do not stop the old node: submit session.setKeys with the node\'s keys, or find out which keys are right.',
        ],
      };
    case 'unreachable':
      return { title: `⚠️ ${where}: not checked on chain`, level: 'warning', lines: [detail ?? 'The chain could not be read; mserver retries.'] };
  }
}
