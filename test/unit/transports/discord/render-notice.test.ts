// Every kind of notice, from its facts, in Korean and in English: each is written in the language asked
// for (Korean has Hangul in its title and lines, English none), survives JSON (facts can wait in the
// outbox), and keeps what the reader acts on (agent ids, keys, eras) whatever the language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DuplicateKey, Handover } from '../../../../src/core/key-guard.ts';
import type { NoticeFacts } from '../../../../src/core/notice.ts';
import { msg } from '../../../../src/i18n/message.ts';
import { translator } from '../../../../src/i18n/translate.ts';
import { agentButtonRow } from '../../../../src/transports/discord/agent-buttons.ts';
import { renderNotice } from '../../../../src/transports/discord/notices/render-notice.ts';

const HANGUL = /[\uac00-\ud7a3]/;
const at = 1_700_000_000_000;
const key = `0x${'ab'.repeat(96)}`;
const handover: Handover = {
  id: 1,
  agentId: 'val-1',
  container: 'polkadot',
  sessionKey: key,
  stash: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  state: 'submitted',
  rotatedBy: 'Adam',
  rotatedAt: at,
  submittedBy: 'Adam',
  submittedAt: at,
  doneAt: null,
  chainState: 'confirmed',
  chainAt: at,
};
const duplicate: DuplicateKey = {
  publicKey: key,
  holders: [
    { agentId: 'val-1', container: 'polkadot', keyType: 'session_keys', publicKey: key, source: 'key_update', at },
    { agentId: 'val-2', container: 'polkadot', keyType: 'session_keys', publicKey: key, source: 'check_keys', at },
  ],
};
const change = { agentId: 'val-1', at, stash: 'stash-1', level: 'critical', previous: 'warning', newEras: [1004], claimedEras: [], expiredEras: [], unclaimed: 1, oldestEra: 1004, oldestAge: 71, erasLeft: 13 } as const;
const check = { agentId: 'val-1', container: 'polkadot', solicited: true, answeredBy: { agentId: 'val-1', credential: 'own token', address: '10.0.0.4' } };

const ALL: NoticeFacts[] = [
  { kind: 'payout_changes', changes: [{ ...change, newEras: [...change.newEras], claimedEras: [], expiredEras: [] }] },
  {
    kind: 'payout_digest',
    digest: { pending: [{ agentId: 'val-1', hostName: null, connected: false, stash: 'stash-1', level: 'warning', unclaimed: 2, oldestEra: 1000, oldestAge: 6, erasLeft: 78, lastSummaryAt: at - 90_000 }], claimed: ['val-2'], noInfo: ['val-3'], critical: 0, warning: 1 },
    thresholds: { warnEras: 4, criticalErasLeft: 14 },
    at,
  },
  { kind: 'host_events', events: [{ kind: 'offline', agentId: 'val-1', at, since: at - 65_000 }, { kind: 'flapping', agentId: 'val-2', at, drops: 3, windowMs: 600_000 }] },
  { kind: 'disk_low', freeMb: 1234, warnMb: 2048, path: '/data/mserver.db' },
  { kind: 'run_failed', request: { id: 7, command: 'logs', via: 'schedule', actorName: 'nightly' }, failed: [{ commandId: 'c1', requestId: 7, agentId: 'val-1', command: 'logs', state: 'timeout', at, sentAt: at - 1000, error: 'no answer' }], total: 2 },
  { kind: 'interrupted', commands: [{ id: 'c1', agentId: 'val-1', command: 'restart', requestId: 3 }] },
  { kind: 'key_rotated', key: { agentId: 'val-1', container: 'polkadot', sessionKey: key, askedBy: { actorName: 'Adam', via: 'discord', requestId: 12 }, commandId: 'c9' } },
  { kind: 'key_rotated', key: { agentId: 'val-1', container: 'polkadot', sessionKey: key, askedBy: undefined, commandId: undefined } },
  { kind: 'key_verdict', check, verdict: { kind: 'held' } },
  { kind: 'key_verdict', check: { ...check, basis: { kind: 'chain', stash: 'stash-1' } }, verdict: { kind: 'held' } },
  { kind: 'key_verdict', check: { ...check, basis: { kind: 'no_stash' } }, verdict: { kind: 'held' } },
  { kind: 'key_verdict', check: { ...check, solicited: false }, verdict: { kind: 'held' } },
  { kind: 'key_verdict', check, verdict: { kind: 'not_held' } },
  { kind: 'key_verdict', check, verdict: { kind: 'unknown', why: { kind: 'state', state: 'timeout' } } },
  { kind: 'key_verdict', check, verdict: { kind: 'unknown', why: { kind: 'policy', needs: 'approval' } } },
  { kind: 'key_verdict', check, verdict: { kind: 'unknown', why: { kind: 'error', text: msg('common.fault', { ref: 'E-1' }) } } },
  { kind: 'duplicate_key', duplicate },
  { kind: 'handover', handover, step: 'submitted', byChain: true },
  { kind: 'handover', handover, step: 'done' },
  { kind: 'handover', handover, step: 'confirmed', chain: { stash: 'stash-1', next: key, queued: [] } },
  { kind: 'handover', handover, step: 'mismatch', chain: { stash: 'stash-1', next: null, queued: ['0x01'] } },
  { kind: 'handover', handover, step: 'no_stash' },
  { kind: 'handover', handover, step: 'unreachable' },
  { kind: 'impersonation', claimedId: 'val-1', why: 'val-1 belongs to another token', address: '10.0.0.9', holder: 'the fleet token' },
  { kind: 'agent_pending', agentId: 'val-9', hostName: 'host-9', address: '10.0.0.9', credential: 'fleet token' },
  { kind: 'agent_new_address', agentId: 'val-1', address: '10.0.0.9', previousAddress: '10.0.0.4', credential: 'own token' },
];

