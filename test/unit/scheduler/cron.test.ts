import { render } from '../../../src/i18n/message.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCron, checkTimezone, MISSED_SCAN_DAYS, occurrencesBetween } from '../../../src/scheduler/cron.ts';

const H = 3_600_000;
const D = 24 * H;

describe('checkTimezone', () => {
  test('takes IANA zones in any case and spells them the IANA way', () => {
    assert.deepEqual(checkTimezone('europe/berlin'), { ok: true, zone: 'Europe/Berlin' });
    assert.deepEqual(checkTimezone(' utc '), { ok: true, zone: 'UTC' });
    assert.deepEqual(checkTimezone('Asia/Seoul'), { ok: true, zone: 'Asia/Seoul' });
  });

  test('refuses anything else with an example of what works', () => {
    const r = checkTimezone('Mars/Olympus_Mons');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? render('en', r.problem) : '', /"Mars\/Olympus_Mons" is not an IANA time zone; use a name such as UTC, Europe\/Berlin/);
  });
});

describe('checkCron: the English of node-cron in the words of mserver', () => {
  const problem = (expr: string) => {
    const r = checkCron(expr);
    return r.ok ? '' : render('en', r.problem);
  };
  test('names the field, its position and what it takes', () => {
    assert.equal(problem('61 * * * *'), '"61 * * * *" is not a valid cron expression: the minute field (1st) is "61": it takes 0 to 59, *, a list (1,15), a range (1-5) or a step (*/10)');
    assert.match(problem('0 0 9 * * 8'), /the weekday field \(6th\) is "8": it takes 0 to 7/);
    assert.match(problem('0 0 31 2 *'), /the day of month field \(3rd\) asks for a day that month never has \(31 2: day, month\)/);
  });
  test('never shows the wording of node-cron itself', () => {
    for (const e of ['61 * * * *', '* 25 * * *', '* * 32 * *', '* * * 13 *', 'x * * * *']) assert.doesNotMatch(problem(e), /is a invalid expression/);
  });
});

describe('occurrencesBetween (the runs a schedule missed)', () => {
  test('a daily time in a zone, across a daylight saving change', async () => {
    // Berlin moves to summer time on 2026-03-29: 09:00 local is 08:00 UTC before, 07:00 UTC after.
    const from = Date.UTC(2026, 2, 28, 0, 0, 0);
    const occ = await occurrencesBetween('0 9 * * *', 'Europe/Berlin', from, from + 3 * D);
    assert.equal(occ.count, 3);
    assert.equal(occ.first?.toISOString(), '2026-03-28T08:00:00.000Z');
    assert.equal(occ.last?.toISOString(), '2026-03-30T07:00:00.000Z');
    assert.equal(occ.truncated, false);
  });

  test('second-level expressions count each second, after the start and up to the end', async () => {
    const t = Date.UTC(2026, 0, 10, 12, 0, 0);
    const occ = await occurrencesBetween('*/10 * * * * *', 'UTC', t, t + 65_000);
    assert.equal(occ.count, 6, '12:00:10 to 12:01:00; 12:00:00 itself was accounted for');
    assert.equal(occ.first?.toISOString(), '2026-01-10T12:00:10.000Z');
    assert.equal(occ.last?.toISOString(), '2026-01-10T12:01:00.000Z');
  });

  test('weekdays only, and nothing in an empty gap', async () => {
    const friday = Date.UTC(2026, 0, 9, 0, 0, 0);
    assert.equal((await occurrencesBetween('30 6 * * 1-5', 'UTC', friday, friday + 4 * D)).count, 2, 'Friday and Monday, not the weekend');
    assert.equal((await occurrencesBetween('* * * * *', 'UTC', friday, friday)).count, 0);
    assert.equal((await occurrencesBetween('* * * * *', 'UTC', friday, friday - H)).count, 0);
  });

  test('a longer outage counts the last days only, says so, and leaves the event loop free meanwhile', async () => {
    const until = Date.UTC(2026, 5, 1, 0, 0, 0);
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    const occ = await occurrencesBetween('0 * * * *', 'UTC', until - 90 * D, until);
    clearInterval(tick);
    assert.equal(occ.truncated, true);
    assert.equal(occ.count, MISSED_SCAN_DAYS * 24);
    assert.ok(turns > 5, `timers ran during the scan (${turns})`);
  });
});
