import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PayoutChange } from '../../../../src/core/notifications/payout-alerts.ts';
import { payoutChangesNotice } from '../../../../src/transports/discord/notices/payout-notices.ts';

const change = (agentId: string, over: Partial<PayoutChange> = {}): PayoutChange => ({
  agentId,
  at: 1,
  stash: `1stash${agentId}`,
  level: 'ok',
  previous: 'ok',
  newEras: [1001],
  claimedEras: [],
  expiredEras: [],
  unclaimed: 2,
  oldestEra: 1000,
  oldestAge: 2,
  erasLeft: 82,
  ...over,
});

test('an era ending for many healthy validators is one line naming them; anything else keeps its own line', () => {
  const fleet = Array.from({ length: 300 }, (_, i) => change(`val-${String(i).padStart(3, '0')}`));
  const n = payoutChangesNotice([...fleet, change('late', { newEras: [1000, 1001] }), change('hot', { level: 'critical', previous: 'warning', erasLeft: 3, newEras: [] })], 'en');
  assert.equal(n.title, 'Payout changes: 302 validators, 1 critical');
  assert.equal(n.level, 'critical');
  assert.equal(n.lines.length, 3);
  assert.match(n.lines[0]!, /^🔴 \*\*hot\*\* · \*\*CRITICAL\*\* \(was warning\) · 2 unclaimed, oldest era 1000 \(2 eras old, \*\*3 eras left\*\* before it expires\) · stash `1stashhot`$/);
  assert.match(n.lines[2]!, /^🟢 new unclaimed era 1001 on 300 validators, all within the thresholds: val-000, val-001, .* and 260 more$/);
  assert.match(n.lines[1]!, /^🟢 \*\*late\*\* · new unclaimed eras 1000-1001 · /);
  assert.match(n.content!, /^🔴 Payouts critical: hot \(stash 1stashhot\) has 3 eras left before era 1000 expires$/);
});

test('a few routine changes keep one line each', () => {
  const n = payoutChangesNotice([change('a'), change('b')], 'en');
  assert.equal(n.lines.length, 2);
  assert.equal(n.level, 'info');
  assert.equal(n.content, undefined);
});
