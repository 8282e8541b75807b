// The real discord.js client logged in to the emulator, the real hub, real WebSocket agents: what a
// team member sees in Discord for each slash command and each outcome.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { slashCommands } from '../../commands/index.ts';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const EPHEMERAL = 64;

describe('Discord: /send and friends', () => {
  let st: DiscordStack;
  let fleet: Fleet;

  before(async () => {
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '1500' } });
    fleet = await startFleet({ url: st.s.url, clients: 3, token: TEST_TOKEN, summaryEveryMs: 0, seed: 11, idPrefix: 'node' });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 3, 'three agents');
    fleet.sendSummaries();
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  const slash = (name: string, options: ReturnType<typeof opt.string>[], who: { user: { id: string; username: string }; roles: readonly string[] } = MEMBERS.operator) =>
    st.emu.slash({ name, options, user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });

  /** The interaction's original response once `probe` accepts it. */
  const original = (id: string, probe: (m: EmuMessage) => boolean, timeoutMs = 8000) =>
    st.emu.waitFor(() => {
      const o = st.emu.interaction(id).original;
      return o && probe(o) ? o : undefined;
    }, timeoutMs);

  it('registered the guild commands once, from the code', () => {
    assert.deepEqual(st.emu.commands(IDS.guild).map((c) => c.name).sort(), slashCommands.map((c) => c.data.name).sort());
    assert.equal(st.emu.commandWrites(IDS.guild), 1);
  });

  it('defers, then edits the reply with the agent result', async () => {
    const ref = await slash('send', [opt.string('target', 'node-1'), opt.string('command', 'status')], MEMBERS.viewer);
    const msg = await original(ref.id, (m) => m.embeds[0]?.description?.includes('success') === true);
    assert.equal(st.emu.interaction(ref.id).callbacks[0]?.type, 5, 'deferred first');
    assert.equal(msg.embeds[0]?.title, 'status · node-1');
    assert.match(msg.embeds[0]!.description!, /polkadot-validator-1 · running/);
    assert.equal(msg.flags & EPHEMERAL, 0, 'results are for the channel');
    assert.deepEqual(msg.allowed_mentions, { parse: [] });
    const row = st.s.app.store.commands.history({ agentId: 'node-1', limit: 1 })[0];
    assert.equal(row?.state, 'success');
    assert.equal(row?.actorId, MEMBERS.viewer.user.id);
    assert.equal(row?.via, 'discord');
  });

  it('refuses bad parameters privately, naming the parameter, and sends nothing', async () => {
    const before = fleet.stats().commandsReceived;
    const ref = await slash('send', [opt.string('target', 'node-1'), opt.string('command', 'logs'), opt.string('container', 'polkadot-validator-1'), opt.string('params', 'lines=99999')]);
    const msg = await original(ref.id, () => true);
    assert.equal(msg.flags & EPHEMERAL, EPHEMERAL);
    assert.match(msg.content, /lines: expected an integer from 1 to 5000, got "99999"/);
    const ref2 = await slash('send', [opt.string('target', 'nowhere'), opt.string('command', 'status')]);
    const msg2 = await original(ref2.id, () => true);
    assert.equal(msg2.flags & EPHEMERAL, EPHEMERAL);
    assert.match(msg2.content, /No agent called "nowhere" has ever connected/);
    const ref3 = await slash('send', [opt.string('target', 'node-1'), opt.string('command', 'status'), opt.string('params', '{not json')]);
    assert.match((await original(ref3.id, () => true)).content, /parameters are not valid JSON/);
    assert.equal(fleet.stats().commandsReceived, before);
  });

  it('broadcasts to every agent: one line per agent and a tally', async () => {
    const ref = await slash('send', [opt.string('target', 'all'), opt.string('command', 'status')], MEMBERS.viewer);
    const msg = await original(ref.id, (m) => m.embeds[0]?.footer?.text.startsWith('Done') === true);
    assert.equal(msg.embeds[0]?.title, 'status · 3 agents');
    const lines = msg.embeds[0]!.description!.split('\n');
    assert.deepEqual(lines.map((l) => l.split(' · ')[0]).sort(), ['✅ node-1', '✅ node-2', '✅ node-3']);
    assert.equal(msg.embeds[0]?.footer?.text, 'Done: 3 success');
  });

  it('attaches output that does not fit, such as long logs', async () => {
    const ref = await slash('send', [opt.string('target', 'node-2'), opt.string('command', 'logs'), opt.string('container', 'polkadot-validator-1'), opt.string('params', 'lines=400')], MEMBERS.viewer);
    const msg = await original(ref.id, (m) => m.attachments.length > 0);
    const file = msg.attachments[0]!;
    assert.match(file.filename, /^logs-node-2-cmd_\d+_\d+\.txt$/);
    assert.equal(file.content.toString().split('\n').length, 400);
    assert.match(msg.embeds[0]!.description!, /The full output \(400 lines\) is attached/);
  });

  it('suggests agents and their containers while typing, from memory', async () => {
    const targets = await st.emu.autocomplete({ name: 'send', options: [opt.focused('target', 'node-'), opt.string('command', 'status')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles] });
    assert.deepEqual(targets.map((c) => c.value), ['node-1', 'node-2', 'node-3']);
    const all = await st.emu.autocomplete({ name: 'send', options: [opt.focused('target', 'a'), opt.string('command', 'status')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles] });
    assert.equal(all[0]?.value, 'all');
    const containers = await st.emu.autocomplete({
      name: 'send',
      options: [opt.string('target', 'node-1'), opt.string('command', 'logs'), opt.focused('container', 'pol')],
      user: MEMBERS.viewer.user,
      roles: [...MEMBERS.viewer.roles],
    });
    assert.deepEqual(containers.map((c) => c.value), ['polkadot-validator-1']);
  });

  it('lists the fleet with /nodes, privately', async () => {
    const ref = await slash('nodes', [], MEMBERS.viewer);
    const msg = await original(ref.id, () => true);
    assert.equal(msg.flags & EPHEMERAL, EPHEMERAL);
    assert.equal(msg.embeds[0]?.title, 'Agents: 3 known, 3 online');
    assert.match(msg.embeds[0]!.description!, /🟢 \*\*node-1\*\* \(node-host-1\) · online · kusama-validator-2, polkadot-validator-1 · (payouts claimed|\d+ unclaimed \(oldest \d+, \d+ eras left\))\n/);
  });

  it('shows /history with who asked and the outcome', async () => {
    // Its own command to show, so that this test stands alone.
    const run = await slash('send', [opt.string('target', 'node-1'), opt.string('command', 'status')], MEMBERS.viewer);
    await original(run.id, (m) => m.embeds[0]?.description?.includes('success') === true);
    const ref = await slash('history', [opt.string('target', 'node-1')], MEMBERS.viewer);
    const msg = await original(ref.id, () => true);
    assert.match(msg.embeds[0]!.description!, /node-1\*\* · `status` · success \(\d+ ms\) · Vera via discord/);
  });

  it('keeps agent output from pinging anyone', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'loud-1', containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected('loud-1'), 'loud-1');
    const ref = await slash('send', [opt.string('target', 'loud-1'), opt.string('command', 'status')], MEMBERS.viewer);
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'success', { result: `@everyone <@&${IDS.roles.admin}> look at this` });
    const msg = await original(ref.id, (m) => m.embeds[0]?.description?.includes('@everyone') === true);
    assert.equal(msg.mention_everyone, false);
    assert.deepEqual(msg.mention_roles, []);
    await a.close();
  });
});

