// A notice as plain text for the API and the dashboard: every kind has a title and a text in both
// languages, the catalogue's Discord marks are gone, and what an agent wrote is kept exactly (data: the
// dashboard shows text nodes), never taken for markup nor escaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NoticeFacts } from '../../../../src/core/notice.ts';
import { noticeLevel } from '../../../../src/core/notice-level.ts';
import { translator } from '../../../../src/i18n/translate.ts';
import { noticeText } from '../../../../src/transports/format/notice-text.ts';

const AGENT = 'val_*01*`<b>';
const KEY = `0x${'ab'.repeat(32)}`;
const at = Date.UTC(2026, 11, 6, 4, 0, 0);
const handover = { id: 1, agentId: AGENT, container: 'polkadot', sessionKey: KEY, stash: '5Stash', state: 'submitted', rotatedBy: 'ops', rotatedAt: at, submittedBy: 'ops', submittedAt: at, doneAt: null, chainState: null, chainAt: null } as const;
const change = { agentId: AGENT, at, stash: '5Stash', level: 'critical', previous: 'warning', newEras: [1001], claimedEras: [], expiredEras: [], unclaimed: 3, oldestEra: 990, oldestAge: 80, erasLeft: 4 } as const;
const answeredBy = { agentId: AGENT, credential: undefined, address: '10.0.0.4' };

const FACTS: NoticeFacts[] = [
  { kind: 'host_events', events: [{ kind: 'offline', agentId: AGENT, at: at + 120_000, since: at }] },
  { kind: 'host_events', events: [{ kind: 'online', agentId: 'b', at, since: at - 1000, goneMs: 1000 }, { kind: 'flapping', agentId: 'c', at, drops: 3, windowMs: 60_000 }] },
  { kind: 'payout_changes', changes: [change] },
  { kind: 'payout_digest', digest: { pending: [{ ...change, hostName: 'host', connected: false, lastSummaryAt: at - 60_000 }], claimed: ['x'], noInfo: [], critical: 1, warning: 0 }, thresholds: { warnEras: 10, criticalErasLeft: 6 }, at },
  { kind: 'disk_low', freeMb: 10, warnMb: 1024, path: '/data/mserver.db' },
  { kind: 'run_failed', request: { id: 7, command: 'status', via: 'schedule', actorName: 'nightly' }, failed: [{ commandId: 'c1', agentId: AGENT, state: 'failed', at, error: 'boom **x**' }], total: 2 },
  { kind: 'interrupted', commands: [{ id: 'cmd_1', agentId: AGENT, command: 'restart', requestId: 3 }] },
  { kind: 'key_rotated', key: { agentId: AGENT, container: 'polkadot', sessionKey: KEY, askedBy: undefined, commandId: undefined } },
  { kind: 'key_verdict', check: { agentId: AGENT, container: 'polkadot', solicited: true, answeredBy }, verdict: { kind: 'not_held' } },
  { kind: 'key_verdict', check: { agentId: AGENT, container: 'polkadot', solicited: true, answeredBy, basis: { kind: 'chain', stash: '5Stash' } }, verdict: { kind: 'held' } },
  { kind: 'key_verdict', check: { agentId: AGENT, container: 'polkadot', solicited: false, answeredBy }, verdict: { kind: 'unknown', why: { kind: 'not_reached' }, agentSaid: '**x**' } },
  {
    kind: 'duplicate_key',
    duplicate: { publicKey: KEY, holders: [AGENT, 'other'].map((agentId) => ({ agentId, container: 'polkadot', keyType: 'session_keys', publicKey: KEY, source: 'key_update' as const, at })) },
  },
  { kind: 'handover', handover, step: 'submitted', byChain: true },
  { kind: 'handover', handover, step: 'mismatch', chain: { stash: '5Stash', next: null, queued: [] } },
  { kind: 'impersonation', claimedId: AGENT, why: 'token of another agent', address: '10.0.0.9', holder: 'fleet token' },
  { kind: 'agent_pending', agentId: AGENT, hostName: 'host-1', address: '10.0.0.5', credential: 'fleet token' },
  { kind: 'agent_new_address', agentId: AGENT, address: '10.0.0.6', previousAddress: '10.0.0.5', credential: 'own token' },
] as NoticeFacts[];

test('every kind: a title and a text in English and Korean, without the catalogue\'s Discord marks', () => {
  for (const f of FACTS) {
    const en = noticeText(f, translator('en'));
    const ko = noticeText(f, translator('ko'));
    for (const n of [en, ko]) {
      assert.ok(n.title.length > 0 && n.text.length > 0, `${f.kind}: ${JSON.stringify(n)}`);
      const withoutData = `${n.title}\n${n.text}`.split(AGENT).join('').replace(/\*\*x\*\*/g, '');
      assert.doesNotMatch(withoutData, /\*\*|`|<t:\d+/, `${f.kind} has no markup of its own: ${withoutData}`);
    }
    assert.notEqual(ko.text, en.text, `${f.kind} is written in Korean`);
  }
});

test('what an agent wrote is kept exactly, never escaped nor read as markup', () => {
  const host = noticeText(FACTS[0]!, translator('en'));
  assert.equal(host.title, `${AGENT} is offline`);
  assert.equal(host.text, `🔴 ${AGENT} is offline: disconnected 2026-12-06 04:00:00 UTC, not back for 2 min 0 s`);
  const failed = noticeText(FACTS[5]!, translator('en'));
  assert.match(failed.text, /boom \*\*x\*\*/);
  assert.ok(noticeText(FACTS[7]!, translator('en')).text.includes(KEY), 'the public key in full');
});

test('levels: an offline host, a key not held, a duplicate and a mismatch are critical; a submitted hand-over is info', () => {
  assert.deepEqual(
    FACTS.map((f) => `${f.kind}:${noticeLevel(f)}`),
    [
      'host_events:critical',
      'host_events:warning',
      'payout_changes:critical',
      'payout_digest:critical',
      'disk_low:critical',
      'run_failed:warning',
      'interrupted:warning',
      'key_rotated:warning',
      'key_verdict:critical',
      'key_verdict:info',
      'key_verdict:warning',
      'duplicate_key:critical',
      'handover:info',
      'handover:critical',
      'impersonation:critical',
      'agent_pending:warning',
      'agent_new_address:warning',
    ],
  );
});
