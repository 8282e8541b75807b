import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogThrottle } from '../../../src/hub/log-throttle.ts';

function setup(perWindow = 3, windowMs = 1000, maxKeys = 100) {
  let now = 0;
  const lines: string[] = [];
  const throttle = createLogThrottle(() => now, perWindow, windowMs, maxKeys);
  const hit = (key: string) =>
    throttle(
      key,
      () => lines.push(`${key}`),
      (n) => lines.push(`${key} +${n}`),
    );
  return { throttle, hit, lines, advance: (ms: number) => (now += ms) };
}

describe('log throttle', () => {
  test('logs the first few of a window and reports the rest in one line when the key comes back', () => {
    const { hit, lines, advance } = setup();
    for (let i = 0; i < 10; i++) hit('a');
    assert.deepEqual(lines, ['a', 'a', 'a']);
    advance(1000);
    hit('a');
    assert.deepEqual(lines, ['a', 'a', 'a', 'a +7', 'a']);
  });

  test('a burst that stops is still reported, at the next sweep after its window', () => {
    const { throttle, hit, lines, advance } = setup();
    for (let i = 0; i < 50; i++) hit('a');
    hit('b');
    throttle.sweep();
    assert.deepEqual(lines, ['a', 'a', 'a', 'b'], 'nothing before the window closes');
    advance(1000);
    throttle.sweep();
    assert.deepEqual(lines, ['a', 'a', 'a', 'b', 'a +47'], 'b had nothing suppressed: no line');
    throttle.sweep();
    assert.equal(lines.length, 5, 'reported once');
  });

  test('sweep(true) reports every open window, as the hub does when it stops', () => {
    const { throttle, hit, lines } = setup();
    for (let i = 0; i < 5; i++) hit('a');
    for (let i = 0; i < 4; i++) hit('b');
    throttle.sweep(true);
    assert.deepEqual(lines.slice(-2), ['a +2', 'b +1']);
  });

  test('too many keys: the open windows are reported, not dropped', () => {
    const { hit, lines } = setup(1, 1000, 2);
    for (let i = 0; i < 3; i++) hit('a');
    for (let i = 0; i < 2; i++) hit('b');
    hit('c');
    assert.deepEqual(lines, ['a', 'b', 'a +2', 'b +1', 'c']);
  });
});
