// Agent identity in Discord (issue 13): a pending agent posted to the alerts channel with Accept / Reject
// buttons (admins only, who decided is audited), impersonation and new-address alerts, /agents (admin,
// ephemeral, audited), and a key check that names who answered and never verifies unsolicited keys.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { AgentRefusedError, TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const ALERTS = IDS.channels.alerts;
const EPHEMERAL = 64;
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');

describe('agent identity in Discord', () => {
  let st: DiscordStack;
  before(async () => {
    st = await startDiscordStack({ env: { MCLIENT_ENROLL: 'approve' } });
  });
  after(() => st.stop());

  const alert = (match: RegExp) => st.emu.waitFor(() => st.emu.messages(ALERTS).find((m) => match.test(text(m))), 8000);
  const slash = async (sub: string, who: (typeof MEMBERS)[keyof typeof MEMBERS], id?: string) => {
    const ref = await st.emu.slash({ name: 'agents', options: [opt.subcommand(sub, id ? [opt.string('id', id)] : [])], user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
    return st.emu.waitFor(() => st.emu.interaction(ref.id).original, 5000);
  };

  /**
   * dsc-own (added from Discord, connected once with its own token, now offline) and dsc-thief (added),
   * made here when no earlier test made them, so each test stands alone.
   */
  async function ownIdentities(): Promise<void> {
    if (st.s.app.agents.get('dsc-own') !== undefined) return;
    const token = /token for dsc-own: `([^`]+)`/.exec((await slash('add', MEMBERS.admin, 'dsc-own')).content)![1]!;
    await slash('add', MEMBERS.admin, 'dsc-thief');
    const real = await TestAgent.connect(st.s.url, { token, register: { client_id: 'dsc-own' } });
    await waitUntil(() => st.s.app.hub.isConnected('dsc-own'), 'dsc-own');
    await real.close();
    await waitUntil(() => !st.s.app.hub.isConnected('dsc-own'), 'dsc-own gone');
  }

  it('posts a pending agent with Accept / Reject; a non-admin is refused; an admin accepts it and it is connected', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dsc-1', host_name: 'box-a' } });
    const msg = await alert(/New agent waiting: dsc-1/);
    assert.match(text(msg), /\*\*from\*\* `127\.0\.0\.1`/);
    assert.deepEqual(msg.components.flatMap((r) => (r.components ?? []).map((c) => c.custom_id)), ['agent:accept:dsc-1', 'agent:reject:dsc-1']);
    assert.equal(st.s.app.hub.isConnected('dsc-1'), false);

    const denied = await st.emu.click({ message: msg, customId: 'agent:accept:dsc-1', user: MEMBERS.operator.user, roles: [...MEMBERS.operator.roles] });
    const no = await st.emu.waitFor(() => st.emu.interaction(denied.id).original, 5000);
    assert.match(no.content, /You may not use the Accept button of a new agent: it needs the admin level/);
    assert.equal(st.s.app.agents.get('dsc-1')?.state, 'pending');

    await st.emu.click({ message: msg, customId: 'agent:accept:dsc-1', user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
    await waitUntil(() => st.s.app.hub.isConnected('dsc-1'), 'dsc-1 accepted and connected');
    const updated = await st.emu.waitFor(() => {
      const m = st.emu.messages(ALERTS).find((x) => x.id === msg.id);
      return m && m.components.length === 0 ? m : undefined;
    }, 5000);
    assert.match(updated.content, /dsc-1\*\* accepted by Adam/);
    st.s.app.store.queue.flush();
    const row = st.s.app.store.audit.list({ kind: 'agent_accepted' })[0];
    assert.equal(row?.actorId, MEMBERS.admin.user.id);
    assert.equal(row?.via, 'discord');
    await a.close();
  });

  it('Reject closes the waiting agent (4403) and the id cannot enrol again', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dsc-2' } });
    const msg = await alert(/New agent waiting: dsc-2/);
    await st.emu.click({ message: msg, customId: 'agent:reject:dsc-2', user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
    assert.equal((await a.closed).code, 4403);
    assert.equal(st.s.app.agents.get('dsc-2')?.state, 'rejected');
    await assert.rejects(TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dsc-2' }, settleMs: 300 }), (e: unknown) => e instanceof AgentRefusedError && e.code === 4403);
  });

  it('/agents add answers privately with the token; the holder of another credential claiming it is alerted', async () => {
    const reply = await slash('add', MEMBERS.admin, 'dsc-own');
    assert.equal(reply.flags & EPHEMERAL, EPHEMERAL);
    const token = /token for dsc-own: `([^`]+)`/.exec(reply.content)?.[1];
    assert.ok(token);
    const other = (await slash('add', MEMBERS.admin, 'dsc-thief')).content;
    const thief = /token for dsc-thief: `([^`]+)`/.exec(other)![1]!;
    const real = await TestAgent.connect(st.s.url, { token, register: { client_id: 'dsc-own' } });
    await waitUntil(() => st.s.app.hub.isConnected('dsc-own'), 'dsc-own');
    await assert.rejects(TestAgent.connect(st.s.url, { token: thief, register: { client_id: 'dsc-own' }, settleMs: 300 }), (e: unknown) => e instanceof AgentRefusedError && e.code === 4403);
    const posted = await alert(/the agent holding dsc-thief's credential claimed dsc-own/);
    assert.match(text(posted), /Identity claim refused: dsc-own/);
    // Once a minute per pair: a second attempt is refused and audited, not posted again.
    await assert.rejects(TestAgent.connect(st.s.url, { token: thief, register: { client_id: 'dsc-own' }, settleMs: 300 }), (e: unknown) => e instanceof AgentRefusedError && e.code === 4403);
    const pending = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dsc-later' } });
    await alert(/New agent waiting: dsc-later/);
    assert.equal(st.emu.messages(ALERTS).filter((m) => /claimed dsc-own/.test(text(m))).length, 1);
    assert.equal(real.readyState, 1);
    await pending.close();
    await real.close();
  });

  it('/agents is for admins; list, revoke and forget answer privately and are audited with who', async () => {
    await ownIdentities();
    const no = await slash('list', MEMBERS.operator);
    assert.match(no.content, /You may not use \/agents list/);
    const list = await slash('list', MEMBERS.admin);
    assert.equal(list.flags & EPHEMERAL, EPHEMERAL);
    assert.match(list.content, /\*\*dsc-own\*\* · active · ⚪ offline · own token · `127\.0\.0\.1`/);
    assert.match((await slash('revoke', MEMBERS.admin, 'dsc-thief')).content, /dsc-thief\*\* revoked/);
    assert.match((await slash('forget', MEMBERS.admin, 'dsc-thief')).content, /dsc-thief\*\* forgotten/);
    assert.match((await slash('revoke', MEMBERS.admin, 'ghost')).content, /No agent "ghost" is known/);
    st.s.app.store.queue.flush();
    for (const kind of ['agent_added', 'agent_revoked', 'agent_forgotten']) {
      const row = st.s.app.store.audit.list({ kind }).find((r) => r.via === 'discord');
      assert.equal(row?.actorId, MEMBERS.admin.user.id, kind);
    }
  });

  it('a fleet-token reconnect from a new address is alerted', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dsc-move' } });
    await waitUntil(() => st.s.app.agents.get('dsc-move')?.state === 'pending', 'pending');
    st.s.app.agents.accept('dsc-move', { id: 'test', name: 'test' }, 'console');
    await waitUntil(() => st.s.app.hub.isConnected('dsc-move'), 'dsc-move');
    await a.close();
    await waitUntil(() => !st.s.app.hub.isConnected('dsc-move'), 'gone');
    const b = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dsc-move' }, localAddress: '127.0.0.3' });
    const posted = await alert(/dsc-move connected from a new address/);
    assert.match(text(posted), /`127\.0\.0\.3` \(last time `127\.0\.0\.1`\), with the fleet token/);
    await b.close();
  });

  it('the key check names the agent that answered, and unsolicited keys are never shown as verified', async () => {
    const { token } = st.s.app.agents.add('dsc-keys', { id: 'test', name: 'test' }, 'console');
    const a = await TestAgent.connect(st.s.url, { token, register: { client_id: 'dsc-keys', containers: ['polkadot-validator-1'] } });
    await waitUntil(() => st.s.app.hub.isConnected('dsc-keys'), 'dsc-keys');
    const key = `0x${'fa'.repeat(96)}`;
    a.send({ type: 'key_update', data: { container: 'polkadot-validator-1', session_key: key } });
    const check = await a.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    a.respond(check.id, 'success', { result: true });
    const reply = await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => m.message_reference && /dsc-keys/.test(text(m))), 8000);
    assert.match(text(reply), /Not verified: dsc-keys \/ polkadot-validator-1 says it holds keys nobody asked for/);
    assert.match(text(reply), /Answered by agent dsc-keys \(own token, from 127\.0\.0\.1\)/);
    assert.doesNotMatch(text(reply), /✅ Verified/);
    await a.close();
  });
});
