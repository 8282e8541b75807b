// With CHAIN_RPC_URL (issue 19), "verified" means verified on chain: the node's has_session_keys yes only
// starts the wait (the verdict and /keys say so), Submitted does not start the two sessions (the chain
// showing the keys in session.nextKeys does), and a stash mserver does not know is said, not guessed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Bytes, Tuple, Vector } from 'scale-ts';
import { nextKeysStorageKey, QUEUED_KEYS_STORAGE_KEY } from '../../src/chain/substrate-chain-reader.ts';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { startChainRpcEmulator, ss58Encode, type ChainRpcEmulator } from '../support/chain-rpc-emulator.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const KEYS_LEN = 193;
const SESSION = 60_000;
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => `${f.name}: ${f.value}`).join('\n')}`)].join('\n');
const ops = { id: 'console:ops', name: 'ops (console)' };
const OLD_KEY = `0x${'21'.repeat(KEYS_LEN)}`;
const NEW_KEY = `0x${'22'.repeat(KEYS_LEN)}`;
const LONE_KEY = `0x${'23'.repeat(KEYS_LEN)}`;

describe('with a chain, verified means verified on chain', () => {
  let chain: ChainRpcEmulator;
  let st: DiscordStack;
  let agent: TestAgent;
  let lone: TestAgent;
  let offset = 0;
  const account = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i);
  const stash = ss58Encode(account);
  const nextKeysOf = nextKeysStorageKey(account);

  async function checkKeys(a: TestAgent, target: string, container: string, params: Record<string, unknown>, sessionKeys: string): Promise<void> {
    const out = await st.s.app.dispatcher.dispatch({ command: 'check_keys', target, params: { container, ...params }, actor: ops, via: 'console' });
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'success', { result: { has_session_keys: true, session_keys: sessionKeys } });
    assert.equal(out.kind, 'running');
    if (out.kind === 'running') await out.run.done;
  }

  /** rotate_keys as ops, then the node's automatic has_session_keys answers true: the hand-over begins. */
  async function rotate(a: TestAgent, target: string, container: string, key: string): Promise<{ alert: EmuMessage; verdict: EmuMessage }> {
    const asked = await st.s.app.dispatcher.dispatch({ command: 'rotate_keys', target, params: { container }, actor: ops, via: 'console' });
    const run = st.s.app.dispatcher.confirm(asked.request.id, ops, 'console');
    const cmd = await a.nextCommand();
    a.send({ type: 'key_update', data: { container, session_key: key } });
    a.respond(cmd.id, 'success', { result: { session_key: key } });
    await run.done;
    const check = await a.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    a.respond(check.id, 'success', { result: { has_session_keys: true } });
    await waitUntil(() => st.s.app.keyGuard.handoverAt(target, container), 'hand-over begins');
    const alert = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => text(m).includes(key) && !m.message_reference), 8000);
    const verdict = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => m.message_reference?.message_id === alert.id), 8000);
    return { alert, verdict };
  }

  async function keysList(): Promise<string> {
    const ref = await st.emu.slash({ name: 'keys', options: [opt.subcommand('list')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    return text(await st.emu.waitFor(() => st.emu.interaction(ref.id).original, 8000));
  }

  before(async () => {
    chain = await startChainRpcEmulator();
    // The chain still holds the old keys for this stash: nothing queued.
    chain.storage.set(nextKeysOf, hex(Bytes(KEYS_LEN).enc(bytes(OLD_KEY))));
    chain.storage.set(QUEUED_KEYS_STORAGE_KEY, hex(Vector(Tuple(Bytes(32), Bytes(KEYS_LEN))).enc([])));
    st = await startDiscordStack({
      env: { COMMAND_TIMEOUT_MS: '3000', CHAIN_RPC_URL: chain.url, SESSION_LENGTH_MIN: '1' },
      app: { clock: { now: () => Date.now() + offset } },
    });
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'cv-1', containers: ['new'] } });
    lone = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'cv-2', containers: ['nostash'] } });
    await waitUntil(() => st.s.app.hub.isConnected('cv-1') && st.s.app.hub.isConnected('cv-2'), 'agents connected');
    await checkKeys(agent, 'cv-1', 'new', { stash }, OLD_KEY);
  });
  after(async () => {
    await agent.close();
    await lone.close();
    await st.stop();
    await chain.close();
  });

  it("the node's yes is not verified: the verdict and /keys wait for the chain", async () => {
    const { verdict } = await rotate(agent, 'cv-1', 'new', NEW_KEY);
    assert.match(verdict.embeds[0]!.title!, /^⏳ cv-1 \/ new holds the new session keys: waiting for the chain to verify them/);
    assert.doesNotMatch(text(verdict), /✅ Verified/);
    assert.ok(text(verdict).includes(stash), 'names the stash it will read');
    // The chain is read as the hand-over begins; it does not carry the keys yet, and that is no mismatch.
    await waitUntil(() => chain.calls.some((c) => c.method === 'state_getStorage' && c.params[0] === nextKeysOf), 'the chain read');
    const h = st.s.app.keyGuard.handoverAt('cv-1', 'new')!;
    assert.equal(h.state, 'pending');
    assert.equal(h.chainState, null);
    assert.match(await keysList(), /🔑 set_keys pending · cv-1 \/ new: rotated by .* · waiting for the chain: verified only once session\.nextKeys/);
  });

  it('the two sessions count from when the chain shows the keys, not from Submitted', async () => {
    st.s.app.safety.submitted('cv-1', 'new', ops, 'console');
    const alert = await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => /Node and chain disagree on cv-1 \/ new/.test(text(m))), 8000);
    assert.equal(alert.embeds[0]!.color, 0xe74c3c, 'a mismatch stays critical');
    offset += 2 * SESSION + 1000;
    const h = st.s.app.keyGuard.handoverAt('cv-1', 'new');
    assert.equal(h?.state, 'submitted', 'two sessions after Submitted, but the chain never showed the keys: not done');
    assert.equal(st.s.app.keyGuard.doneAt(h!), undefined);

    // The extrinsic is in: Check keys asks the chain too.
    chain.storage.set(nextKeysOf, hex(Bytes(KEYS_LEN).enc(bytes(NEW_KEY))));
    await checkKeys(agent, 'cv-1', 'new', {}, NEW_KEY);
    const ok = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => /✅ Verified on chain: cv-1 \/ new's new keys are queued or next/.test(text(m))), 8000);
    assert.ok(ok);
    const confirmed = st.s.app.keyGuard.handoverAt('cv-1', 'new')!;
    assert.equal(confirmed.chainState, 'confirmed');
    assert.equal(st.s.app.keyGuard.doneAt(confirmed), confirmed.chainAt! + 2 * SESSION);
    assert.match(await keysList(), /📨 set_keys sent by ops \(console\).* · ✅ verified on chain/);

    offset += SESSION;
    assert.equal(st.s.app.keyGuard.handoverAt('cv-1', 'new')?.state, 'submitted', 'one session after the chain showed them: still in hand-over');
    offset += SESSION + 1000;
    assert.equal(st.s.app.keyGuard.handoverAt('cv-1', 'new'), undefined, 'two sessions after the chain showed them: done');
    const done = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => /Key hand-over done on cv-1 \/ new/.test(text(m))), 8000);
    assert.match(text(done), /since the chain showed the new keys queued/);
  });

  it('a stash mserver does not know is said, not guessed', async () => {
    const { verdict } = await rotate(lone, 'cv-2', 'nostash', LONE_KEY);
    assert.match(verdict.embeds[0]!.title!, /^⚠️ cv-2 \/ nostash holds the new session keys, but its stash is unknown: not verified on chain/);
    await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => /cv-2 \/ nostash: stash unknown, so the new keys cannot be verified on chain/.test(text(m))), 8000);
    assert.match(await keysList(), /cv-2 \/ nostash: rotated by .* · stash unknown, so not verified on chain/);
    assert.equal(st.s.app.keyGuard.handoverAt('cv-2', 'nostash')?.chainState, null);
  });
});
