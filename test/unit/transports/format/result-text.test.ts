import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resultText } from '../../../../src/transports/format/result-text.ts';
import { translator } from '../../../../src/i18n/translate.ts';
const EN = translator('en');

test('a long answer no reader knows is summarized by itself, cut: no "details below" where none follow', () => {
  const result = { report: 'r'.repeat(300), extra: [1, 2, 3] };
  const { summary, body } = resultText('status', result, EN);
  assert.doesNotMatch(summary, /details below/);
  assert.match(summary, /^answer "\{\\"report\\":\\"rrrr.*…" \(\d{3} characters\)$/);
  assert.equal(body, JSON.stringify(result, null, 2));
  assert.equal(resultText('status', { a: 1 }, EN).summary, '{"a":1}');
});

test('plurals are right', () => {
  assert.equal(resultText('logs', 'one line', EN).summary, '1 log line');
  assert.equal(resultText('logs', 'a\nb', EN).summary, '2 log lines');
  assert.equal(resultText('payout', { claimed: [{ era: 1, amount: '1 DOT', tx_hash: '0x1' }] }, EN).summary, '1 era claimed');
});
