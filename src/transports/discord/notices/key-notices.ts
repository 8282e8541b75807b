// Key rotations as text. Session keys from rotate_keys are public and safe to post in full; they take
// effect only after session.setKeys is submitted on chain and two more sessions pass, and the old node
// must keep running until then.
import { agentMd, code, codeBlock } from '../message-text.ts';
import type { Notice } from './notice.ts';

export const SET_KEYS_REMINDER =
  '⏳ **set_keys pending on chain.** Submit `session.setKeys` with these keys from the validator account. They take effect two sessions after it is included: keep the old node running until then.';

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

export function keyAlertNotice(k: KeyAlertFacts): Notice {
  const asked = k.askedBy
    ? `**Asked by** ${k.askedBy}${k.commandId ? ` · ${code(k.commandId)}` : ''}`
    : '⚠️ **Unsolicited**: no rotate_keys asked for these keys. Find out who or what rotated them before using them.';
  return {
    title: `🔑 New session keys: ${whereText(k)}`,
    level: k.askedBy ? 'info' : 'warning',
    content: `🔑 New session keys on ${whereText(k)}: set_keys pending on chain.`,
    lines: [
      `**Agent** ${code(k.agentId)} · **container** ${code(k.container)}`,
      asked,
      '**New public session keys** (copy them whole):',
      codeBlock(k.sessionKey),
      SET_KEYS_REMINDER,
      'mserver now checks on the node that it holds these keys (has_session_keys): the verdict follows as a reply.',
    ],
  };
}

export type KeyVerdict =
  | { kind: 'held' }
  | { kind: 'not_held' }
  /** `why` is mserver's; `agentSaid`, the agent's own words, is escaped where it is shown. */
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

export function keyVerdictNotice(k: KeyCheckFacts, v: KeyVerdict): Notice {
  const where = whereText(k);
  const who = `Answered by ${agentMd(k.answeredBy.slice(0, 200))}.`;
  switch (v.kind) {
    case 'held':
      if (!k.solicited) {
        return {
          title: `⚠️ Not verified: ${where} says it holds keys nobody asked for`,
          level: 'warning',
          content: `⚠️ Unsolicited keys on ${where}: not verified. Do not submit set_keys before finding out who rotated them.`,
          lines: [
            'has_session_keys answered **true**, but no rotate_keys from mserver asked this agent for keys on this container, so the answer is the same agent\'s word as the keys themselves: **not a verification**.',
            who,
            'Do not submit set_keys with these keys before you know who or what rotated them.',
          ],
        };
      }
      if (k.basis?.kind === 'chain') {
        return {
          title: `⏳ ${where} holds the new session keys: waiting for the chain to verify them`,
          level: 'info',
          lines: [
            "has_session_keys answered **true**: that is the node's word, **not yet verified**.",
            `CHAIN_RPC_URL is set, so mserver calls these keys verified only once session.nextKeys or session.queuedKeys for stash ${code(k.basis.stash)} carries them. Submit session.setKeys with them, then press **Submitted**; the two sessions count from when the chain shows them.`,
            who,
          ],
        };
      }
      if (k.basis?.kind === 'no_stash') {
        return {
          title: `⚠️ ${where} holds the new session keys, but its stash is unknown: not verified on chain`,
          level: 'warning',
          lines: [
            "has_session_keys answered **true**: that is the node's word. CHAIN_RPC_URL is set, but mserver does not know which stash this container validates for and will not guess one, so it cannot read session.nextKeys.",
            'Give the stash with `/keys submitted` (stash option) or run `check_keys` with `stash`.',
            who,
          ],
        };
      }
      return {
        title: `✅ Verified by the node: ${where} holds the new session keys`,
        level: 'ok',
        lines: ["has_session_keys answered **true**: the node's word (no CHAIN_RPC_URL is set, so mserver does not check the chain). Submit set_keys on chain with them.", who],
      };
    case 'not_held':
      return {
        title: `❌ ${where} does NOT hold the keys it reported`,
        level: 'critical',
        content: `❌ Key check failed on ${where}: the node does not hold the keys it reported. Do not submit set_keys with them.`,
        lines: ['has_session_keys answered **false**. Do not submit set_keys with these keys: find out why the node does not hold them (another container, a restart with a fresh keystore).', who],
      };
    case 'unknown':
      return { title: `⚠️ Could not verify the keys on ${where}`, level: 'warning', lines: [`${v.why.slice(0, 500)}${v.agentSaid !== undefined ? `: ${agentMd(v.agentSaid.slice(0, 1000))}` : ''}`, 'Check by hand: `/send command:has_session_keys`.'] };
  }
}
