import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agoText, durationText, expiryText } from '../../../../src/transports/format/time-text.ts';
import { translator } from '../../../../src/i18n/translate.ts';
const EN = translator('en');
const KO = translator('ko');

test('a deadline reads one way: how long is left, and when, in UTC', () => {
  const now = Date.UTC(2026, 10, 27, 21, 4, 23);
  assert.equal(expiryText(now + 60_000, now, EN), 'expires in 1 min 0 s, at 2026-11-27 21:05:23 UTC');
  assert.equal(expiryText(now - 1000, now, EN), 'expired at 2026-11-27 21:04:22 UTC');
});

// Discord notices, the console and the replies share these: English keeps the short forms operators grep for.
test('durations in English and Korean', () => {
  assert.equal(durationText(1340, EN), '1.3 s');
  assert.equal(durationText(1340, KO), '1.3초');
  assert.equal(durationText(10_000, EN), '10.0 s');
  assert.equal(durationText(3 * 60_000 + 4000, EN), '3 min 4 s');
  assert.equal(durationText(3 * 60_000 + 4000, KO), '3분 4초');
  assert.equal(durationText(2 * 3_600_000 + 5 * 60_000, KO), '2시간 5분');
  assert.equal(durationText(3 * 86_400_000 + 3_600_000, KO), '3일 1시간');
  assert.equal(durationText(-1, KO), '?');
});

test('ages in English and Korean', () => {
  const now = 10_000_000;
  assert.equal(agoText(undefined, now, EN), 'never');
  assert.equal(agoText(undefined, now, KO), '없음');
  assert.equal(agoText(now - 1000, now, KO), '방금');
  assert.equal(agoText(now - 65_000, now, EN), '1 min 5 s ago');
  assert.equal(agoText(now - 65_000, now, KO), '1분 5초 전');
});
