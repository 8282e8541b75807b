import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_HISTORY_DEPTH, payoutDigest, readPayout } from '../../../src/core/payout.ts';
import type { PayoutView } from '../../../src/core/payout.ts';
import { PayoutState } from '../../support/sim/payout-state.ts';
import { Rng } from '../../support/sim/rng.ts';

const FLEET_ERA = 1500;

/** A payout_info exactly as the simulated agents send it. */
function simState() {
  const rng = new Rng(11);
  const state = new PayoutState(rng, FLEET_ERA);
  state.set(
    {
      stash: '1REAL1stash1address1111111111111111111111111111',
      activeEra: FLEET_ERA,
      accrue: false,
      unclaimedEras: [{ era: 1498, pages_left: 1, amount: 12.5 }, { era: 1420, pages_left: 2, amount: 30.25 }, 1499],
    },
    FLEET_ERA,
    rng,
  );
  return { state, rng };
}

function view(info: unknown): PayoutView {
  const v = readPayout(info);
  assert.ok(v, `expected a view of ${JSON.stringify(info)}`);
  return v;
}

describe('readPayout: the simulated agent shape', () => {
  test('every field an operator needs is read', () => {
    const { state, rng } = simState();
    const info = state.info(FLEET_ERA, rng) as Record<string, unknown>;
    const v = view(info);
    const amount1499 = String((info.unclaimed_eras as Array<{ era: number; amount: number }>).find((u) => u.era === 1499)!.amount);
    assert.deepEqual(
      { ...v, raw: undefined },
      {
        stash: '1REAL1stash1address1111111111111111111111111111',
        chain: 'polkadot',
        activeEra: 1500,
        historyDepth: 84,
        unclaimed: [
          { era: 1420, pagesLeft: 2, amount: '30.25' },
          { era: 1498, pagesLeft: 1, amount: '12.5' },
          { era: 1499, pagesLeft: 1, amount: amount1499 },
        ],
        oldestUnclaimedEra: 1420,
        erasLeft: 4,
        raw: undefined,
      },
    );
    assert.equal(v.raw, info);
  });

  test('no unclaimed eras: nothing is oldest and nothing expires', () => {
    const rng = new Rng(3);
    const state = new PayoutState(rng, FLEET_ERA);
    state.set({ activeEra: FLEET_ERA, unclaimedEras: [], accrue: false }, FLEET_ERA, rng);
    const v = view(state.info(FLEET_ERA, rng));
    assert.deepEqual(v.unclaimed, []);
    assert.equal(v.oldestUnclaimedEra, undefined);
    assert.equal(v.erasLeft, undefined);
    assert.equal(v.activeEra, FLEET_ERA);
  });
});

describe('readPayout: other agents', () => {
  test('alternative field names', () => {
    const v = view({
      validator: '1AltStash',
      network: 'kusama',
      activeEra: '6000',
      historyDepth: 28,
      unclaimedEras: [{ era_index: 5990, pagesLeft: 3, reward: '1.5 KSM' }, { index: '5980', pages: 1, value: 7 }, 5995, '5985'],
    });
    assert.deepEqual(
      { ...v, raw: undefined },
      {
        stash: '1AltStash',
        chain: 'kusama',
        activeEra: 6000,
        historyDepth: 28,
        unclaimed: [
          { era: 5980, pagesLeft: 1, amount: '7' },
          { era: 5985 },
          { era: 5990, pagesLeft: 3, amount: '1.5 KSM' },
          { era: 5995 },
        ],
        oldestUnclaimedEra: 5980,
        erasLeft: 5980 + 28 - 6000,
        raw: undefined,
      },
    );
  });

  test('erasLeft is oldest + history_depth - active_era when the agent does not say', () => {
    assert.equal(view({ active_era: 1500, history_depth: 84, oldest_unclaimed_era: 1430 }).erasLeft, 14);
    // The default depth is 84.
    assert.equal(DEFAULT_HISTORY_DEPTH, 84);
    assert.equal(view({ current_era: 1500, unclaimed: [1420] }).erasLeft, 4);
    assert.equal(view({ active_era: 1500, pending_eras: [1499, 1450] }).erasLeft, 34);
  });

  test('the agent\'s own erasLeft wins over the computed one', () => {
    assert.equal(view({ active_era: 1500, oldest_unclaimed_era: 1430, eras_left_before_expiry: 3 }).erasLeft, 3);
    assert.equal(view({ active_era: 1500, oldest_unclaimed_era: 1430, eras_left: 9 }).erasLeft, 9);
    assert.equal(view({ erasLeft: 2 }).erasLeft, 2);
  });

  test('the agent\'s oldest_unclaimed_era wins over the list', () => {
    const v = view({ active_era: 1500, oldest_unclaimed_era: 1420, unclaimed_eras: [1490] });
    assert.equal(v.oldestUnclaimedEra, 1420);
    assert.equal(v.erasLeft, 4);
  });

  test('no active era: erasLeft cannot be computed', () => {
    assert.equal(view({ unclaimed_eras: [1420] }).erasLeft, undefined);
  });
});

