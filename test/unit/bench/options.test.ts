import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBenchArgs } from '../../../bench/options.ts';

describe('bench options', () => {
  test('defaults are the issue set; --quick is small', () => {
    const d = parseBenchArgs([]);
    assert.ok(d !== 'help');
    assert.deepEqual(d.sizes, [1000, 5000, 10000]);
    assert.deepEqual([...d.scenarios], [1, 2, 3, 4, 5, 7]);
    assert.deepEqual([d.historyAgents, d.historyDays, d.historyRuns], [200, 90, 1000]);
    assert.deepEqual([d.rounds, d.broadcasts], [3, 9]);
    const more = parseBenchArgs(['--rounds', '12']);
    assert.ok(more !== 'help');
    assert.equal(more.broadcasts, 12, 'never fewer broadcasts than rounds asked for');
    const set = parseBenchArgs(['--broadcasts', '4']);
    assert.ok(set !== 'help');
    assert.deepEqual([set.rounds, set.broadcasts], [3, 4]);
    const q = parseBenchArgs(['--quick', '--scenarios', '2,3', '--targets', 'mserver']);
    assert.ok(q !== 'help');
    assert.ok(Math.max(...q.sizes) <= 1000);
    assert.deepEqual([...q.scenarios], [2, 3]);
    assert.deepEqual([...q.targets], ['mserver']);
    assert.equal(q.broadcasts, q.rounds);
    assert.equal(parseBenchArgs(['--help']), 'help');
  });

  test('bad values are refused with the flag named', () => {
    assert.throws(() => parseBenchArgs(['--sizes', '10,x']), /--sizes/);
    assert.throws(() => parseBenchArgs(['--scenarios', '8']), /--scenarios/);
    assert.throws(() => parseBenchArgs(['--history-days', '0']), /--history-days/);
    assert.throws(() => parseBenchArgs(['--targets', 'nginx']), /--targets/);
    assert.throws(() => parseBenchArgs(['--rounds', '0']), /--rounds/);
    assert.throws(() => parseBenchArgs(['--broadcasts', 'x']), /--broadcasts/);
    assert.throws(() => parseBenchArgs(['--nope']));
  });
});
