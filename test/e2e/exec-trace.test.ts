// Issue 14: an allowed `exec` followed from the request in Discord, through the reason and a second
// person's approval, to the exact string the agent receives; and a command line with a line break,
// which a loose allow-list pattern would admit, refused before anyone is asked to approve it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent, type Frame } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const EPHEMERAL = 64;
// The exact command line, quotes and all, that must reach the agent unchanged.
const LINE = `du -sh '/data/chains/polkadot/db' "/data/chains/kusama db"`;
type Member = { user: { id: string; username: string }; roles: readonly string[] };

describe('exec: from the request to the exact string the agent receives', () => {
  let st: DiscordStack;
  let agent: TestAgent;
  const dir = mkdtempSync(join(tmpdir(), 'mserver-exec-'));

  before(async () => {
    const policy = join(dir, 'policy.json');
    // A loose pattern, as a team might write it: it admits a line break ([^;|&] matches \n).
    writeFileSync(policy, JSON.stringify({ commands: { exec: { allow: ['df -h', 'du -sh [^;|&]*'] } } }));
    st = await startDiscordStack({ env: { POLICY_FILE: policy } });
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'ex-1', containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected('ex-1'), 'ex-1 connected');
  });
  after(async () => {
    await agent.close();
    await st.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (who: Member, params: string) =>
    st.emu.slash({ name: 'send', options: [opt.string('target', 'ex-1'), opt.string('command', 'exec'), opt.string('params', params)], user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
  const isCommand = (f: Frame) => f.type === 'command';

  it('runs an allowed exec after the reason and a second person, and the agent gets the line exactly', async () => {
    const ref = await send(MEMBERS.admin, JSON.stringify({ container: 'polkadot', command: LINE }));
    const modal = await st.emu.waitFor(() => st.emu.interaction(ref.id).modal, 8000);
    const requestId = Number(String(modal.custom_id).split(':').pop());
    await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'disk usage check' }, user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
    const post = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.embeds[0]?.fields?.some((f) => f.name === 'Request' && f.value === `#${requestId}`)), 8000);
    // What the approver is shown is the line that will run.
    assert.equal(post.embeds[0]!.fields!.find((f) => f.name === 'Parameters')?.value, `container=polkadot\ncommand=${LINE}`);
    assert.equal(agent.received.filter(isCommand).length, 0, 'nothing is sent before the approval');

    const approve = post.components.flatMap((row) => row.components ?? []).find((c) => String(c.custom_id).startsWith('approval:approve:'))!;
    await st.emu.click({ message: post, customId: String(approve.custom_id), user: MEMBERS.adminApprover.user, roles: [...MEMBERS.adminApprover.roles] });
    const cmd = await agent.nextCommand(8000);
    assert.equal(cmd.command, 'exec');
    assert.deepEqual(cmd.params, { container: 'polkadot', command: LINE });
    assert.equal(cmd.params.command, LINE, 'byte for byte');
    agent.respond(cmd.id, 'success', { result: { exit_code: 0, stdout: '12G\t/data/chains/polkadot/db' } });
    const shown = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m: EmuMessage) => m.id === post.id && m.embeds.some((e) => e.description?.includes('exit code 0'))), 8000);
    assert.ok(shown);
    const row = st.s.app.store.commands.history({ agentId: 'ex-1', command: 'exec', limit: 1 })[0]!;
    assert.equal(row.state, 'success');
    assert.deepEqual(row.params, { container: 'polkadot', command: LINE });
  });

  it('refuses a command line with a line break before anyone is asked, and sends nothing', async () => {
    const sentBefore = agent.received.filter(isCommand).length;
    const approvalsBefore = st.emu.messages(IDS.channels.approvals).length;
    const ref = await send(MEMBERS.admin, JSON.stringify({ container: 'polkadot', command: 'du -sh /data\nrm -rf /data/chains' }));
    const answer = await st.emu.waitFor(() => st.emu.interaction(ref.id).original, 8000);
    assert.equal(answer.flags & EPHEMERAL, EPHEMERAL);
    assert.match(answer.content, /command: expected a command line of printable characters/);
    assert.equal(st.emu.interaction(ref.id).modal, undefined, 'no reason is asked for');
    // A later command to the same agent: had the refused one been sent, it would have arrived first.
    const later = await st.s.app.dispatcher.dispatch({ command: 'status', target: 'ex-1', params: {}, actor: { id: 'console:t', name: 't (console)' }, via: 'console' });
    const next = await agent.nextCommand(8000);
    assert.equal(next.command, 'status');
    agent.respond(next.id, 'success', { result: 'ok' });
    if (later.kind === 'running') await later.run.done;
    assert.equal(agent.received.filter(isCommand).length, sentBefore + 1);
    assert.equal(st.emu.messages(IDS.channels.approvals).length, approvalsBefore, 'no approval was posted');
  });
});
