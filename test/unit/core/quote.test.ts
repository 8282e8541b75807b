import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plural } from '../../../src/core/plural.ts';
import { quoted } from '../../../src/core/quote.ts';

test('short input is quoted whole', () => {
  assert.equal(quoted('nobody'), '"nobody"');
});

test('long input is cut to 80 characters with its length, never echoed whole', () => {
  const q = quoted('x'.repeat(200_000));
  assert.equal(q, `"${'x'.repeat(80)}…" (200,000 characters)`);
  assert.equal(quoted('y'.repeat(81)), `"${'y'.repeat(80)}…" (81 characters)`);
  assert.equal(quoted('z'.repeat(80)), `"${'z'.repeat(80)}"`);
});

test('control characters are escaped and characters are counted, not UTF-16 units', () => {
  assert.equal(quoted('a\u001b[2Jb\n'), '"a\\u001b[2Jb\\n"');
  assert.match(quoted('😀'.repeat(100)), /…" \(100 characters\)$/);
});

test('plurals', () => {
  assert.equal(plural(1, 'log line'), '1 log line');
  assert.equal(plural(0, 'log line'), '0 log lines');
  assert.equal(plural(2000, 'agent'), '2,000 agents');
  assert.equal(plural(2, 'reply', 'replies'), '2 replies');
});
