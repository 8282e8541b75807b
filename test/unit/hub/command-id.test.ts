import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommandIds } from '../../../src/hub/command-id.ts';

const SHAPE = /^cmd_(\d{13})_(\d{4})$/;
const T = 1_764_270_000_000;

function parts(id: string): { ms: number; digits: number } {
  const m = SHAPE.exec(id);
  assert.ok(m, `bad id shape: ${id}`);
  return { ms: Number(m[1]), digits: Number(m[2]) };
}

describe('command ids', () => {
  test('keep the seed shape cmd_<13-digit ms>_<4 digits>, digits 1000-9999, at the current ms', () => {
    const next = createCommandIds(0);
    for (let i = 0; i < 200; i++) {
      const { ms, digits } = parts(next(T + i));
      assert.equal(ms, T + i);
      assert.ok(digits >= 1000 && digits <= 9999, String(digits));
    }
  });

  test('20,000 ids drawn with the same now are all unique and well-formed', () => {
    const next = createCommandIds(T - 1);
    const ids = new Set<string>();
    let lastMs = 0;
    for (let i = 0; i < 20_000; i++) {
      const id = next(T);
      const { ms } = parts(id);
      assert.ok(ms >= lastMs, 'the millisecond never goes back');
      assert.ok(ms >= T);
      lastMs = ms;
      ids.add(id);
    }
    assert.equal(ids.size, 20_000);
    // 9000 ids fit in one millisecond; the rest spill into the next ones.
    assert.equal(lastMs, T + 2);
  });

  test('never below newestStoredMs + 1, even when the clock is behind the database', () => {
    const next = createCommandIds(T + 5000);
    assert.equal(parts(next(T)).ms, T + 5001);
    assert.equal(parts(next(T + 4000)).ms, T + 5001);
    assert.equal(parts(next(T + 9000)).ms, T + 9000);
  });

  test('monotonic when the clock steps back, and still unique', () => {
    const next = createCommandIds(0);
    const times = [T + 1000, T + 1000, T, T - 60_000, T + 500, T + 1001, T + 999, T + 2000, T];
    const ids = times.map((now) => next(now));
    const ms = ids.map((id) => parts(id).ms);
    for (let i = 1; i < ms.length; i++) assert.ok(ms[i]! >= ms[i - 1]!, `step ${i}: ${ms[i]} < ${ms[i - 1]}`);
    assert.deepEqual(ms, [T + 1000, T + 1000, T + 1000, T + 1000, T + 1000, T + 1001, T + 1001, T + 2000, T + 2000]);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('ids after a clock step back stay unique with the ones before it', () => {
    const next = createCommandIds(0);
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) ids.add(next(T));
    for (let i = 0; i < 5000; i++) ids.add(next(T - 10));
    assert.equal(ids.size, 10_000);
  });

  test('two generators started from the stored newest id never reuse its millisecond', () => {
    const first = createCommandIds(0);
    const stored = parts(first(T)).ms;
    const second = createCommandIds(stored);
    assert.ok(parts(second(T)).ms > stored);
  });
});
