// The text shared by Discord and the console in the reader's language (issue 18): numbers and durations
// through Intl, times in their zone and shape, and English unchanged when no language is given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../../../../src/i18n/translate.ts';
import { resultText } from '../../../../src/transports/format/result-text.ts';
import { tallyMessages, tallyText } from '../../../../src/transports/format/state-text.ts';
import { msg, render } from '../../../../src/i18n/message.ts';
import { agoText, durationText, expiryText } from '../../../../src/transports/format/time-text.ts';

const ko = translator('ko');
const en = translator('en');

test('durations and deadlines read in Korean, the time keeping its UTC shape', () => {
  const now = Date.UTC(2026, 10, 27, 21, 4, 23);
  assert.equal(durationText(1500, ko), '1.5초');
  assert.equal(durationText(125_000, ko), '2분 5초');
  assert.equal(durationText(90_061_000, ko), '1일 1시간');
  assert.equal(agoText(now - 3_600_000, now, ko), '1시간 0분 전');
  assert.equal(expiryText(now + 60_000, now, ko), '1분 0초 후 만료 (2026-11-27 21:05:23 UTC)');
  assert.equal(expiryText(now + 60_000, now, translator('en')), 'expires in 1 min 0 s, at 2026-11-27 21:05:23 UTC');
});

test('tallies and results count with real plurals, numbers grouped for the reader', () => {
  assert.equal(tallyText(['success', 'success', 'failed'], ko), '성공 2, 실패 1');
  assert.equal(tallyText(['success', 'failed', 'success'], en), '2 success, 1 failed');
  assert.equal(resultText('logs', 'one line', en).summary, '1 log line');
  assert.equal(resultText('logs', Array(1200).fill('x').join('\n'), en).summary, '1,200 log lines');
  assert.equal(resultText('logs', 'a\nb', ko).summary, '로그 2줄');
  assert.equal(resultText('has_key', true, ko).summary, '예: 노드에 키가 있습니다');
});

test("a schedule's notice, made before its reader is known, counts in the channel's language", () => {
  const ran = msg('core.schedule.ran', { name: 'nightly', command: 'status', target: 'val-1', id: '7', tally: tallyMessages(['success', 'failed', 'success']) });
  assert.equal(render('ko', ran), '스케줄 nightly이(가) val-1에서 status을(를) 실행했습니다 (요청 #7): 성공 2; 실패 1');
  assert.equal(render('en', ran), 'schedule nightly ran status on val-1 (request #7): 2 success; 1 failed');
});
