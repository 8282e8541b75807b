// Key notices as plain text (see notice-text.ts): a rotation, mserver's verdict on it, a duplicate
// session key and the steps of a hand-over. Public keys are shown whole (they are meant to be copied).
import { stateLabel } from './state-text.ts';
import { whereText } from '../../core/key-guard.ts';
import type { KeyAnswerer, KeyCheckProblem, NoticeFacts } from '../../core/notice.ts';
import { isMessage, render, type Message } from '../../i18n/message.ts';
import type { Translator } from '../../i18n/translate.ts';
import { timeText } from './time-text.ts';

type KeyFacts = Extract<NoticeFacts, { kind: 'key_rotated' | 'key_verdict' | 'duplicate_key' | 'handover' }>;
type Text = { title: string; text: string };

const said = (p: Translator, m: Message | string) => (isMessage(m) ? render(p.locale, m) : m);
const where = (k: { agentId: string; container: string }) => whereText({ agentId: k.agentId.slice(0, 100), container: k.container.slice(0, 128) });
const text = (title: string, lines: (string | undefined)[]): Text => ({ title, text: lines.filter((l) => l !== undefined).join('\n') });

/** `agent val-01 (own token, from 10.0.0.4)`: who answered a key check; shared with Discord's embeds. */
export function answererText(p: Translator, a: KeyAnswerer): string {
  const credential = a.credential === undefined ? p('notices.keys.noCredential') : said(p, a.credential);
  return p('notices.keys.agentDescribed', { id: a.agentId, credential, from: a.address ? p('notices.keys.fromAddress', { address: a.address }) : '' });
}

/** Why mserver could not tell whether the node holds the keys; shared with Discord's embeds. */
export function keyProblemText(p: Translator, why: KeyCheckProblem): string {
  switch (why.kind) {
    case 'not_reached':
      return p('notices.keys.notReached');
    case 'state':
      return p('notices.keys.checkState', { state: stateLabel(why.state, p) });
    case 'not_boolean':
      return p('notices.keys.notBoolean');
    case 'policy':
      return p(why.needs === 'approval' ? 'notices.keys.policyApproval' : 'notices.keys.policyConfirmation');
    case 'error':
      return said(p, why.text);
  }
}

function verdictText(f: Extract<KeyFacts, { kind: 'key_verdict' }>, p: Translator): Text {
  const w = where(f.check);
  const who = p('notices.keys.answeredBy', { who: answererText(p, f.check.answeredBy).slice(0, 200) });
  const v = f.verdict;
  if (v.kind === 'not_held') return text(p('notices.keys.notHeldTitle', { where: w }), [p('notices.keys.notHeldWhy'), who]);
  if (v.kind === 'unknown') {
    const line = `${keyProblemText(p, v.why).slice(0, 500)}${v.agentSaid !== undefined ? `: ${v.agentSaid.slice(0, 1000)}` : ''}`;
    return text(p('notices.keys.unknownTitle', { where: w }), [line, p('notices.keys.checkByHand')]);
  }
  if (!f.check.solicited) return text(p('notices.keys.unsolicitedTitle', { where: w }), [p('notices.keys.unsolicitedWhy'), who, p('notices.keys.unsolicitedTodo')]);
  const basis = f.check.basis;
  if (basis?.kind === 'chain') return text(p('notices.keys.chainTitle', { where: w }), [p('notices.keys.chainNodeWord'), p('notices.keys.chainTodo', { stash: basis.stash }), who]);
  if (basis?.kind === 'no_stash') return text(p('notices.keys.noStashTitle', { where: w }), [p('notices.keys.noStashWhy'), p('notices.keys.giveStash'), who]);
  return text(p('notices.keys.nodeTitle', { where: w }), [p('notices.keys.nodeWhy'), who]);
}

function handoverText(f: Extract<KeyFacts, { kind: 'handover' }>, p: Translator): Text {
  const h = f.handover;
  const w = where(h);
  const chain = f.chain;
  const detail =
    f.error !== undefined
      ? said(p, f.error)
      : chain
        ? chain.queued.length
          ? p('notices.safety.onChain', { stash: chain.stash, next: chain.next ?? p('notices.none'), queued: chain.queued.join(', ') })
          : p('notices.safety.onChainNothingQueued', { stash: chain.stash, next: chain.next ?? p('notices.none') })
        : f.byChain
          ? p('notices.safety.submittedByChain')
          : undefined;
  switch (f.step) {
    case 'submitted':
      return text(p('notices.safety.submittedTitle', { where: w }), [
        p('notices.safety.submittedBy', { who: h.submittedBy ?? p('notices.safety.someone'), at: timeText(h.submittedAt) }),
        detail ?? p('notices.safety.submittedWait', { at: timeText(h.submittedAt) }),
      ]);
    case 'done':
      return text(p('notices.safety.doneTitle', { where: w }), [
        h.chainState === 'confirmed' ? p('notices.safety.doneChain', { at: timeText(h.chainAt) }) : p('notices.safety.doneSubmitted', { at: timeText(h.submittedAt) }),
      ]);
    case 'confirmed':
      return text(p('notices.safety.confirmedTitle', { where: w }), [
        h.stash ? p('notices.safety.confirmedHoldStash', { stash: h.stash }) : p('notices.safety.confirmedHold'),
        p('notices.safety.confirmedWait', { at: timeText(h.chainAt) }),
        detail,
      ]);
    case 'no_stash':
      return text(p('notices.safety.noStashTitle', { where: w }), [p('notices.safety.noStashWhy'), p('notices.safety.noStashTodo')]);
    case 'mismatch':
      return text(p('notices.safety.mismatchTitle', { where: w }), [p('notices.safety.nodeHolds'), h.sessionKey, detail ?? p('notices.safety.chainHoldsOther'), p('notices.safety.mismatchTodo')]);
    case 'unreachable':
      return text(p('notices.safety.unreachableTitle', { where: w }), [detail ?? p('notices.safety.unreachable')]);
  }
}

export function keyNoticeText(f: KeyFacts, p: Translator): Text {
  switch (f.kind) {
    case 'key_rotated': {
      const k = f.key;
      const w = where(k);
      const who = k.askedBy === 'rotate_keys' ? p('notices.keys.aRotateKeysRequest') : k.askedBy ? p('notices.keys.requestedBy', { actor: k.askedBy.actorName, via: k.askedBy.via, id: String(k.askedBy.requestId) }) : undefined;
      return text(p('notices.keys.title', { where: w }), [
        p('notices.keys.agentContainer', { agent: k.agentId, container: k.container }),
        who ? `${p('notices.keys.askedBy', { who })}${k.commandId ? ` · ${k.commandId}` : ''}` : p('notices.keys.unsolicited'),
        p('notices.keys.newKeys'),
        k.sessionKey,
        p('notices.keys.setKeysReminder'),
      ]);
    }
    case 'key_verdict':
      return verdictText(f, p);
    case 'duplicate_key': {
      const d = f.duplicate;
      const places = d.holders.map(where).join(p('notices.safety.placesJoin'));
      const types = [...new Set(d.holders.map((h) => h.keyType))].join(' / ');
      return text(p('notices.safety.dupTitle', { places }).slice(0, 240), [
        p('notices.safety.dupContent', { types, places }),
        p('notices.safety.publicKey'),
        d.publicKey,
        ...d.holders.map((h) => p('notices.safety.holder', { agent: h.agentId.slice(0, 100), container: h.container, type: h.keyType, at: timeText(h.at), source: h.source })),
        p('notices.safety.refused'),
      ]);
    }
    case 'handover':
      return handoverText(f, p);
  }
}
