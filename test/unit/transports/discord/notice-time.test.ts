// Durations and ages in a notice follow the channel's language: numbers through Intl, units from the
// catalogue; English keeps the short forms the older notices used.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agoIn, durationIn } from '../../../../src/transports/discord/notices/notice-time.ts';
import { eraList } from '../../../../src/transports/discord/notices/notice.ts';

test('durations in English and Korean', () => {
  assert.equal(durationIn('en', 1340), '1.3 s');
  assert.equal(durationIn('ko', 1340), '1.3초');
  assert.equal(durationIn('en', 10_000), '10.0 s');
  assert.equal(durationIn('en', 3 * 60_000 + 4000), '3 min 4 s');
  assert.equal(durationIn('ko', 3 * 60_000 + 4000), '3분 4초');
  assert.equal(durationIn('ko', 2 * 3_600_000 + 5 * 60_000), '2시간 5분');
  assert.equal(durationIn('ko', 3 * 86_400_000 + 3_600_000), '3일 1시간');
  assert.equal(durationIn('ko', -1), '?');
});

test('ages in English and Korean', () => {
  const now = 10_000_000;
  assert.equal(agoIn('en', undefined, now), 'never');
  assert.equal(agoIn('ko', undefined, now), '없음');
  assert.equal(agoIn('ko', now - 1000, now), '방금');
  assert.equal(agoIn('en', now - 65_000, now), '1 min 5 s ago');
  assert.equal(agoIn('ko', now - 65_000, now), '1분 5초 전');
});

test('a long era list says how many eras in the reader\'s language', () => {
  assert.equal(eraList([1, 3, 5, 7], 2, 'ko'), '1, 3, … (에라 4개)');
  assert.equal(eraList([1, 3, 5, 7], 2, 'en'), '1, 3, … (4 eras)');
});
