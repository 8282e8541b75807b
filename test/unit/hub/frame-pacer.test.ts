import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { createFramePacer } from '../../../src/hub/frame-pacer.ts';

function pacer(perTurn: number) {
  const handled: string[] = [];
  const paused = new Set<string>();
  const p = createFramePacer<string>({
    perTurn,
    handle: (s, data) => handled.push(`${s}:${data.toString()}`),
    pause: (s) => paused.add(s),
    resume: (s) => paused.delete(s),
  });
  return { p, handled, paused };
}

const frame = (n: number) => Buffer.from(String(n));

describe('frame pacer', () => {
  test('within the budget frames are handled at once', () => {
    const { p, handled } = pacer(10);
    for (let i = 0; i < 10; i++) p.push('a', frame(i), false);
    assert.equal(handled.length, 10);
    assert.equal(p.queued, 0);
  });

  test('past the budget frames wait for the next turn, in order, and a session never overtakes itself', async () => {
    const { p, handled } = pacer(3);
    for (let i = 0; i < 5; i++) p.push('a', frame(i), false);
    assert.deepEqual(handled, ['a:0', 'a:1', 'a:2']);
    await turn();
    // A new turn: b is handled within the budget, but a's frames still wait behind a's earlier ones.
    assert.deepEqual(handled, ['a:0', 'a:1', 'a:2', 'a:3', 'a:4']);
    p.push('b', frame(0), false);
    assert.deepEqual(handled.at(-1), 'b:0');
  });

  test('a socket with a backlog is paused, and resumed once it has drained', async () => {
    const { p, paused } = pacer(1);
    for (let i = 0; i < 100; i++) p.push('a', frame(i), false);
    assert.ok(paused.has('a'));
    while (p.queued > 0) await turn();
    assert.ok(!paused.has('a'));
  });

  test('flush handles a closing session now, leaving the others queued', () => {
    const { p, handled } = pacer(1);
    p.push('a', frame(0), false);
    p.push('b', frame(0), false);
    p.push('a', frame(1), false);
    p.push('b', frame(1), false);
    p.flush('b');
    assert.deepEqual(handled, ['a:0', 'b:0', 'b:1']);
    assert.equal(p.queued, 1);
  });
});
