// Key rotations in the keys channel: the alert (agent, container, who asked, the new public keys in full,
// the set_keys reminder), then mserver's own has_session_keys check posted as a reply: true, false, or
// could not tell. /keys lists what is stored, unsolicited keys flagged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { drained } from '../support/outbox-drain.ts';
import { waitUntil } from '../support/wait.ts';

const KEYS = IDS.channels.keys;
const EPHEMERAL = 64;
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');

describe('notifications: key rotations', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  const ops = { id: 'ops-olga', name: 'Olga at the console' };

  before(async () => {
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '1500' } });
    fleet = await startFleet({ url: st.s.url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 21, idPrefix: 'key', responseDelayMs: 5 });
    await waitUntil(() => st.s.app.hub.isConnected('key-1'), 'key-1 connected');
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  /** The keys-channel message whose text matches, and the reply that answers it. */
  async function alertAndReply(match: RegExp): Promise<{ alert: EmuMessage; reply: EmuMessage }> {
    const alert = await st.emu.waitFor(() => st.emu.messages(KEYS).find((m) => match.test(text(m)) && !m.message_reference), 8000);
    const reply = await st.emu.waitFor(() => st.emu.messages(KEYS).find((m) => m.message_reference?.message_id === alert.id), 8000);
    return { alert, reply };
  }

  it('posts the new keys in full with who asked and the set_keys reminder, then verifies them: true', async () => {
    const agent = fleet.agent('key-1')!;
    const container = agent.containers[0]!;
    const before = agent.sessionKeys.get(container);
    const asked = await st.s.app.dispatcher.dispatch({ command: 'rotate_keys', target: 'key-1', params: { container }, actor: ops, via: 'console' });
    assert.equal(asked.kind, 'needs_confirmation');
    const run = st.s.app.dispatcher.confirm(asked.request.id, ops, 'console');
    await run.done;
    const key = agent.sessionKeys.get(container)!;
    assert.notEqual(key, before);

    const { alert, reply } = await alertAndReply(new RegExp(key.slice(0, 40)));
    const body = text(alert);
    assert.ok(body.includes(key), 'the keys in full');
    assert.match(body, /```\n0x[0-9a-f]{384}\n```/, 'in a code block, to copy');
    assert.match(body, new RegExp(`Agent\\*\\* \`key-1\` · \\*\\*container\\*\\* \`${container}\``));
    assert.match(body, new RegExp(`Asked by\\*\\* Olga at the console via console \\(request #${asked.request.id}\\)`));
    assert.match(body, /set_keys pending on chain/);
    assert.match(body, /keep the old node running/);
    assert.match(alert.content, /set_keys pending on chain/, 'the reminder is in the push text too');
    assert.deepEqual(alert.allowed_mentions, { parse: [] });
    // No CHAIN_RPC_URL here: the verdict is the node's word, and says so.
    assert.match(reply.embeds[0]!.title!, new RegExp(`^✅ Verified by the node: key-1 / ${container} holds the new session keys`));
    assert.match(text(reply), /the node's word \(no CHAIN_RPC_URL is set/);

    // The check went through the dispatcher like any request: recorded, by mserver, via system.
    const check = st.s.app.store.commands.history({ agentId: 'key-1', command: 'has_session_keys', limit: 1 })[0];
    assert.equal(check?.state, 'success');
    assert.equal(check?.via, 'system');
    assert.equal(check?.actorName, 'mserver (automatic check)');
  });

  it('flags keys nobody asked for, and says so when the node does not hold them: false', async () => {
    const agent = fleet.agent('key-1')!;
    const container = agent.containers[1]!;
    const foreign = `0x${'ab'.repeat(192)}`;
    agent.send({ type: 'key_update', data: { container, session_key: foreign, action: 'rotate_keys' } });
    const { alert, reply } = await alertAndReply(new RegExp(foreign.slice(0, 40)));
    assert.match(text(alert), /Unsolicited\*\*: no rotate_keys asked for these keys/);
    assert.match(reply.embeds[0]!.title!, /^❌ key-1 \/ .* does NOT hold the keys it reported/);
    assert.match(reply.content, /Do not submit set_keys/);
  });

  it('posts each key update once, and an unanswered check as "could not verify", not as an unattended failure', async () => {
    const agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'key-script', containers: ['polkadot-validator-1'] } });
    try {
      await waitUntil(() => st.s.app.hub.isConnected('key-script'), 'key-script connected');
      const key = `0x${'cd'.repeat(192)}`;
      agent.send({ type: 'key_update', data: { container: 'polkadot-validator-1', session_key: key } });
      const check = await agent.nextCommand();
      assert.equal(check.command, 'has_session_keys');
      assert.deepEqual(check.params, { container: 'polkadot-validator-1', session_keys: key });
      agent.respond(check.id, 'failed', { error: 'keystore locked' });
      const { reply } = await alertAndReply(new RegExp(key.slice(0, 40)));
      assert.match(text(reply), /Could not verify the keys on key-script[\s\S]*has_session_keys failed: keystore locked/);
      // Anything stored for this check (a second alert, an unattended-failure notice) was stored when it
      // finished: markers stored now in both channels come after it.
      await drained(st, 'keys', KEYS);
      await drained(st, 'alerts', IDS.channels.alerts);
      assert.equal(st.emu.messages(KEYS).filter((m) => text(m).includes(key)).length, 1, 'one alert for one key_update');
      assert.equal(st.emu.messages(IDS.channels.alerts).filter((m) => text(m).includes('has_session_keys')).length, 0);
    } finally {
      await agent.close();
    }
  });

  it('/keys lists the stored keys with history, in full, unsolicited ones flagged, privately', async () => {
    // Its own agent and keys, so that this test stands alone: one rotation asked for, one not.
    const agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'key-list', containers: ['polkadot'] } });
    const asked = `0x${'5a'.repeat(192)}`;
    const unasked = `0x${'a5'.repeat(192)}`;
    try {
      await waitUntil(() => st.s.app.hub.isConnected('key-list'), 'key-list connected');
      agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: unasked } });
      await agent.next((f) => f.type === 'key_update_ack');
      const request = await st.s.app.dispatcher.dispatch({ command: 'rotate_keys', target: 'key-list', params: { container: 'polkadot' }, actor: ops, via: 'console' });
      const run = st.s.app.dispatcher.confirm(request.request.id, ops, 'console');
      const rotate = await agent.next((f) => f.type === 'command' && (f.data as { command?: string }).command === 'rotate_keys');
      agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: asked, action: 'rotate_keys' } });
      assert.equal((await agent.next((f) => f.type === 'key_update_ack')).status, 'success');
      agent.respond((rotate.data as { id: string }).id, 'success', { result: { session_key: asked } });
      await run.done;
    } finally {
      await agent.close();
    }
    const ref = await st.emu.slash({ name: 'keys', options: [opt.subcommand('list', [opt.string('target', 'key-list')])], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    const msg = await st.emu.waitFor(() => st.emu.interaction(ref.id).original, 5000);
    assert.equal(msg.flags & EPHEMERAL, EPHEMERAL);
    const body = text(msg);
    assert.match(msg.embeds[0]!.title!, /^Session keys of key-list: 2 records$/);
    assert.ok(body.includes(asked));
    assert.ok(body.includes(unasked));
    assert.match(body, /unsolicited\*\*: no rotate_keys asked for it/);
    assert.match(body, /asked by Olga at the console via console \(request #\d+\)/);
    const denied = await st.emu.slash({ name: 'keys', options: [opt.subcommand('list')], user: MEMBERS.nobody.user, roles: [], channelId: IDS.channels.ops });
    assert.match((await st.emu.waitFor(() => st.emu.interaction(denied.id).original, 5000)).content, /You may not use \/keys/);
  });
});
