// The chain's health as /readyz reads it: a failed read is named with the endpoint, the chain is probed
// again on its own while it fails (after 5 s, then doubling up to 5 min, from the start again once it
// answers), and it reads as healthy once it answers; a stash the chain cannot be asked about is bad
// input, not an unreachable chain. Time moves by hand; the endpoint is a real socket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHAIN_RETRY, watchChainHealth } from '../../../src/chain/chain-health.ts';
import { createSubstrateChainReader } from '../../../src/chain/substrate-chain-reader.ts';
import { ss58Encode, startChainRpcEmulator } from '../../support/chain-rpc-emulator.ts';
import { waitUntil } from '../../support/wait.ts';
import { fakeTime } from '../core/notifications/fake-time.ts';

describe('chain health', () => {
  it('names an endpoint that cannot be read, retries on its own, and recovers when it answers', async () => {
    // A port that was just free: nothing listens there until the emulator starts on it.
    const first = await startChainRpcEmulator();
    const port = Number(new URL(first.url).port);
    await first.close();
    const url = `ws://127.0.0.1:${port}`;
    const time = fakeTime();
    const changes: Array<string | undefined> = [];
    const health = watchChainHealth(createSubstrateChainReader({ url, timeoutMs: 500 }), { url, retry: CHAIN_RETRY, timers: time, onChange: (p) => changes.push(p) });
    try {
      assert.equal(health.problem(), undefined, 'nothing read yet: nothing to report');
      await assert.rejects(health.reader.probe());
      assert.match(health.problem() ?? '', new RegExp(`^ws://127\\.0\\.0\\.1:${port} cannot be read: `));
      await assert.rejects(health.reader.sessionKeys('not-an-address'), /not an SS58 address/);
      assert.match(health.problem() ?? '', /cannot be read/, 'a bad stash leaves the health as it was');
      const chain = await startChainRpcEmulator(port);
      try {
        time.advance(CHAIN_RETRY.firstMs);
        await waitUntil(() => health.problem() === undefined, 'recovered by the retry, nobody asking');
        assert.ok(chain.calls.some((c) => c.method === 'system_chain'));
        assert.equal(changes.length, 2);
        assert.equal(changes[1], undefined);
        assert.equal(time.pending(), 0, 'answering: no retry owed');
      } finally {
        await chain.close();
      }
    } finally {
      health.stop();
    }
  });

  it('backs off from 5 s doubling to 5 min while the chain fails, one retry at a time, and starts over once it answered', async () => {
    const chain = await startChainRpcEmulator();
    chain.failing = true;
    const time = fakeTime();
    const health = watchChainHealth(createSubstrateChainReader({ url: chain.url, timeoutMs: 2000 }), { url: chain.url, retry: CHAIN_RETRY, timers: time });
    const named = new RegExp(`^${chain.url.replace(/[.]/g, '\\.')} cannot be read: the chain RPC refused: Internal error$`);
    /** Asserts that the retry comes exactly `ms` after the last failure, and waits until it too has failed. */
    const retriedAfter = async (ms: number) => {
      const calls = chain.calls.length;
      time.advance(ms - 1);
      assert.equal(time.pending(), 1, `no retry before ${ms} ms`);
      time.advance(1);
      assert.equal(time.pending(), 0, `the retry at ${ms} ms`);
      await waitUntil(() => time.pending() === 1 && chain.calls.length > calls, `the retry at ${ms} ms failed and the next is set`);
      assert.match(health.problem() ?? '', named, 'the unreachable chain stays named for /readyz');
    };
    try {
      await assert.rejects(health.reader.probe(), /Internal error/);
      assert.match(health.problem() ?? '', named);
      for (const ms of [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]) await retriedAfter(ms);

      // A hand-over check failing meanwhile neither adds a retry nor stretches the one that is set.
      const stash = ss58Encode(new Uint8Array(32).fill(7));
      await assert.rejects(health.reader.sessionKeys(stash), /Internal error/);
      assert.equal(time.pending(), 1);
      await retriedAfter(300_000);

      chain.failing = false;
      time.advance(300_000);
      await waitUntil(() => health.problem() === undefined, 'the retry answered');
      assert.equal(time.pending(), 0);

      // Failing again: from 5 s, not from where it stopped.
      chain.failing = true;
      await assert.rejects(health.reader.sessionKeys(stash), /Internal error/);
      await retriedAfter(5_000);
      await retriedAfter(10_000);
    } finally {
      health.stop();
      assert.equal(time.pending(), 0, 'stopped: nothing left to fire');
      await chain.close();
    }
  });
});
