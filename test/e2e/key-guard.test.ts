// The duplicate-key guard (issue 19): two agents reporting one session key give one critical alert in
// the keys and alerts channels naming both, with check_keys buttons for each; start and restart of
// either container are refused until an admin's override is approved by a second person who sees the
// duplicate spelled out; /keys duplicates and the console list it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent, type CommandData } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const C = 'polkadot-validator';
const KEY = `0x${'5e'.repeat(193)}`;
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => `${f.name}: ${f.value}`).join('\n')}\n${e.footer?.text ?? ''}`)].join('\n');
type Member = (typeof MEMBERS)[keyof typeof MEMBERS];

describe('key guard: duplicate session keys', () => {
  let st: DiscordStack;
  let a: TestAgent;
  let b: TestAgent;
  const console_ = { id: 'console:ops', name: 'ops (console)' };

  const slash = (name: string, options: ReturnType<typeof opt.string>[], who: Member) =>
    st.emu.slash({ name, options, user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
  const original = (id: string) => st.emu.waitFor(() => st.emu.interaction(id).original, 8000);

  /** Reports KEY from an agent and answers mserver's automatic has_session_keys check with true. */
  async function report(agent: TestAgent): Promise<void> {
    agent.send({ type: 'key_update', data: { container: C, session_key: KEY, action: 'rotate_keys' } });
    const check = await agent.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    agent.respond(check.id, 'success', { result: { has_session_keys: true } });
  }

  /**
   * The standing duplicate the later tests act on, reported here when no earlier test did (so each test
   * stands alone); resolves with its alert in the keys channel.
   */
  async function duplicate(): Promise<EmuMessage> {
    if (st.s.app.keyGuard.duplicates().length === 0) {
      await report(a);
      await report(b);
    }
    return st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => /Duplicate session key/.test(text(m))), 8000);
  }

  const commandsOf = (agent: TestAgent, name: string) => agent.received.filter((f) => f.type === 'command' && (f.data as CommandData).command === name);

  before(async () => {
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '3000' } });
    a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dup-a', containers: [C] } });
    b = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dup-b', containers: [C] } });
    await waitUntil(() => st.s.app.hub.isConnected('dup-a') && st.s.app.hub.isConnected('dup-b'), 'both agents connected');
  });
  after(async () => {
    await a.close();
    await b.close();
    await st.stop();
  });

  it('two agents reporting one key give one critical alert in the keys and alerts channels, naming both', async () => {
    await report(a);
    await report(b);
    // A later event in the keys channel: the verdict on b's check, posted after the alert. No rotate_keys
    // was asked for these keys, so the verdict is "not verified" (unsolicited keys never are).
    await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).filter((m) => /Not verified: dup-b/.test(text(m))).length === 1 || undefined, 8000);
    const inKeys = st.emu.messages(IDS.channels.keys).filter((m) => /Duplicate session key/.test(text(m)));
    assert.equal(inKeys.length, 1, 'one alert in the keys channel');
    const alert = inKeys[0]!;
    const body = text(alert);
    assert.equal(alert.embeds[0]!.color, 0xe74c3c, 'critical');
    assert.match(body, /dup-a \/ polkadot-validator and dup-b \/ polkadot-validator/);
    assert.ok(body.includes(KEY), 'the key in full');
    assert.match(body, /\*\*dup-a\*\* \/ `polkadot-validator`: `session_keys`, seen .* from `key_update`/);
    assert.match(body, /\*\*dup-b\*\* \/ `polkadot-validator`: `session_keys`, seen .* from `key_update`/);
    const labels = alert.components.flatMap((r) => r.components ?? []).map((c) => c.label);
    assert.deepEqual(labels, ['Check keys: dup-a/polkadot-validator', 'Check keys: dup-b/polkadot-validator']);
    // The alerts channel: stored once (the outbox is what gets posted), and posted.
    await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => /Duplicate session key/.test(text(m))), 8000);
    st.s.app.store.queue.flush();
    const stored = st.s.app.store.db.prepare("SELECT channel_kind FROM outbox WHERE payload LIKE '%Duplicate session key%'").all() as Array<{ channel_kind: string }>;
    assert.deepEqual(stored.map((r) => r.channel_kind).sort(), ['alerts', 'keys']);
    // Two posts, one notice (the API's and the dashboard's record of it).
    const notices = st.s.app.store.db.prepare("SELECT level, channel FROM notices WHERE kind = 'duplicate_key'").all();
    assert.deepEqual(notices, [{ level: 'critical', channel: 'keys' }]);
    assert.equal(st.s.app.keyGuard.duplicates().length, 1);
  });

  it('refuses start and restart of either container, with the reason, and sends nothing', async () => {
    await duplicate();
    const ref = await slash('send', [opt.string('target', 'dup-a'), opt.string('command', 'start'), opt.string('container', C)], MEMBERS.operator);
    const refusal = await original(ref.id);
    assert.match(refusal.content, /start refused: duplicate session keys: the session_keys public key 0x5e5e.* is held by dup-a \/ polkadot-validator .* and dup-b \/ polkadot-validator/);
    await assert.rejects(
      st.s.app.dispatcher.dispatch({ command: 'restart', target: 'dup-b', params: { container: C }, actor: console_, via: 'console' }),
      /restart refused: duplicate session keys/,
    );
    // Another container on the same agent is not affected: the guard names containers, not hosts.
    const other = await st.s.app.dispatcher.dispatch({ command: 'start', target: 'dup-a', params: { container: 'other-node' }, actor: console_, via: 'console' });
    assert.equal(other.kind, 'needs_confirmation');
    st.s.app.dispatcher.cancel(other.request.id, console_, 'console');
    // A later command reaches the agent, so an earlier start would have arrived first.
    const status = await st.s.app.dispatcher.dispatch({ command: 'status', target: 'dup-a', params: {}, actor: console_, via: 'console' });
    const got = await a.nextCommand();
    assert.equal(got.command, 'status');
    a.respond(got.id, 'success', { result: {} });
    if (status.kind === 'running') await status.run.done;
    assert.equal(commandsOf(a, 'start').length + commandsOf(b, 'restart').length, 0);
  });

  it('the alert buttons run check_keys as the clicker, through the guardrails', async () => {
    const alert = await duplicate();
    const button = alert.components.flatMap((r) => r.components ?? []).find((c) => String(c.label).includes('dup-b'))!;
    const nobody = await st.emu.click({ message: alert, customId: String(button.custom_id), user: MEMBERS.nobody.user, roles: [] });
    assert.match((await original(nobody.id)).content, /You may not run check_keys/);
    await st.emu.click({ message: alert, customId: String(button.custom_id), user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles] });
    const check = await b.nextCommand();
    assert.deepEqual([check.command, check.params], ['check_keys', { container: C }]);
    b.respond(check.id, 'success', { result: { has_session_keys: true, session_keys: KEY } });
    const row = await waitUntil(() => st.s.app.store.commands.history({ agentId: 'dup-b', command: 'check_keys', limit: 1 })[0], 'check_keys stored');
    assert.equal(row.actorName, MEMBERS.viewer.user.global_name);
    assert.equal(row.via, 'discord');
  });

  it('/keys duplicates and the console list the standing duplicate', async () => {
    await duplicate();
    const ref = await slash('keys', [opt.subcommand('duplicates')], MEMBERS.viewer);
    const msg = await original(ref.id);
    assert.match(text(msg), /1 duplicate session key/);
    assert.match(text(msg), /dup-a \/ polkadot-validator .* and dup-b \/ polkadot-validator/);
  });

  it('an override needs an admin and a reason, then a critical approval that spells out the duplicate', async () => {
    await duplicate();
    const byOperator = await slash('keys', [opt.subcommand('override', [opt.string('target', 'dup-a'), opt.string('container', C), opt.string('command', 'start'), opt.string('reason', 'b is wiped')])], MEMBERS.operator);
    assert.match((await original(byOperator.id)).content, /Only an admin may ask for an override/);
    await assert.rejects(
      st.s.app.dispatcher.dispatch({ command: 'start', target: 'dup-a', params: { container: C }, actor: console_, via: 'console' }, { override: true }),
      /needs a reason/,
    );

    const ref = await slash('keys', [opt.subcommand('override', [opt.string('target', 'dup-a'), opt.string('container', C), opt.string('command', 'start'), opt.string('reason', 'dup-b was wiped and re-keyed an hour ago')])], MEMBERS.admin);
    assert.match((await original(ref.id)).content, /waits for approval/);
    const post = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => /start on dup-a: approve\?/.test(text(m))), 8000);
    const shown = text(post);
    assert.match(shown, /Reason: dup-b was wiped and re-keyed an hour ago/);
    // The warning is Markdown-escaped (it names agents and containers): session\_keys reads session_keys.
    assert.match(shown, /Warning from mserver: ⚠️ OVERRIDE of the duplicate-key guard: the session\\_keys public key 0x5e5e.* held by dup-a \/ polkadot-validator .* and dup-b \/ polkadot-validator/);
    assert.equal(commandsOf(a, 'start').length, 0, 'nothing runs before the approval');
    const approve = post.components.flatMap((r) => r.components ?? []).find((c) => String(c.custom_id).startsWith('approval:approve:'))!;
    await st.emu.click({ message: post, customId: String(approve.custom_id), user: MEMBERS.approver.user, roles: [...MEMBERS.approver.roles] });
    const start = await a.nextCommand();
    assert.deepEqual([start.command, start.params], ['start', { container: C }]);
    a.respond(start.id, 'success', { result: { state: 'running' } });
  });
});
