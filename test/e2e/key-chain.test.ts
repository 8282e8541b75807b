// With CHAIN_RPC_URL (issue 19): a submitted rotation is confirmed on chain by reading Session.NextKeys /
// Session.QueuedKeys from a JSON-RPC emulator whose values the test SCALE-encodes with scale-ts; keys on
// the node that are not the keys on chain are a critical alert; an unreachable RPC is a warning, nothing
// else blocked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Bytes, Tuple, Vector } from 'scale-ts';
import { nextKeysStorageKey, QUEUED_KEYS_STORAGE_KEY } from '../../src/chain/substrate-chain-reader.ts';
import { ss58AccountId } from '../../src/chain/ss58.ts';
import type { EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { startChainRpcEmulator, ss58Encode, type ChainRpcEmulator } from '../support/chain-rpc-emulator.ts';
import { IDS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { startTestServer, TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const KEYS_LEN = 193;
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');
const ops = { id: 'console:ops', name: 'ops (console)' };

describe('key hand-over verified on chain', () => {
  let chain: ChainRpcEmulator;
  let st: DiscordStack;
  let agent: TestAgent;
  const account = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  const stash = ss58Encode(account);
  const other = Uint8Array.from({ length: 32 }, () => 0xaa);

  before(async () => {
    chain = await startChainRpcEmulator();
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '3000', CHAIN_RPC_URL: chain.url } });
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'ch-1', containers: ['a', 'b'] } });
    await waitUntil(() => st.s.app.hub.isConnected('ch-1'), 'ch-1');
  });
  after(async () => {
    await agent.close();
    await st.stop();
    await chain.close();
  });

  /** Rotates `container` to `key` (the node confirms holding it) and records session.setKeys with the stash. */
  async function rotateAndSubmit(container: string, key: string): Promise<void> {
    const asked = await st.s.app.dispatcher.dispatch({ command: 'rotate_keys', target: 'ch-1', params: { container }, actor: ops, via: 'console' });
    const run = st.s.app.dispatcher.confirm(asked.request.id, ops, 'console');
    const rotate = await agent.nextCommand();
    agent.send({ type: 'key_update', data: { container, session_key: key } });
    agent.respond(rotate.id, 'success', { result: { session_key: key } });
    await run.done;
    const check = await agent.nextCommand();
    agent.respond(check.id, 'success', { result: { has_session_keys: true } });
    await waitUntil(() => st.s.app.keyGuard.handoverAt('ch-1', container), 'hand-over begins');
    st.s.app.safety.submitted('ch-1', container, ops, 'console', stash);
  }

  it('decodes the stash and hashes the storage key as the chain does', () => {
    assert.deepEqual(ss58AccountId(stash), account);
    assert.equal(ss58AccountId(stash.slice(0, -1) + (stash.endsWith('1') ? '2' : '1')), undefined, 'a bad checksum is refused');
    assert.match(nextKeysStorageKey(account), /^0xcec5070d609dd3497f72bde07fc96ba04c014e6bf8b8c2c011e7290b85696bb3[0-9a-f]{16}0102/);
  });

  it('confirms a submitted rotation that is in Session.QueuedKeys', async () => {
    const key = `0x${'71'.repeat(KEYS_LEN)}`;
    chain.storage.set(QUEUED_KEYS_STORAGE_KEY, hex(Vector(Tuple(Bytes(32), Bytes(KEYS_LEN))).enc([[other, bytes(`0x${'00'.repeat(KEYS_LEN)}`)], [account, bytes(key)]])));
    chain.storage.set(nextKeysStorageKey(account), hex(Bytes(KEYS_LEN).enc(bytes(key))));
    await rotateAndSubmit('a', key);
    const ok = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => /✅ Verified on chain: ch-1 \/ a's new keys are queued or next/.test(text(m))), 8000);
    assert.ok(ok);
    assert.equal(st.s.app.keyGuard.handoverAt('ch-1', 'a')?.chainState, 'confirmed');
    assert.ok(chain.calls.some((c) => c.method === 'state_getStorage' && c.params[0] === nextKeysStorageKey(account)));
  });

  it('keys on the node that are not the keys on chain are a critical alert in keys and alerts', async () => {
    const onNode = `0x${'72'.repeat(KEYS_LEN)}`;
    const onChain = `0x${'73'.repeat(KEYS_LEN)}`;
    chain.storage.set(nextKeysStorageKey(account), hex(Bytes(KEYS_LEN).enc(bytes(onChain))));
    chain.storage.set(QUEUED_KEYS_STORAGE_KEY, hex(Vector(Tuple(Bytes(32), Bytes(KEYS_LEN))).enc([])));
    await rotateAndSubmit('b', onNode);
    const alert = await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => /Node and chain disagree on ch-1 \/ b/.test(text(m))), 8000);
    assert.equal(alert.embeds[0]!.color, 0xe74c3c);
    assert.ok(text(alert).includes(onNode) && text(alert).includes(onChain), 'both keys shown');
    await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => /Node and chain disagree on ch-1 \/ b/.test(text(m))), 8000);
    assert.equal(st.s.app.keyGuard.handoverAt('ch-1', 'b')?.chainState, 'mismatch');
  });

  it('an unreachable CHAIN_RPC_URL is a warning at start, and commands still run', async () => {
    const s = await startTestServer({ env: { CHAIN_RPC_URL: 'ws://127.0.0.1:9', CHAIN_RPC_TIMEOUT_MS: '500' } });
    try {
      await waitUntil(() => s.logs.find((l) => l.level === 40 && /CHAIN_RPC_URL cannot be reached/.test(String(l.msg))), 'the warning');
      const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'ch-2', containers: ['x'] } });
      try {
        await waitUntil(() => s.app.hub.isConnected('ch-2'), 'ch-2');
        const out = await s.app.dispatcher.dispatch({ command: 'status', target: 'ch-2', params: {}, actor: ops, via: 'console' });
        const cmd = await a.nextCommand();
        a.respond(cmd.id, 'success', { result: {} });
        assert.equal(out.kind, 'running');
      } finally {
        await a.close();
      }
    } finally {
      await s.dispose();
    }
  });

  it('/readyz names an unreachable chain RPC as degraded and stays 200 (nothing else is blocked)', async () => {
    const s = await startTestServer({ http: true, env: { CHAIN_RPC_URL: 'ws://127.0.0.1:9', CHAIN_RPC_TIMEOUT_MS: '500' } });
    try {
      await waitUntil(() => s.logs.find((l) => l.level === 40 && /CHAIN_RPC_URL cannot be reached/.test(String(l.msg))), 'the start-up probe failed');
      const res = await fetch(`${s.httpUrl}/readyz`);
      const body = (await res.json()) as { status: string; checks: Record<string, string> };
      assert.equal(res.status, 200, 'the hub and database are fine: still ready');
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.hub, 'ok');
      assert.match(body.checks.chain ?? '', /^degraded: ws:\/\/127\.0\.0\.1:9 cannot be read: .+not verified on chain/);
    } finally {
      await s.dispose();
    }
    const reachable = await startTestServer({ http: true, env: { CHAIN_RPC_URL: chain.url } });
    try {
      await waitUntil(() => reachable.logs.find((l) => /chain RPC reachable/.test(String(l.msg))), 'the start-up probe answered');
      const res = await fetch(`${reachable.httpUrl}/readyz`);
      const body = (await res.json()) as { status: string; checks: Record<string, string> };
      assert.equal(res.status, 200);
      assert.deepEqual(body, { status: 'ready', checks: { hub: 'ok', database: 'ok', chain: 'ok' } });
    } finally {
      await reachable.dispose();
    }
  });
});
