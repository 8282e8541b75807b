import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expiryText } from '../../../../src/transports/format/time-text.ts';
import { translator } from '../../../../src/i18n/translate.ts';
const EN = translator('en');

test('a deadline reads one way: how long is left, and when, in UTC', () => {
  const now = Date.UTC(2026, 10, 27, 21, 4, 23);
  assert.equal(expiryText(now + 60_000, now, EN), 'expires in 1 min 0 s, at 2026-11-27 21:05:23 UTC');
  assert.equal(expiryText(now - 1000, now, EN), 'expired at 2026-11-27 21:04:22 UTC');
});
