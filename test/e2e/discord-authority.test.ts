// Authority checked at every decision, through the real discord.js client, the Discord emulator and real
// agents: one server only (no stranger's Administrator, no DMs), a requester who lost the role or left
// before the approval, an approver without the command's level, and the approval rules: two approvals,
// one approver voting twice, a requester denying their own request, an expiry hit by a click.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage, type EmuOption, type EmuUser } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const EPHEMERAL = 64;
type Member = { user: EmuUser; roles: readonly string[] };

const OTHER_GUILD = '1400000000000000100';
const OTHER_ADMIN_ROLE = '1400000000000000201';
const OTHER_CHANNEL = '1400000000000000301';
const stranger: Member = { user: { id: '1400000000000000901', username: 'mallory', global_name: 'Mallory' }, roles: [OTHER_ADMIN_ROLE] };

/** A member of our guild made for one test, so no earlier lookup of them sits in the member cache. */
let nextUser = 50;
function newMember(name: string, roles: string[]): Member {
  nextUser++;
  return { user: { id: `13000000000000009${nextUser}`, username: name, global_name: name[0]!.toUpperCase() + name.slice(1) }, roles };
}

function helpers(st: DiscordStack) {
  const slash = (name: string, options: EmuOption[], who: Member, where: { channelId?: string; dm?: boolean } = {}) =>
    st.emu.slash({ name, options, user: who.user, roles: [...who.roles], ...(where.dm ? { dm: true } : { channelId: where.channelId ?? IDS.channels.ops }) });
  const original = (id: string) => st.emu.waitFor(() => st.emu.interaction(id).original, 8000);
  const click = (message: EmuMessage, customIdStart: string, who: Member) => {
    const current = st.emu.messages(message.channel_id).find((m) => m.id === message.id) ?? message;
    const button = current.components.flatMap((row) => row.components ?? []).find((c) => String(c.custom_id).startsWith(customIdStart));
    if (!button) throw new Error(`no button ${customIdStart} on the message`);
    return st.emu.click({ message: current, customId: String(button.custom_id), user: who.user, roles: [...who.roles] });
  };
  const clickReply = async (message: EmuMessage, customIdStart: string, who: Member) => {
    const ref = await click(message, customIdStart, who);
    return st.emu.waitFor(() => {
      const s = st.emu.interaction(ref.id);
      return s.original ?? (s.callbacks.length > 0 && s.callbacks.every((c) => c.type !== 4 && c.type !== 5) ? ({ content: '', flags: 0 } as EmuMessage) : undefined);
    }, 8000);
  };
  const approvalPost = (requestId: number) =>
    st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.embeds[0]?.fields?.some((f) => f.name === 'Request' && f.value === `#${requestId}`)));
  const approvalNow = (post: EmuMessage) => st.emu.messages(IDS.channels.approvals).find((m) => m.id === post.id)!;
  /** Asks for a critical command and gives the reason; returns the request id and the form's interaction. */
  const requestApproval = async (who: Member, target: string, command: string, params: string) => {
    const ref = await slash('send', [opt.string('target', target), opt.string('command', command), opt.string('params', params)], who);
    const modal = await st.emu.waitFor(() => st.emu.interaction(ref.id).modal);
    const requestId = Number(String(modal.custom_id).split(':').pop());
    const submit = await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'planned maintenance window' }, user: who.user, roles: [...who.roles] });
    await st.emu.waitFor(() => st.emu.interaction(submit.id).original);
    return { requestId, submit };
  };
  const audit = (requestId: number) => {
    st.s.app.store.queue.flush();
    return st.s.app.store.audit.list({ requestId }).reverse();
  };
  return { slash, original, click, clickReply, approvalPost, approvalNow, requestApproval, audit };
}

function policyFile(dir: string, body: object): string {
  const path = join(dir, 'policy.json');
  writeFileSync(path, JSON.stringify(body));
  return path;
}

