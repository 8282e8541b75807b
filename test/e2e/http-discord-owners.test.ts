// API tokens that belong to Discord members, against the Discord API emulator: /api-tokens in Discord,
// a token capped by its owner's roles at each call, the two-person rule across owners, and failing
// closed when Discord cannot be asked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuOption } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { apiClient, type ApiClient } from '../support/http-client.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

type Member = (typeof MEMBERS)[keyof typeof MEMBERS];
const EPHEMERAL = 64;

describe('HTTP API: tokens of Discord members', () => {
  let st: DiscordStack;
  let agent: TestAgent;
  let api: ApiClient;

  const slash = (sub: string, options: EmuOption[], who: Member) =>
    st.emu.slash({ name: 'api-tokens', options: [opt.subcommand(sub, options)], user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
  const reply = (id: string) => st.emu.waitFor(() => st.emu.interaction(id).original, 5000);
  const tokenFor = (who: Member, name: string, level: 'viewer' | 'operator' | 'admin', approver: boolean) =>
    st.s.app.apiTokens.add({ name, level, approver, ownerId: who.user.id, ownerName: who.user.username, createdBy: 'test', expiresInMs: null }).token;

  before(async () => {
    st = await startDiscordStack({ http: true });
    const s = st.s;
    api = apiClient(s.httpUrl);
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'val-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('val-1'), 'agent connected');
  });
  after(async () => {
    await agent.close();
    await st.stop();
  });

  it('/api-tokens add answers privately with the token once; non-admins are refused', async () => {
    const ref = await slash('add', [opt.string('name', 'alba-ci'), opt.string('level', 'admin'), opt.boolean('approver', true)], MEMBERS.adminApprover);
    const msg = await reply(ref.id);
    assert.equal((msg.flags ?? 0) & EPHEMERAL, EPHEMERAL);
    assert.match(msg.content ?? '', /token: `mst_[A-Za-z0-9_-]{43}`/);
    const refused = await reply((await slash('list', [], MEMBERS.approver2)).id);
    assert.match(refused.content ?? '', /needs the admin level/);
    const list = await reply((await slash('list', [], MEMBERS.adminApprover)).id);
    assert.match(list.content ?? '', /alba-ci/);
    assert.doesNotMatch(list.content ?? '', /mst_/);
  });

  it('a critical request is approved by a second owner\'s token and refused to the first', async () => {
    const albaMsg = await reply((await slash('add', [opt.string('name', 'alba-2'), opt.string('level', 'admin'), opt.boolean('approver', true)], MEMBERS.adminApprover)).id);
    const alba = /token: `(mst_[^`]+)`/.exec(albaMsg.content ?? '')![1]!;
    // paul's roles are read from the guild (GET member) when his token is used, not from the token.
    // The emulator knows a member once they have used a command (as the guild's member list would).
    await reply((await slash('list', [], MEMBERS.approver)).id);
    // An approver needs the level of what they approve (admin for stop), as in Discord.
    const paul = tokenFor(MEMBERS.approver, 'paul-approve', 'admin', true);
    const r = await api.call('POST', '/api/v1/requests', { token: alba, body: { command: 'stop', target: 'val-1', params: { container: 'polkadot' }, reason: 'move to the new host' } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'needs_approval');
    assert.equal(r.body.request.actor.id, MEMBERS.adminApprover.user.id);
    const own = await api.call('POST', `/api/v1/requests/${r.body.request.id}/approve`, { token: alba });
    assert.equal(own.status, 403);
    assert.equal(agent.received.filter((f) => f.type === 'command').length, 0);
    const ok = await api.call('POST', `/api/v1/requests/${r.body.request.id}/approve`, { token: paul });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, 'running');
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'stop');
    agent.respond(cmd.id, 'completed', { result: {} });
    st.s.app.store.queue.flush();
    const approved = st.s.app.store.audit.list({ kind: 'approved', limit: 5 })[0]!;
    assert.equal(approved.actorId, MEMBERS.approver.user.id);
    assert.equal(approved.via, 'http');
    assert.match(approved.actorName ?? '', /token paul-approve/);
  });

  /** The emulator knows a member (and answers GET member) once they have used a command. */
  const known = async (who: Member) => reply((await slash('list', [], who)).id);

  it('a token never gives more than its owner holds now', async () => {
    await known(MEMBERS.operator);
    const olga = tokenFor(MEMBERS.operator, 'olga-admin', 'admin', true);
    const me = await api.call('GET', '/api/v1/me', { token: olga });
    assert.equal(me.body.level, 'operator');
    assert.equal(me.body.approver, false);
    const stop = await api.call('POST', '/api/v1/requests', { token: olga, body: { command: 'stop', target: 'val-1', params: { container: 'polkadot' }, reason: 'testing the cap' } });
    assert.equal(stop.status, 403);
    assert.match(stop.body.detail, /admin level/);
    const nina = tokenFor(MEMBERS.nobody, 'nina-view', 'viewer', false);
    await known(MEMBERS.nobody);
    const none = await api.call('GET', '/api/v1/agents', { token: nina });
    assert.equal(none.status, 403);
    const stranger = st.s.app.apiTokens.add({ name: 'gone', level: 'viewer', approver: false, ownerId: '1300000000000000999', ownerName: 'gone', createdBy: 't', expiresInMs: null }).token;
    assert.equal((await api.call('GET', '/api/v1/agents', { token: stranger })).status, 403);
  });

  it('fails closed (503) when Discord cannot be asked about the owner', async () => {
    await known(MEMBERS.viewer);
    const vera = tokenFor(MEMBERS.viewer, 'vera', 'viewer', false);
    st.emu.setUnreachable(true, { gateway: false });
    try {
      const r = await api.call('GET', '/api/v1/agents', { token: vera });
      assert.equal(r.status, 503);
      assert.equal(r.body.code, 'unavailable');
    } finally {
      st.emu.setUnreachable(false);
    }
    assert.equal((await api.call('GET', '/api/v1/agents', { token: vera })).status, 200);
  });

  it('/api-tokens revoke: the token is refused from then on; /readyz names Discord', async () => {
    const msg = await reply((await slash('add', [opt.string('name', 'short-lived'), opt.string('level', 'viewer')], MEMBERS.adminApprover)).id);
    const token = /token: `(mst_[^`]+)`/.exec(msg.content ?? '')![1]!;
    assert.equal((await api.call('GET', '/api/v1/me', { token })).status, 200);
    const revoked = await reply((await slash('revoke', [opt.string('name', 'short-lived')], MEMBERS.adminApprover)).id);
    assert.match(revoked.content ?? '', /revoked/);
    const after = await api.call('GET', '/api/v1/me', { token });
    assert.equal(after.status, 401);
    assert.match(after.body.detail, /revoked/);
    const ready = await api.call('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks.discord, 'ok');
  });
});