const bodyOf = (m: { content?: string; embeds?: { title?: string; description?: string; footer?: { text: string } }[] }) =>
  [m.content ?? '', ...(m.embeds ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');

test('every kind of notice is written in Korean and in English from the same facts', () => {
  for (const facts of ALL) {
    const stored = JSON.parse(JSON.stringify({ facts })) as { facts: NoticeFacts };
    const ko = renderNotice(stored, 'ko');
    const en = renderNotice(stored, 'en');
    const koTitle = ko[0]!.embeds![0]!.title!;
    assert.match(koTitle, HANGUL, `${facts.kind}: a Korean title, got ${koTitle}`);
    assert.doesNotMatch(en.map(bodyOf).join('\n'), HANGUL, `${facts.kind}: no Korean in English`);
    assert.ok(ko.map(bodyOf).join('\n').split('\n').slice(1).some((l) => HANGUL.test(l)), `${facts.kind}: Korean lines`);
    assert.equal(ko.length, en.length, `${facts.kind}: as many messages`);
    for (const id of ['val-1', 'val-2', 'val-9'].filter((i) => JSON.stringify(facts).includes(i))) {
      const seen = (s: string) => s.includes(id) || s.includes(id.replace('-', '\\-'));
      assert.ok(seen(ko.map(bodyOf).join('\n')), `${facts.kind}: ${id} in Korean`);
    }
  }
});

test('the buttons of a pending agent are labelled in the channel language, their ids unchanged', () => {
  const facts = ALL.find((f) => f.kind === 'agent_pending')!;
  const rows = (locale: 'en' | 'ko') => renderNotice({ facts }, locale)[0]!.components as { components: { label: string; custom_id: string }[] }[];
  assert.deepEqual(rows('ko')[0]!.components.map((c) => c.label), ['수락', '거부']);
  assert.deepEqual(rows('en')[0]!.components.map((c) => c.label), ['Accept', 'Reject']);
  assert.deepEqual(rows('ko')[0]!.components.map((c) => c.custom_id), rows('en')[0]!.components.map((c) => c.custom_id));
  // One word for one button: the alert's row says what the Discord row (and /agents reject) says.
  const discordRow = agentButtonRow(String(facts.kind === 'agent_pending' ? facts.agentId : ''), translator('ko'));
  assert.deepEqual(discordRow.components.map((c) => ('label' in c ? c.label : undefined)), ['수락', '거부']);
});