describe('Discord: each failure state as the user sees it', () => {
  let st: DiscordStack;
  before(async () => {
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '600' } });
  });
  after(() => st.stop());

  async function ask(target: string) {
    const ref = await st.emu.slash({ name: 'send', options: [opt.string('target', target), opt.string('command', 'status')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    return ref;
  }
  const finalDescription = (id: string, word: string) =>
    st.emu.waitFor(() => {
      const d = st.emu.interaction(id).original?.embeds[0]?.description;
      return d?.includes(word) ? d : undefined;
    }, 8000);

  it('failed', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'f-1' } });
    await waitUntil(() => st.s.app.hub.isConnected('f-1'), 'f-1');
    const ref = await ask('f-1');
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'failed', { error: 'container polkadot is restarting' });
    assert.match(await finalDescription(ref.id, 'failed'), /❌ \*\*failed\*\* in \d+ ms\ncontainer polkadot is restarting/);
    await a.close();
  });

  it('progress, then timeout', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 't-1' } });
    await waitUntil(() => st.s.app.hub.isConnected('t-1'), 't-1');
    const ref = await ask('t-1');
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'running');
    assert.match(await finalDescription(ref.id, 'timed out'), /⌛ \*\*timed out\*\*.*\nno final answer within 1 s/);
    const msg = st.emu.interaction(ref.id).original!;
    assert.ok(msg.edits >= 2, 'the reply was edited as the state changed');
    await a.close();
  });

  it('not connected', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'n-1' } });
    await waitUntil(() => st.s.app.hub.isConnected('n-1'), 'n-1');
    await a.close();
    await waitUntil(() => !st.s.app.hub.isConnected('n-1'), 'n-1 gone');
    const ref = await ask('n-1');
    assert.match(await finalDescription(ref.id, 'not connected'), /🔌 \*\*not connected\*\*\nthe agent is not connected/);
  });

  it('disconnected', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'd-1' } });
    await waitUntil(() => st.s.app.hub.isConnected('d-1'), 'd-1');
    const ref = await ask('d-1');
    await a.nextCommand();
    a.terminate();
    assert.match(await finalDescription(ref.id, 'disconnected'), /📴 \*\*disconnected\*\*/);
  });

  it('a result that outlives the interaction token is posted to the channel', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'late-1' } });
    await waitUntil(() => st.s.app.hub.isConnected('late-1'), 'late-1');
    const ref = await ask('late-1');
    const cmd = await a.nextCommand();
    await st.emu.waitFor(() => st.emu.interaction(ref.id).original);
    st.emu.expireInteractionTokens();
    a.respond(cmd.id, 'success', { result: { containers: [{ name: 'polkadot', state: 'running' }] } });
    const posted = await st.emu.waitFor(() =>
      st.emu.messages(IDS.channels.ops).find((m) => m.content.includes('outlived') && !m.interactionId && m.embeds[0]?.description?.includes('success')),
    );
    assert.match(posted.content, /Request #\d+ from vera outlived Discord's 15-minute reply window/);
    assert.match(posted.embeds[0]!.description!, /success/);
    await a.close();
  });

  it('survives a 429 from Discord: the reply still arrives', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'rl-1' } });
    await waitUntil(() => st.s.app.hub.isConnected('rl-1'), 'rl-1');
    st.emu.rateLimitNext(2, { retryAfterMs: 300, match: /webhooks/ });
    const ref = await ask('rl-1');
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'success', { result: 'all good' });
    await finalDescription(ref.id, 'all good');
    assert.ok(st.emu.requests.some((r) => r.status === 429 && r.path.includes('/webhooks/')), 'a 429 was answered');
    await a.close();
  });
});

