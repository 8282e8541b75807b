// The payout chart's points (issue 17): each snapshot's level by the same rule as the alerts, and a long
// range thinned to a bound without hiding the worst moment of any slice or the state now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downsample, payoutPoint, type PayoutPoint } from '../../../src/core/payout-series.ts';

const t = { warnEras: 6, criticalErasLeft: 20 };

test('a snapshot reads as the alerts read it: age, eras left and level from whichever the agent gave', () => {
  const base = { at: 1, unclaimedCount: 2, historyDepth: 84 };
  assert.deepEqual(payoutPoint({ ...base, activeEra: 1608, oldestUnclaimedEra: 1600, erasLeft: null }, t), { at: 1, unclaimedCount: 2, oldestUnclaimedEra: 1600, oldestAge: 8, erasLeft: 76, level: 'warning' });
  // Only eras left known (no active era): the age comes from the history depth.
  assert.equal(payoutPoint({ ...base, activeEra: null, oldestUnclaimedEra: 1600, erasLeft: 20 }, t).level, 'critical');
  assert.deepEqual(payoutPoint({ ...base, unclaimedCount: 0, activeEra: 1600, oldestUnclaimedEra: null, erasLeft: null }, t), { at: 1, unclaimedCount: 0, oldestUnclaimedEra: null, oldestAge: null, erasLeft: null, level: 'ok' });
});

test('downsample: nothing dropped under the bound; over it, at most the bound, each slice its worst, the newest kept', () => {
  const pt = (at: number, age: number): PayoutPoint => ({ at, unclaimedCount: age > 0 ? 1 : 0, oldestUnclaimedEra: null, oldestAge: age, erasLeft: null, level: 'ok' });
  const few = [pt(0, 1), pt(5, 2)];
  assert.deepEqual(downsample(few, 0, 10, 10, few.length), few);

  const many = Array.from({ length: 1000 }, (_, i) => pt(i, i === 500 ? 90 : i % 3));
  const out = downsample(many, 0, 999, 50, many.length);
  assert.ok(out.length <= 50, `${out.length}`);
  assert.ok(out.some((p) => p.oldestAge === 90), 'the spike survives');
  assert.equal(out.at(-1)!.at, 999, 'the newest point is the last');
  assert.deepEqual(out.map((p) => p.at), [...out.map((p) => p.at)].sort((a, b) => a - b));
});
