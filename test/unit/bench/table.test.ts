import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rounds } from '../../../bench/stats.ts';
import { checkTargets, renderTable, type BenchResults, type SizeResult } from '../../../bench/table.ts';

describe('bench table and targets', () => {
  const r = (v: number) => rounds([v]);
  const size: SizeResult = {
    agents: 10_000,
    errors: [],
    floor: {
      problems: [],
      connect: { ms: r(1200), rssPerAgentKB: r(6), baselineRssMB: 80, failures: 0 },
      broadcast: { ms: r(200), failures: 0 },
      flood: { perSecond: r(100_000), loopP99: r(20), loopMax: r(30), generatorCpu: r(1), sent: [300_000], agents: 1000 },
    },
    mserver: {
      problems: [],
      connect: { ms: r(2000), rssPerAgentKB: r(13), baselineRssMB: 140, failures: 0 },
      broadcast: { ms: r(250), failures: 0 },
      flood: { perSecond: r(60_000), loopP99: r(150), loopMax: r(300), generatorCpu: r(0.8), sent: [180_000], agents: 1000 },
    },
  };

  test('each target is checked against the floor of the same run', () => {
    const checks = checkTargets([size]);
    const by = (word: string) => checks.find((c) => c.target.includes(word));
    assert.equal(by('nothing fails')?.met, true);
    assert.equal(by('broadcast')?.met, true, 'broadcast 1.25x <= 1.5x');
    // The target is 1.5x at every size (issue 15): 1.45x is met, 1.6x is not.
    const at = (ms: number) => checkTargets([{ ...size, mserver: { ...size.mserver!, broadcast: { ms: r(ms), failures: 0 } } }]).find((c) => c.target.includes('broadcast'));
    assert.equal(at(290)?.met, true);
    assert.equal(at(320)?.met, false);
    assert.match(String(at(290)?.target), /<= 1\.5x the floor/);
    assert.equal(by('RSS')?.met, false, 'RSS 2.17x > 2x');
    assert.equal(by('summary ingest')?.met, false, 'rate 60% but loop p99 150 ms');
    assert.equal(by('Discord'), undefined, 'not measured, not checked');
  });

  test('a heartbeat is missed on a reconnect, and counted missed when the loop stalled a whole interval', () => {
    const underLoad = (loopMaxMs: number, reconnects: number) => ({
      defer: { count: 50, p50: 20, p99: 120, max: 150 },
      failed: 0,
      errors: [],
      loopMaxMs,
      reconnects,
      resumes: 0,
      heartbeatIntervalMs: 1000,
    });
    const check = (u: ReturnType<typeof underLoad>) =>
      checkTargets([{ ...size, mserver: { ...size.mserver!, underLoad: u } }]).find((c) => c.target.includes('heartbeat'))!;
    assert.equal(check(underLoad(180, 0)).met, true);
    assert.equal(check(underLoad(180, 1)).met, false);
    assert.equal(check(underLoad(1200, 0)).met, false);
    assert.match(check(underLoad(1200, 0)).figure, /late/);
  });

  test('the table shows both servers and the ratio', () => {
    const results = { sizes: [size] } as BenchResults;
    const text = renderTable(results);
    assert.match(text, /2 broadcast status, all stored .*\| 200 \/ 200 .*\| 250 \/ 250 .*\| 1\.25x/);
    assert.match(text, /1 server RSS per agent .*2\.17x/);
  });
});
