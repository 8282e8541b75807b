import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comparePayout, readPayoutAlertState, type PayoutAlertState } from '../../../../src/core/notifications/payout-alerts.ts';
import { compareUrgency, payoutStanding } from '../../../../src/core/notifications/payout-level.ts';
import { readPayout, type PayoutView } from '../../../../src/core/payout.ts';

const T = { warnEras: 4, criticalErasLeft: 14 };
const STASH = '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5';

function view(activeEra: number, eras: number[]): PayoutView {
  return readPayout({ stash: STASH, active_era: activeEra, history_depth: 84, unclaimed_eras: eras.map((era) => ({ era, pages_left: 1 })) })!;
}

/** Feeds summaries in order, returning the change each one produced. */
function run(views: PayoutView[], start?: PayoutAlertState) {
  let state = start;
  return views.map((v, i) => {
    const { next, change } = comparePayout('val-01', state, v, T, 1000 + i);
    state = next;
    return change;
  });
}

describe('payout standing', () => {
  test('ok, warning past warnEras, critical within criticalErasLeft of expiry', () => {
    assert.equal(payoutStanding(view(1000, []), T).level, 'ok');
    assert.deepEqual(payoutStanding(view(1000, [996, 999]), T), { level: 'ok', oldestAge: 4, erasLeft: 80 });
    assert.deepEqual(payoutStanding(view(1000, [995]), T), { level: 'warning', oldestAge: 5, erasLeft: 79 });
    assert.deepEqual(payoutStanding(view(1000, [930]), T), { level: 'critical', oldestAge: 70, erasLeft: 14 });
    assert.equal(payoutStanding(view(1000, [931]), T).level, 'warning');
  });

  test('reads the age from eras_left when the active era is not reported', () => {
    const v = readPayout({ unclaimed_eras: [5], eras_left: 10 })!;
    assert.deepEqual(payoutStanding(v, T), { level: 'critical', oldestAge: 74, erasLeft: 10 });
  });

  test('urgency: critical before warning before ok, then fewest eras left', () => {
    const rows = [
      { agentId: 'a', level: 'ok' as const, erasLeft: 80, oldestAge: 4, unclaimed: 1 },
      { agentId: 'b', level: 'critical' as const, erasLeft: 9, oldestAge: 75, unclaimed: 3 },
      { agentId: 'c', level: 'warning' as const, erasLeft: 60, oldestAge: 24, unclaimed: 2 },
      { agentId: 'd', level: 'critical' as const, erasLeft: 2, oldestAge: 82, unclaimed: 1 },
    ];
    assert.deepEqual(rows.sort(compareUrgency).map((r) => r.agentId), ['d', 'b', 'c', 'a']);
  });
});

describe('payout alerts', () => {
  test('a healthy first sight is a silent baseline; repeats say nothing', () => {
    assert.deepEqual(run([view(1000, [999]), view(1000, [999]), view(1000, [999])]), [undefined, undefined, undefined]);
  });

  test('one change per real change: a new era, then the claim, never the repeats', () => {
    const changes = run([view(1000, [999]), view(1001, [999, 1000]), view(1001, [999, 1000]), view(1001, []), view(1001, [])]);
    assert.equal(changes[0], undefined);
    assert.deepEqual(changes[1] && { newEras: changes[1].newEras, claimed: changes[1].claimedEras, level: changes[1].level, previous: changes[1].previous }, {
      newEras: [1000],
      claimed: [],
      level: 'ok',
      previous: 'ok',
    });
    assert.equal(changes[2], undefined);
    assert.deepEqual(changes[3]?.claimedEras, [999, 1000]);
    assert.equal(changes[3]?.unclaimed, 0);
    assert.equal(changes[4], undefined);
  });

  test('the era advancing without a new unclaimed era is no message until a threshold is crossed', () => {
    const changes = run([view(1000, [997]), view(1001, [997]), view(1002, [997]), view(1003, [997])]);
    assert.deepEqual(changes.map((c) => c?.level), [undefined, undefined, 'warning', undefined]);
    assert.equal(changes[2]?.previous, 'ok');
    assert.deepEqual(changes[2]?.newEras, []);
  });

  test('ok -> warning -> critical -> ok, naming the stash and the eras left', () => {
    const changes = run([view(1000, [999]), view(1010, [999]), view(1068, [999]), view(1069, [999]), view(1070, [])]);
    assert.deepEqual(changes.map((c) => c && `${c.previous}->${c.level}`), [undefined, 'ok->warning', undefined, 'warning->critical', 'critical->ok']);
    assert.equal(changes[3]?.stash, STASH);
    assert.equal(changes[3]?.erasLeft, 14);
  });

  test('a first sight already in trouble is reported', () => {
    const [c] = run([view(1080, [999])]);
    assert.equal(c?.level, 'critical');
    assert.equal(c?.previous, undefined);
    assert.equal(c?.erasLeft, 3);
  });

  test('an era that left the list past the history depth expired: its rewards are lost, not claimed', () => {
    const changes = run([view(1083, [999, 1000]), view(1084, [1000])]);
    assert.deepEqual(changes[1]?.expiredEras, [999]);
    assert.deepEqual(changes[1]?.claimedEras, []);
  });

  test('the stored state is read back, and anything else is refused', () => {
    const state = { level: 'warning', eras: [1, 2] };
    assert.deepEqual(readPayoutAlertState(JSON.parse(JSON.stringify(state))), state);
    assert.equal(readPayoutAlertState({ level: 'panic', eras: [] }), undefined);
    assert.equal(readPayoutAlertState({ level: 'ok', eras: ['1'] }), undefined);
    assert.equal(readPayoutAlertState('ok'), undefined);
    assert.equal(run([view(1000, [999])], { level: 'ok', eras: [999] })[0], undefined, 'a restart with the stored state says nothing');
  });
});