describe('Discord: one server only', () => {
  let st: DiscordStack;
  let agent: TestAgent;
  before(async () => {
    // No roles configured: the case where Discord's Administrator permission makes an mserver admin.
    const emu = await startEmulator([
      {
        id: OTHER_GUILD,
        name: 'Somebody else',
        roles: [{ id: OTHER_ADMIN_ROLE, name: 'owner', permissions: '8' }],
        channels: [{ id: OTHER_CHANNEL, name: 'general' }],
      },
    ]);
    st = await startDiscordStack({ emu, roles: false });
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'one-1', containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected('one-1'), 'one-1');
  });
  after(async () => {
    await agent.close();
    await st.stop();
    await st.emu.close();
  });

  it('refuses an Administrator of another server the bot was invited to, and audits it', async () => {
    const h = helpers(st);
    const ref = await h.slash('send', [opt.string('target', 'one-1'), opt.string('command', 'stop'), opt.string('params', 'container=polkadot')], stranger, { channelId: OTHER_CHANNEL });
    const reply = await h.original(ref.id);
    assert.equal(reply.flags & EPHEMERAL, EPHEMERAL);
    assert.match(reply.content, new RegExp(`answers only in its own Discord server, not in server ${OTHER_GUILD}: nothing was done`));
    assert.equal(st.emu.interaction(ref.id).modal, undefined, 'no approval form either');
    const nodes = await h.slash('nodes', [], stranger, { channelId: OTHER_CHANNEL });
    assert.match((await h.original(nodes.id)).content, /answers only in its own Discord server/);
    st.s.app.store.queue.flush();
    const refused = st.s.app.store.audit.list({ kind: 'refused', actorId: stranger.user.id });
    assert.equal(refused.length, 2);
    assert.deepEqual(refused[0]!.detail, { reason: 'interaction outside the configured guild', guild: OTHER_GUILD, interaction: 2 });
    // A later command from our own server reaches the agent: the first frame it gets is that one.
    const ours = await h.slash('send', [opt.string('target', 'one-1'), opt.string('command', 'status')], { user: MEMBERS.nobody.user, roles: [IDS.roles.discordAdmin] });
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'status', 'the stranger\'s stop never reached the agent');
    agent.respond(cmd.id, 'success', { result: 'ok' });
    await st.emu.waitFor(() => st.emu.interaction(ours.id).original?.embeds[0]?.description?.includes('success'), 8000);
    assert.equal(agent.received.filter((f) => f.type === 'command').length, 1);
  });

  it('answers nothing in a direct message, not even which agents exist', async () => {
    const h = helpers(st);
    const ref = await h.slash('nodes', [], stranger, { dm: true });
    const reply = await h.original(ref.id);
    assert.match(reply.content, /answers only in its own Discord server, not in a direct message/);
    const choices = await st.emu.autocomplete({ name: 'send', options: [opt.string('target', 'one')], focused: 'target', user: stranger.user, roles: [...stranger.roles], channelId: OTHER_CHANNEL });
    assert.deepEqual(choices, []);
    st.s.app.store.queue.flush();
    assert.ok(st.s.app.store.audit.list({ kind: 'refused', actorId: stranger.user.id }).some((e) => (e.detail as { guild: unknown }).guild === null));
  });

  it('with no roles configured, reads the requester\'s Administrator permission from Discord at the approval', async () => {
    const h = helpers(st);
    const first = newMember('amy', [IDS.roles.discordAdmin]);
    const second = newMember('ben', [IDS.roles.discordAdmin]);
    const { requestId } = await h.requestApproval(first, 'one-1', 'backup_keys', 'container=polkadot');
    const post = await h.approvalPost(requestId);
    await h.click(post, 'approval:approve:', second);
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'backup_keys', 'the requester still holds Administrator: it runs');
    agent.respond(cmd.id, 'success', { result: { path: '/b.tar', size_bytes: 1, sha256: 'a'.repeat(64) } });
    await st.emu.waitFor(() => h.approvalNow(post).embeds[0]?.description?.includes('success'), 8000);
    assert.ok(st.emu.requests.some((r) => r.method === 'GET' && r.path === `/guilds/${IDS.guild}/members/${first.user.id}` && r.status === 200), 'asked Discord');
  });

  it('warns at start that without ROLE_APPROVER_IDS one person with two accounts passes the two-person rule', () => {
    assert.ok(st.s.logs.some((l) => l.level === 40 && /ROLE_APPROVER_IDS is empty: every admin can approve, so one person with two Discord accounts/.test(String(l.msg))));
  });
});

