// The key hand-over tracker (issue 19): a verified rotation puts the container in hand-over ("set_keys
// pending" in /keys and /nodes with who rotated and when); a stop of the old node on the same stash is
// escalated to a critical approval with a warning; the Submitted button on the rotation alert records
// session.setKeys; two sessions later the hand-over is done and a stop is ordinary again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';
import { warningText } from '../../src/transports/format/warning-text.ts';

const STASH = '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5';
const OLD_KEY = `0x${'0d'.repeat(193)}`;
const NEW_KEY = `0x${'9e'.repeat(193)}`;
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => `${f.name}: ${f.value}`).join('\n')}`)].join('\n');

describe('key guard: the key hand-over', () => {
  let st: DiscordStack;
  let fresh: TestAgent;
  let old: TestAgent;
  let offset = 0;
  const ops = { id: 'console:ops', name: 'ops (console)' };
  const original = (id: string) => st.emu.waitFor(() => st.emu.interaction(id).original, 8000);

  async function checkKeys(agent: TestAgent, target: string, container: string, sessionKeys: string | null): Promise<void> {
    const out = await st.s.app.dispatcher.dispatch({ command: 'check_keys', target, params: { container, stash: STASH }, actor: ops, via: 'console' });
    const cmd = await agent.nextCommand();
    agent.respond(cmd.id, 'success', { result: { has_session_keys: sessionKeys !== null, session_keys: sessionKeys } });
    assert.equal(out.kind, 'running');
    if (out.kind === 'running') await out.run.done;
  }

  before(async () => {
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '3000', SESSION_LENGTH_MIN: '1' }, app: { clock: { now: () => Date.now() + offset } }, http: true });
    fresh = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'ho-new', containers: ['new-node'] } });
    old = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'ho-old', containers: ['old-node'] } });
    await waitUntil(() => st.s.app.hub.isConnected('ho-new') && st.s.app.hub.isConnected('ho-old'), 'agents connected');
    // Both nodes validate for one stash: check_keys with the stash tells mserver so.
    await checkKeys(old, 'ho-old', 'old-node', OLD_KEY);
    await checkKeys(fresh, 'ho-new', 'new-node', null);
  });
  after(async () => {
    await fresh.close();
    await old.close();
    await st.stop();
  });

  /** Rotates the keys of new-node from the console; the node has not yet confirmed it holds them. */
  async function rotate(): Promise<void> {
    const asked = await st.s.app.dispatcher.dispatch({ command: 'rotate_keys', target: 'ho-new', params: { container: 'new-node' }, actor: ops, via: 'console' });
    assert.equal(asked.kind, 'needs_confirmation');
    const run = st.s.app.dispatcher.confirm(asked.request.id, ops, 'console');
    const rotated = await fresh.nextCommand();
    assert.equal(rotated.command, 'rotate_keys');
    fresh.send({ type: 'key_update', data: { container: 'new-node', session_key: NEW_KEY, action: 'rotate_keys' } });
    fresh.respond(rotated.id, 'success', { result: { session_key: NEW_KEY } });
    await run.done;
  }

  /** The hand-over the later tests act on, begun here when no earlier test began it (each test stands alone). */
  async function handover(): Promise<void> {
    if (st.s.app.keyGuard.handoverAt('ho-new', 'new-node') !== undefined) return;
    await rotate();
    const check = await fresh.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    fresh.respond(check.id, 'success', { result: { has_session_keys: true } });
    await waitUntil(() => st.s.app.keyGuard.handoverAt('ho-new', 'new-node'), 'hand-over begins');
  }

  it('a verified rotation is "set_keys pending" in /keys and /nodes, with who rotated and when', async () => {
    await rotate();
    assert.equal(st.s.app.keyGuard.handoverAt('ho-new', 'new-node'), undefined, 'not in hand-over before the node confirms the keys');
    const check = await fresh.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    fresh.respond(check.id, 'success', { result: { has_session_keys: true } });
    const h = await waitUntil(() => st.s.app.keyGuard.handoverAt('ho-new', 'new-node'), 'hand-over begins');
    assert.equal(h.state, 'pending');
    assert.equal(h.stash, STASH);
    assert.match(h.rotatedBy, /^ops \(console\) via console \(request #\d+\)$/);

    const keys = await st.emu.slash({ name: 'keys', options: [opt.subcommand('list')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    assert.match(text(await original(keys.id)), /🔑 set_keys pending · ho-new \/ new-node: rotated by ops \(console\) via console \(request #\d+\) at <t:\d+:f> · the node's word \(has_session_keys\); no CHAIN_RPC_URL/);
    const nodes = await st.emu.slash({ name: 'nodes', options: [], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    const listed = text(await original(nodes.id));
    assert.match(listed, /\*\*ho-new\*\* \(ho-new-host\) · online · new-node · 🔑 new-node: set_keys pending \(rotated by ops \(console\) via console (just now|\d+ ?s ago)\)/);
    // What the verification rests on, in a word (issue 19): here the node's, with no CHAIN_RPC_URL.
    assert.match(listed, /set_keys pending \(rotated by ops \(console\) via console (just now|\d+ ?s ago)\) · node's word, not the chain/);
    assert.doesNotMatch(listed, /ho-old\*\* \(ho-old-host\) · online · old-node · 🔑/);
  });

  it('a stop of the old node during the hand-over needs a critical approval that carries the warning', async () => {
    await handover();
    const ref = await st.emu.slash({ name: 'send', options: [opt.string('target', 'ho-old'), opt.string('command', 'stop'), opt.string('container', 'old-node')], user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles], channelId: IDS.channels.ops });
    const modal = await st.emu.waitFor(() => st.emu.interaction(ref.id).modal, 8000);
    const requestId = Number(String(modal.custom_id).split(':').pop());
    await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'moving to the new host' }, user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
    const post = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.embeds[0]?.fields?.some((f) => f.value === `#${requestId}`)), 8000);
    assert.match(text(post), /Warning from mserver: ⚠️ Key hand-over in progress on ho-new \/ new-node \(rotated by ops \(console\).*session.setKeys not yet reported as sent\)\. ho-old \/ old-node is a node on the same stash 15oF4u.*the old node must keep running until the new keys are active/);
    const r = st.s.app.dispatcher.getRequest(requestId)!;
    assert.equal(r.state, 'awaiting_approval');
    assert.ok(r.approvalsNeeded >= 1);
    // The console has no second person: the typed confirmation shows the same warning.
    const atConsole = await st.s.app.dispatcher.dispatch({ command: 'stop', target: 'ho-old', params: { container: 'old-node' }, actor: ops, via: 'console' });
    assert.equal(atConsole.kind, 'needs_confirmation');
    assert.match(warningText(atConsole.request.warning, 'en'), /Key hand-over in progress on ho-new \/ new-node/);
    st.s.app.dispatcher.cancel(atConsole.request.id, ops, 'console');
    // The new node itself is not warned about.
    const own = await st.s.app.dispatcher.dispatch({ command: 'stop', target: 'ho-new', params: { container: 'new-node' }, actor: ops, via: 'console' });
    assert.equal(own.request.warning, null);
    st.s.app.dispatcher.cancel(own.request.id, ops, 'console');
  });

  it('the Submitted button records session.setKeys; two sessions later the hand-over is done', async () => {
    await handover();
    const alert = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => text(m).includes(NEW_KEY) && !m.message_reference), 8000);
    await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => m.message_reference?.message_id === alert.id), 8000);
    const labels = alert.components.flatMap((row) => row.components ?? []).map((c) => c.label);
    assert.deepEqual(labels, ['Check keys', 'Submitted']);
    // Check keys: check_keys on the rotated container, as the clicker.
    const checkKeys = alert.components.flatMap((row) => row.components ?? []).find((c) => c.label === 'Check keys')!;
    await st.emu.click({ message: alert, customId: String(checkKeys.custom_id), user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles] });
    const check = await fresh.nextCommand();
    assert.deepEqual([check.command, check.params], ['check_keys', { container: 'new-node' }]);
    fresh.respond(check.id, 'success', { result: { has_session_keys: true, session_keys: NEW_KEY } });
    const submitted = alert.components.flatMap((row) => row.components ?? []).find((c) => c.label === 'Submitted')!;
    const byViewer = await st.emu.click({ message: alert, customId: String(submitted.custom_id), user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles] });
    assert.match((await original(byViewer.id)).content, /You may not use the Submitted button/);
    assert.equal(st.s.app.keyGuard.handoverAt('ho-new', 'new-node')?.state, 'pending');
    const click = await st.emu.click({ message: alert, customId: String(submitted.custom_id), user: MEMBERS.operator.user, roles: [...MEMBERS.operator.roles] });
    assert.match((await original(click.id)).content, /Olga recorded `session.setKeys` sent for ho-new \/ new-node/);
    const h = st.s.app.keyGuard.handoverAt('ho-new', 'new-node')!;
    assert.equal(h.state, 'submitted');
    assert.equal(h.submittedBy, 'Olga');

    // Still in hand-over one session later: the stop is still escalated.
    offset += 61_000;
    const mid = await st.s.app.dispatcher.dispatch({ command: 'stop', target: 'ho-old', params: { container: 'old-node' }, actor: ops, via: 'console' });
    assert.match(warningText(mid.request.warning, 'en'), /session.setKeys sent \(reported by Olga/);
    st.s.app.dispatcher.cancel(mid.request.id, ops, 'console');

    offset += 60_000;
    const later = await st.s.app.dispatcher.dispatch({ command: 'stop', target: 'ho-old', params: { container: 'old-node' }, actor: ops, via: 'console' });
    assert.equal(later.request.warning, null, 'the hand-over is done: the old node may stop');
    st.s.app.dispatcher.cancel(later.request.id, ops, 'console');
    const done = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => /Key hand-over done on ho-new \/ new-node/.test(text(m))), 8000);
    assert.match(text(done), /the old node may stop/);
    assert.equal(st.s.app.keyGuard.handoverAt('ho-new', 'new-node'), undefined);
    const row = st.s.app.store.db.prepare('SELECT state, submitted_by FROM key_handovers WHERE agent_id = ?').get('ho-new') as { state: string; submitted_by: string };
    assert.deepEqual({ ...row }, { state: 'done', submitted_by: 'Olga' });
  });

  it('the HTTP API (and the dashboard\'s Keys page) lists the hand-over with what its verification rests on, in the reader\'s language', async () => {
    await handover();
    const token = st.s.app.apiTokens.add({ name: 'ho-viewer', level: 'viewer', approver: false, ownerId: 'console:ho', ownerName: 'ho', createdBy: 't', expiresInMs: null }).token;
    const read = async (language?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (language) headers['accept-language'] = language;
      const res = await fetch(`${st.s.httpUrl}/api/v1/keys/handovers`, { headers });
      assert.equal(res.status, 200);
      return ((await res.json()) as { items: Array<Record<string, unknown>> }).items.find((h) => h.agentId === 'ho-new' && h.container === 'new-node')!;
    };
    const en = await read();
    assert.equal(en.sessionKey, NEW_KEY);
    assert.equal(en.stash, STASH);
    assert.ok(en.state === 'pending' || en.state === 'submitted');
    assert.equal(en.basis, 'node');
    assert.match(String(en.basisText), /^the node's word \(has_session_keys\); no CHAIN_RPC_URL/);
    assert.match(String((await read('ko')).basisText), /^노드의 응답\(has_session_keys\) 기준/);
  });
});
