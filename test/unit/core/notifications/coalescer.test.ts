import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCoalescer } from '../../../../src/core/notifications/coalescer.ts';
import { fakeTime } from './fake-time.ts';

test('coalescer: one batch per window from the first item; flush hands over at once', () => {
  const time = fakeTime();
  const batches: number[][] = [];
  const c = createCoalescer<number>({ windowMs: 1000, timers: time, flush: (items) => batches.push(items) });
  c.add(1);
  time.advance(600);
  c.add(2);
  time.advance(400);
  assert.deepEqual(batches, [[1, 2]]);
  c.add(3);
  assert.equal(c.size, 1);
  c.flush();
  assert.deepEqual(batches, [[1, 2], [3]]);
  time.advance(5000);
  c.flush();
  assert.equal(batches.length, 2, 'nothing gathered, nothing handed over');
});