describe('Discord: authority at the approval', () => {
  let st: DiscordStack;
  let agent: TestAgent;
  let dir: string;
  const commands = () => agent.received.filter((f) => f.type === 'command');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-authority-'));
    // The sweeper is slowed right down so that an expiry is met by a click first.
    st = await startDiscordStack({
      env: { POLICY_FILE: policyFile(dir, { approvalTtlSeconds: 600, commands: { rotate_keys: { approvals: 2 }, exec: { allow: ['df -h /data'] } } }) },
      app: { sweepIntervalMs: 3_600_000 },
    });
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'au-1', containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected('au-1'), 'au-1');
  });
  after(async () => {
    await agent.close();
    await st.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a member with no role learns nothing about the fleet: no suggestions, no "did you mean"', async () => {
    const h = helpers(st);
    const typing = (who: Member) => st.emu.autocomplete({ name: 'send', options: [opt.string('target', 'au')], focused: 'target', user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
    assert.deepEqual(await typing(MEMBERS.nobody), []);
    assert.deepEqual((await typing(MEMBERS.viewer)).map((c) => c.value), ['au-1'], 'a viewer is helped');
    const schedules = await st.emu.autocomplete({ name: 'schedule', options: [opt.subcommand('add', [opt.string('name', 'x'), opt.string('cron', '0 3 * * *'), opt.string('target', 'a'), opt.string('command', 'status')])], focused: 'target', user: MEMBERS.nobody.user, roles: [], channelId: IDS.channels.ops });
    assert.deepEqual(schedules, []);

    const typo = await h.slash('send', [opt.string('target', 'au-2'), opt.string('command', 'status')], MEMBERS.nobody);
    const reply = await h.original(typo.id);
    assert.match(reply.content, /You may not run status: your level is none/);
    assert.doesNotMatch(reply.content, /au-1|did you mean/i);
    const scheduled = await h.slash('schedule', [opt.subcommand('add', [opt.string('name', 'peek'), opt.string('cron', '0 3 * * *'), opt.string('target', 'au-2'), opt.string('command', 'status')])], MEMBERS.nobody);
    const refused = await h.original(scheduled.id);
    assert.match(refused.content, /You may not run status: your level is none/);
    assert.doesNotMatch(refused.content, /au-1/);
  });

  it('withdraws a request whose requester lost the role before the approval, saying why in both channels', async () => {
    const h = helpers(st);
    const requester = newMember('ada', [IDS.roles.admin]);
    const { requestId, submit } = await h.requestApproval(requester, 'au-1', 'backup_keys', 'container=polkadot');
    const post = await h.approvalPost(requestId);
    st.emu.setMemberRoles(IDS.guild, requester.user, [IDS.roles.viewer]);

    const refusal = await h.clickReply(post, 'approval:approve:', MEMBERS.approver);
    assert.equal(refusal.flags & EPHEMERAL, EPHEMERAL);
    assert.match(refusal.content, new RegExp(`Request #${requestId} was withdrawn: Ada, who asked, may no longer run backup_keys \\(their level is now viewer; it needs admin\\)\\. Nothing was run\\.`));
    const shown = await st.emu.waitFor(() => (h.approvalNow(post).content.includes('Withdrawn') ? h.approvalNow(post) : undefined));
    assert.match(shown.content, /↩️ Withdrawn at <t:\d+:f> when Paul pressed Approve: Ada, who asked, may no longer run backup_keys/);
    assert.equal(shown.components.length, 0, 'no button is left to press');
    const told = await st.emu.waitFor(() => (st.emu.interaction(submit.id).original?.content.includes('Withdrawn') ? st.emu.interaction(submit.id).original : undefined));
    assert.match(told!.content, new RegExp(`Request #${requestId} \\(\`backup_keys\`\\): ↩️ Withdrawn .*may no longer run backup_keys`));
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'withdrawn');
    assert.deepEqual(h.audit(requestId).map((e) => e.kind), ['requested', 'reason', 'withdrawn']);
    assert.equal(commands().length, 0);
  });

  it('withdraws a request whose requester left the server', async () => {
    const h = helpers(st);
    const requester = newMember('leo', [IDS.roles.admin]);
    const { requestId } = await h.requestApproval(requester, 'au-1', 'stop', 'container=polkadot');
    const post = await h.approvalPost(requestId);
    st.emu.removeMember(IDS.guild, requester.user.id);
    const refusal = await h.clickReply(post, 'approval:approve:', MEMBERS.approver);
    assert.match(refusal.content, /was withdrawn: Leo, who asked, is no longer a member of the server\. Nothing was run\./);
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'withdrawn');
    assert.ok(st.emu.requests.some((r) => r.method === 'GET' && r.path === `/guilds/${IDS.guild}/members/${requester.user.id}` && r.status === 404 && r.code === 10007));
    assert.equal(commands().length, 0);
  });

  it('an approver needs the approver role and the level of the command', async () => {
    const h = helpers(st);
    const { requestId } = await h.requestApproval(newMember('ivo', [IDS.roles.admin]), 'au-1', 'stop', 'container=polkadot');
    const post = await h.approvalPost(requestId);
    // Rita holds the approver role only: she could never stop a node herself.
    const refusal = await h.clickReply(post, 'approval:approve:', MEMBERS.approver2);
    assert.match(refusal.content, /Deciding on stop needs an approver role and the admin level that stop needs; your level is none/);
    const deny = await h.clickReply(post, 'approval:deny:', MEMBERS.approver2);
    assert.match(deny.content, /Deciding on stop needs an approver role and the admin level/);
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'awaiting_approval');
    // An admin who is no approver cannot either.
    const admin = await h.clickReply(post, 'approval:approve:', MEMBERS.admin);
    assert.match(admin.content, /Only members with an approver role/);
    assert.equal(commands().length, 0);
    await h.clickReply(post, 'approval:deny:', MEMBERS.approver);
  });

  it('with approvals: 2, counts each approver once and runs on the second', async () => {
    const h = helpers(st);
    const { requestId } = await h.requestApproval(newMember('una', [IDS.roles.admin]), 'au-1', 'rotate_keys', 'container=polkadot');
    const post = await h.approvalPost(requestId);
    await h.clickReply(post, 'approval:approve:', MEMBERS.approver);
    const first = await st.emu.waitFor(() => (h.approvalNow(post).content.includes('1 of 2') ? h.approvalNow(post) : undefined));
    assert.match(first.content, /✅ Approved by Paul \(<@\d+>\) \(1 of 2\) at <t:\d+:f>: waiting for more approvers\./);
    assert.ok(first.components.length > 0, 'the buttons stay for the second approver');
    const twice = await h.clickReply(post, 'approval:approve:', MEMBERS.approver);
    assert.match(twice.content, new RegExp(`You already decided on request #${requestId}`));
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'awaiting_approval');
    assert.equal(commands().length, 0, 'one approver voting twice runs nothing');

    await h.click(post, 'approval:approve:', MEMBERS.adminApprover);
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'rotate_keys');
    agent.respond(cmd.id, 'success', { result: { session_keys: `0x${'ab'.repeat(32)}` } });
    const done = await st.emu.waitFor(() => (h.approvalNow(post).embeds[0]?.description?.includes('success') ? h.approvalNow(post) : undefined), 8000);
    assert.match(done.content, /Approved by Alba \(<@\d+>\) \(2 of 2\) at <t:\d+:f>: running now\./);
    assert.deepEqual(
      h.audit(requestId).filter((e) => e.kind === 'approved').map((e) => e.actorName),
      ['Paul', 'Alba'],
    );
    assert.equal(commands().length, 1);
  });

  it('an allowed exec goes from the request through the approval to the agent as exactly the approved line', async () => {
    const h = helpers(st);
    const { requestId } = await h.requestApproval(newMember('xena', [IDS.roles.admin]), 'au-1', 'exec', 'container=polkadot command="df -h /data"');
    const post = await h.approvalPost(requestId);
    assert.match(JSON.stringify(post.embeds[0]?.fields), /command=df -h \/data/);
    await h.click(post, 'approval:approve:', MEMBERS.approver);
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'exec');
    assert.deepEqual(cmd.params, { container: 'polkadot', command: 'df -h /data' });
    agent.respond(cmd.id, 'success', { result: { stdout: 'Filesystem Size Used', exit_code: 0 } });
    await st.emu.waitFor(() => h.approvalNow(post).embeds[0]?.description?.includes('success'), 8000);
  });

  it('a requester pressing Deny withdraws their own request', async () => {
    const h = helpers(st);
    const requester = newMember('dora', [IDS.roles.admin]);
    const { requestId, submit } = await h.requestApproval(requester, 'au-1', 'stop', 'container=polkadot');
    const post = await h.approvalPost(requestId);
    await h.click(post, 'approval:deny:', requester);
    const shown = await st.emu.waitFor(() => (h.approvalNow(post).content.includes('Withdrawn by the requester') ? h.approvalNow(post) : undefined));
    assert.match(shown.content, /↩️ Withdrawn by the requester by Dora \(<@\d+>\) at <t:\d+:f>: nothing was run\./);
    assert.equal(shown.components.length, 0);
    await st.emu.waitFor(() => st.emu.interaction(submit.id).original?.content.includes('Withdrawn by the requester'));
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'cancelled');
    assert.deepEqual(h.audit(requestId).map((e) => e.kind), ['requested', 'reason', 'cancelled']);
    assert.equal(commands().filter((c) => c.command === 'stop').length, 0);
  });

  it('an approval clicked after its expiry, before the sweeper marks it, expires it and runs nothing', async () => {
    const h = helpers(st);
    const { requestId, submit } = await h.requestApproval(newMember('eve', [IDS.roles.admin]), 'au-1', 'stop', 'container=polkadot');
    const post = await h.approvalPost(requestId);
    // Its expiry moved into the past, as if 15 minutes had gone by; the sweeper runs once an hour here.
    st.s.app.store.db.prepare('UPDATE requests SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, requestId);
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'awaiting_approval', 'nothing marked it yet');
    const late = await h.clickReply(post, 'approval:approve:', MEMBERS.approver);
    assert.match(late.content, new RegExp(`Request #${requestId} expired at .*; nothing was run`));
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'expired');
    const shown = await st.emu.waitFor(() => (h.approvalNow(post).content.includes('Expired') ? h.approvalNow(post) : undefined));
    assert.equal(shown.components.length, 0);
    await st.emu.waitFor(() => st.emu.interaction(submit.id).original?.content.includes('Expired'));
    assert.equal(commands().filter((c) => c.command === 'stop').length, 0);
  });
});