describe('readPayout: garbage', () => {
  for (const [label, input] of [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'payout ok'],
    ['a number', 7],
    ['an array', [{ era: 1 }]],
    ['false', false],
  ] as Array<[string, unknown]>) {
    test(`${label} gives undefined`, () => {
      assert.equal(readPayout(input), undefined);
    });
  }

  test('an empty object gives an empty view', () => {
    const raw = {};
    assert.deepEqual(readPayout(raw), {
      stash: undefined,
      chain: undefined,
      activeEra: undefined,
      historyDepth: 84,
      unclaimed: [],
      oldestUnclaimedEra: undefined,
      erasLeft: undefined,
      raw,
    });
  });

  test('unreadable fields are left out, not guessed', () => {
    const v = view({
      stash: { nested: true },
      active_era: 'soon',
      history_depth: 1.5,
      unclaimed_eras: 'many',
      eras_left: Number.NaN,
    });
    assert.equal(v.stash, undefined);
    assert.equal(v.activeEra, undefined);
    assert.equal(v.historyDepth, 84);
    assert.deepEqual(v.unclaimed, []);
    assert.equal(v.erasLeft, undefined);
  });

  test('bad items in the era list are skipped', () => {
    const v = view({ unclaimed_eras: [null, {}, { era: 'x' }, { era: 1.5 }, true, 'abc', 7, { era: '3', amount: { x: 1 } }] });
    assert.deepEqual(v.unclaimed, [{ era: 3, pagesLeft: undefined, amount: undefined }, { era: 7 }]);
  });

  test('a very long stash is cut to 200 characters', () => {
    assert.equal(view({ stash: 'x'.repeat(5000) }).stash?.length, 200);
  });
});

describe('payoutDigest', () => {
  test('equal states give equal digests', () => {
    const { state, rng } = simState();
    const a = view(state.info(FLEET_ERA, rng));
    const b = view(state.info(FLEET_ERA, rng));
    assert.notEqual(a.raw, b.raw);
    assert.equal(payoutDigest(a), payoutDigest(b));
  });

  test('fields that do not change the state do not change the digest', () => {
    const base = { stash: 'S', active_era: 10, unclaimed_eras: [{ era: 8, pages_left: 1 }, { era: 9, pages_left: 1 }] };
    const d = payoutDigest(view(base));
    assert.equal(payoutDigest(view({ ...base, sampled_at: 123, unclaimed_eras: [...base.unclaimed_eras].reverse() })), d);
  });

  test('claiming an era changes the digest', () => {
    const { state, rng } = simState();
    const before = payoutDigest(view(state.info(FLEET_ERA, rng)));
    const claim = state.claim([1498], 4, FLEET_ERA, rng);
    assert.deepEqual(claim.still_unclaimed, [1420, 1499]);
    const after = payoutDigest(view(state.info(FLEET_ERA, rng)));
    assert.notEqual(after, before);
  });

  test('a page claimed, a new active era or another stash changes the digest', () => {
    const base = { stash: 'S', active_era: 10, unclaimed_eras: [{ era: 8, pages_left: 2 }] };
    const d = payoutDigest(view(base));
    assert.notEqual(payoutDigest(view({ ...base, unclaimed_eras: [{ era: 8, pages_left: 1 }] })), d);
    assert.notEqual(payoutDigest(view({ ...base, active_era: 11 })), d);
    assert.notEqual(payoutDigest(view({ ...base, stash: 'T' })), d);
  });
});

test('numbers an agent cannot mean are not read: no Infinity reaches alerts', async () => {
  const p = readPayout({ active_era: 1e308, oldest_unclaimed_era: 2 ** 53 + 2, unclaimed_eras: [{ era: 1e300 }, { era: 5 }] });
  assert.equal(p?.activeEra, undefined);
  assert.deepEqual(p?.unclaimed.map((u) => u.era), [5]);
  assert.equal(p?.erasLeft, undefined);
  const q = readPayout({ active_era: Number.MAX_SAFE_INTEGER, oldest_unclaimed_era: Number.MAX_SAFE_INTEGER, history_depth: 84 });
  assert.equal(q?.erasLeft, 84, "the difference first: no precision lost at the edge of safe integers");
});
