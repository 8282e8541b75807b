import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { latencies, median, percentile, ratio, rounds } from '../../../bench/stats.ts';

describe('bench statistics', () => {
  test('percentiles are nearest-rank: always a value of the sample', () => {
    const v = [5, 1, 4, 2, 3];
    assert.equal(percentile(v, 0), 1);
    assert.equal(percentile(v, 20), 1);
    assert.equal(percentile(v, 21), 2);
    assert.equal(percentile(v, 50), 3);
    assert.equal(percentile(v, 99), 5);
    assert.equal(percentile(v, 100), 5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(hundred, 99), 99);
    assert.equal(percentile(hundred, 50), 50);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.throws(() => percentile(v, 101), RangeError);
  });

  test('percentiles are monotonic, within the sample, and leave the input unsorted', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (values, a, b) => {
        const copy = [...values];
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(percentile(values, lo) <= percentile(values, hi));
        assert.ok(values.includes(percentile(values, a)));
        assert.deepEqual(values, copy);
      }),
    );
  });

  test('the median of an even count is the mean of the two middle values', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
  });

  test('rounds keep min, median, max and every value; ratios refuse missing figures', () => {
    assert.deepEqual(rounds([30, 10, 20]), { min: 10, median: 20, max: 30, values: [30, 10, 20] });
    const failed = rounds([Number.NaN, 4]);
    assert.equal(failed.min, 4);
    assert.equal(failed.values.length, 2);
    assert.ok(Number.isNaN(rounds([]).median));
    assert.equal(ratio(130, 100), 1.3);
    assert.ok(Number.isNaN(ratio(1, 0)));
    assert.ok(Number.isNaN(ratio(Number.NaN, 1)));
    assert.deepEqual(latencies([1, 2, 3, 4]), { count: 4, p50: 2, p99: 4, max: 4 });
  });
});
