// The chain's health as /readyz reads it: a failed read is named with the endpoint, the chain is probed
// again on its own while it fails, and it reads as healthy once it answers; a stash the chain cannot be
// asked about is bad input, not an unreachable chain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { watchChainHealth } from '../../../src/chain/chain-health.ts';
import { createSubstrateChainReader } from '../../../src/chain/substrate-chain-reader.ts';
import { startChainRpcEmulator } from '../../support/chain-rpc-emulator.ts';
import { waitUntil } from '../../support/wait.ts';

describe('chain health', () => {
  it('names an endpoint that cannot be read, retries on its own, and recovers when it answers', async () => {
    // A port that was just free: nothing listens there until the emulator starts on it.
    const first = await startChainRpcEmulator();
    const port = Number(new URL(first.url).port);
    await first.close();
    const url = `ws://127.0.0.1:${port}`;
    const changes: Array<string | undefined> = [];
    const health = watchChainHealth(createSubstrateChainReader({ url, timeoutMs: 500 }), { url, retryMs: 50, onChange: (p) => changes.push(p) });
    try {
      assert.equal(health.problem(), undefined, 'nothing read yet: nothing to report');
      await assert.rejects(health.reader.probe());
      assert.match(health.problem() ?? '', new RegExp(`^ws://127\\.0\\.0\\.1:${port} cannot be read: `));
      await assert.rejects(health.reader.sessionKeys('not-an-address'), /not an SS58 address/);
      assert.match(health.problem() ?? '', /cannot be read/, 'a bad stash leaves the health as it was');
      const chain = await startChainRpcEmulator(port);
      try {
        await waitUntil(() => health.problem() === undefined, 'recovered by the retry, nobody asking');
        assert.ok(chain.calls.some((c) => c.method === 'system_chain'));
        assert.equal(changes.length, 2);
        assert.equal(changes[1], undefined);
      } finally {
        await chain.close();
      }
    } finally {
      health.stop();
    }
  });
});
