import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readDefinition, type ScheduleInput } from '../../../src/scheduler/schedule-input.ts';

const input = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({ name: 'nightly', cron: '0 3 * * *', target: 'val-01', command: 'status', params: {}, ...over });
const fallback = { timezone: 'UTC', channelId: null };
const problem = (over: Partial<ScheduleInput>) => {
  try {
    readDefinition(input(over), fallback);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

describe('readDefinition', () => {
  test('fills the default zone and channel, tidies the expression and the zone', () => {
    assert.deepEqual(readDefinition(input({ cron: '  0  3 * * * ' }), fallback), {
      name: 'nightly',
      cron: '0 3 * * *',
      timezone: 'UTC',
      target: 'val-01',
      command: 'status',
      channelId: null,
    });
    const d = readDefinition(input({ timezone: 'asia/seoul', channelId: '123456789012345678' }), fallback);
    assert.equal(d.timezone, 'Asia/Seoul');
    assert.equal(d.channelId, '123456789012345678');
    assert.equal(readDefinition(input(), { timezone: 'Europe/Berlin', channelId: '223456789012345678' }).channelId, '223456789012345678', 'a change keeps its channel');
  });

  test('says which field of a cron expression is wrong', () => {
    assert.match(problem({ cron: '0 25 * * *' }), /Schedule nightly: "0 25 \* \* \*" is not a valid cron expression: the hour field \(2nd\) is "25": it takes 0 to 23/);
    assert.match(problem({ cron: '0 3 * *' }), /has 4 fields; a cron expression has 5/);
    assert.equal(problem({ cron: '0 */5 * * * *' }), 'accepted', 'six fields: seconds first');
  });

  test('refuses an expression firing more often than the floor (SCHEDULE_MIN_INTERVAL_S)', () => {
    assert.match(problem({ cron: '*/5 * * * * *' }), /"\*\/5 \* \* \* \* \*" fires every 5 s at times; schedules may fire at most once every 60 s/);
    // Once a day, but twice within a second: the shortest gap is what counts.
    assert.match(problem({ cron: '0,1 0 3 * * *' }), /fires every 1 s at times/);
    assert.equal(problem({ cron: '* * * * *' }), 'accepted', 'every minute is the default floor');
    assert.doesNotThrow(() => readDefinition(input({ cron: '*/5 * * * * *' }), fallback, { minIntervalS: 5 }));
  });

  test('refuses a bad name, zone, channel or an empty target', () => {
    assert.match(problem({ name: 'no spaces please' }), /is not a schedule name/);
    assert.match(problem({ timezone: 'Nowhere/Else' }), /"Nowhere\/Else" is not an IANA time zone/);
    assert.match(problem({ channelId: '#alerts' }), /is not a Discord channel id/);
    assert.match(problem({ target: ' ' }), /name a target/);
  });
});