describe('Discord: 50 agents', () => {
  it('a broadcast shows every agent and the tally', async () => {
    const st = await startDiscordStack();
    const fleet = await startFleet({ url: st.s.url, clients: 50, token: TEST_TOKEN, summaryEveryMs: 0, seed: 2, idPrefix: 'v', failCommands: [] });
    try {
      await waitUntil(() => st.s.app.hub.connectedIds().length === 50, '50 agents', 15_000);
      const ref = await st.emu.slash({ name: 'send', options: [opt.string('target', 'all'), opt.string('command', 'status')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
      const msg = await st.emu.waitFor(() => {
        const o = st.emu.interaction(ref.id).original;
        return o?.embeds[0]?.footer?.text.startsWith('Done') ? o : undefined;
      }, 15_000);
      assert.equal(msg.embeds[0]?.title, 'status · 50 agents');
      assert.equal(msg.embeds[0]?.footer?.text, 'Done: 50 success');
      const lines = msg.embeds[0]!.description!.split('\n').filter((l) => l.startsWith('✅ v-'));
      assert.equal(lines.length, 50);
    } finally {
      await fleet.stop();
      await st.stop();
    }
  });
});

describe('Discord: /nodes for a large fleet', () => {
  it('pages the list and attaches the whole fleet', async () => {
    const st = await startDiscordStack();
    const fleet = await startFleet({ url: st.s.url, clients: 130, token: TEST_TOKEN, summaryEveryMs: 0, seed: 21, idPrefix: 'big' });
    try {
      await waitUntil(() => st.s.app.hub.connectedIds().length === 130, '130 agents', 20_000);
      const ask = (page?: number) =>
        st.emu.slash({ name: 'nodes', options: page ? [opt.integer('page', page)] : [], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
      const first = await ask();
      const msg = await st.emu.waitFor(() => st.emu.interaction(first.id).original);
      assert.equal(msg.embeds[0]?.title, 'Agents: 130 known, 130 online');
      assert.equal(msg.embeds[0]?.footer?.text, 'all · page 1 of 7 · the full list is attached');
      assert.equal(msg.embeds[0]!.description!.split('\n').length, 20);
      const file = msg.attachments[0]!;
      assert.equal(file.filename, 'nodes.txt');
      assert.equal(file.content.toString().split('\n').length, 130);
      const last = await ask(7);
      const lastMsg = await st.emu.waitFor(() => st.emu.interaction(last.id).original);
      assert.equal(lastMsg.embeds[0]!.description!.split('\n').length, 10);
      assert.match(lastMsg.embeds[0]!.description!, /big-130/);
    } finally {
      await fleet.stop();
      await st.stop();
    }
  });
});

describe('Discord: going away mid-run', () => {
  it('keeps serving agents and delivers the result once Discord is back', async () => {
    const st = await startDiscordStack();
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'away-1' } });
    try {
      await waitUntil(() => st.s.app.hub.isConnected('away-1'), 'away-1');
      const ref = await st.emu.slash({ name: 'send', options: [opt.string('target', 'away-1'), opt.string('command', 'status')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
      const cmd = await a.nextCommand();
      await st.emu.waitFor(() => st.emu.interaction(ref.id).original);
      st.emu.setUnreachable(true);
      a.respond(cmd.id, 'success', { result: 'fine while Discord was away' });
      // The hub and the core keep working: a console-style request completes meanwhile.
      const out = await st.s.app.dispatcher.dispatch({ command: 'status', target: 'away-1', params: {}, actor: { id: 'console:t', name: 't' }, via: 'console' });
      const cmd2 = await a.nextCommand();
      a.respond(cmd2.id, 'success', { result: 'ok' });
      if (out.kind === 'running') assert.equal((await out.run.done)[0]?.state, 'success');
      await waitUntil(() => st.s.logs.some((l) => l.msg === 'could not show the result of a request in Discord: retrying'), 'a retry', 8000);
      st.emu.setUnreachable(false);
      const msg = await st.emu.waitFor(() => {
        const o = st.emu.interaction(ref.id).original;
        return o?.embeds[0]?.description?.includes('fine while Discord was away') ? o : undefined;
      }, 15_000);
      assert.match(msg.embeds[0]!.description!, /success/);
    } finally {
      await a.close();
      await st.stop();
    }
  });
});
