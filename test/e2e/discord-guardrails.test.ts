// Guardrails through the real discord.js client and the emulator, with members holding different roles:
// refusals, confirmations, two-person approvals (also across a restart), the exec allow-list, the audit
// trail, and secrets that never reach Discord, the log or the database.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const EPHEMERAL = 64;
type Member = { user: { id: string; username: string; global_name?: string | null }; roles: readonly string[] };

function policyFile(dir: string, body: object): string {
  const path = join(dir, 'policy.json');
  writeFileSync(path, JSON.stringify(body));
  return path;
}

function helpers(st: DiscordStack) {
  const slash = (name: string, options: ReturnType<typeof opt.string>[], who: Member) =>
    st.emu.slash({ name, options, user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
  const original = (id: string, probe: (m: EmuMessage) => boolean = () => true) =>
    st.emu.waitFor(() => {
      const o = st.emu.interaction(id).original;
      return o && probe(o) ? o : undefined;
    }, 8000);
  const click = async (message: EmuMessage, customIdStart: string, who: Member) => {
    const button = message.components.flatMap((row) => row.components ?? []).find((c) => String(c.custom_id).startsWith(customIdStart));
    if (!button) throw new Error(`no button ${customIdStart} on the message`);
    return st.emu.click({ message, customId: String(button.custom_id), user: who.user, roles: [...who.roles] });
  };
  /** The private answer to a click (a refusal), or the update of the clicked message. */
  const answer = (id: string) =>
    st.emu.waitFor(() => {
      const s = st.emu.interaction(id);
      return s.callbacks.length > 0 ? s : undefined;
    });
  const approvalPost = (requestId: number) =>
    st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.embeds[0]?.fields?.some((f) => f.name === 'Request' && f.value === `#${requestId}`)));
  /** Asks for a critical command and gives the reason; returns the request id. */
  const requestApproval = async (who: Member, target: string, command: string, params = '') => {
    const ref = await slash('send', [opt.string('target', target), opt.string('command', command), ...(params ? [opt.string('params', params)] : [])], who);
    const modal = await st.emu.waitFor(() => st.emu.interaction(ref.id).modal);
    const requestId = Number(String(modal.custom_id).split(':').pop());
    const submit = await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'planned maintenance window' }, user: who.user, roles: [...who.roles] });
    return { requestId, submit };
  };
  return { slash, original, click, answer, approvalPost, requestApproval };
}

describe('guardrails: levels and confirmations', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  let dir: string;
  let h: ReturnType<typeof helpers>;
  let container: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-guard-'));
    st = await startDiscordStack({ env: { POLICY_FILE: policyFile(dir, { confirmTtlSeconds: 2, commands: { exec: { allow: ['df -h'] } } }) } });
    fleet = await startFleet({ url: st.s.url, clients: 2, token: TEST_TOKEN, summaryEveryMs: 0, seed: 9, idPrefix: 'g' });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 2, 'two agents');
    h = helpers(st);
    container = fleet.agents[0]!.containers[0]!;
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a viewer restart privately, naming the level, and audits it', async () => {
    const ref = await h.slash('send', [opt.string('target', 'g-1'), opt.string('command', 'restart'), opt.string('container', container)], MEMBERS.viewer);
    const msg = await h.original(ref.id);
    assert.equal(msg.flags & EPHEMERAL, EPHEMERAL);
    assert.match(msg.content, /You may not run restart: your level is viewer\. It needs the operator level \(a role in ROLE_OPERATOR_IDS/);
    assert.equal(fleet.stats().commandsReceived, 0);
    st.s.app.store.queue.flush();
    const refused = st.s.app.store.audit.list({ kind: 'refused', actorId: MEMBERS.viewer.user.id });
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.command, 'restart');
    assert.equal(refused[0]!.via, 'discord');
  });

  it('shows an operator exactly what will run, and runs it on Confirm', async () => {
    const ref = await h.slash('send', [opt.string('target', 'g-1'), opt.string('command', 'restart'), opt.string('container', container), opt.string('params', 'stop_timeout_s=120')], MEMBERS.operator);
    const prompt = await h.original(ref.id, (m) => m.components.length > 0);
    assert.equal(prompt.flags & EPHEMERAL, EPHEMERAL);
    const fields = Object.fromEntries((prompt.embeds[0]!.fields ?? []).map((f) => [f.name, f.value]));
    assert.equal(fields['Command'], '`restart` (change)');
    assert.equal(fields['Agents (1)'], '`g-1`');
    assert.equal(fields['Parameters'], `container=${container}\nstop_timeout_s=120`);
    assert.equal(fleet.stats().commandsReceived, 0, 'nothing runs before the confirmation');
    const click = await h.click(prompt, 'confirm:yes:', MEMBERS.operator);
    const result = await st.emu.waitFor(() => {
      const f = st.emu.interaction(click.id).followUps[0];
      return f?.embeds[0]?.description?.includes('success') ? f : undefined;
    }, 8000);
    assert.equal(result.flags & EPHEMERAL, 0, 'the result is for the channel');
    assert.match(st.emu.interaction(click.id).original?.content ?? prompt.content, /Confirmed/);
    assert.equal(fleet.stats().commandsReceived, 1);
  });

  it('sends nothing on Cancel', async () => {
    const before = fleet.stats().commandsReceived;
    const ref = await h.slash('send', [opt.string('target', 'g-2'), opt.string('command', 'start'), opt.string('container', container)], MEMBERS.operator);
    const prompt = await h.original(ref.id, (m) => m.components.length > 0);
    const click = await h.click(prompt, 'confirm:no:', MEMBERS.operator);
    await h.answer(click.id);
    const updated = await h.original(ref.id, (m) => m.content.includes('cancelled'));
    assert.match(updated.content, /Request #\d+ cancelled: nothing was sent/);
    assert.equal(fleet.stats().commandsReceived, before);
  });

  it('lets only the requester confirm, and a second press does nothing', async () => {
    const before = fleet.stats().commandsReceived;
    const ref = await h.slash('send', [opt.string('target', 'g-2'), opt.string('command', 'start'), opt.string('container', container)], MEMBERS.operator);
    const prompt = await h.original(ref.id, (m) => m.components.length > 0);
    const intruder = await h.click(prompt, 'confirm:yes:', MEMBERS.approver);
    const refusal = await st.emu.waitFor(() => st.emu.interaction(intruder.id).original);
    assert.equal(refusal.flags & EPHEMERAL, EPHEMERAL);
    assert.match(refusal.content, /Only Olga, who asked, can confirm request #\d+/);
    assert.equal(fleet.stats().commandsReceived, before);
    // A double click: both presses arrive before the buttons are gone.
    const [first, second] = await Promise.all([h.click(prompt, 'confirm:yes:', MEMBERS.operator), h.click(prompt, 'confirm:yes:', MEMBERS.operator)]);
    await h.answer(first.id);
    await h.answer(second.id);
    await waitUntil(() => fleet.stats().commandsReceived === before + 1, 'the confirmed command');
    // A later command to the same agent: once it has arrived, a second one from the presses would have too.
    const later = await st.s.app.dispatcher.dispatch({ command: 'status', target: 'g-2', params: {}, actor: { id: 'console:t', name: 't (console)' }, via: 'console' });
    assert.equal(later.kind, 'running');
    if (later.kind === 'running') await later.run.done;
    assert.equal(fleet.stats().commandsReceived, before + 2, 'still one command from the presses, then the later one');
    const answers = [st.emu.interaction(first.id), st.emu.interaction(second.id)].map((s) => s.original?.content ?? '');
    assert.ok(answers.some((c) => /already dispatched/.test(c)), `one press is told it was already done: ${answers.join(' | ')}`);
  });

  it('re-checks roles at the click: a member who lost the role cannot confirm', async () => {
    const ref = await h.slash('send', [opt.string('target', 'g-1'), opt.string('command', 'start'), opt.string('container', container)], MEMBERS.operator);
    const prompt = await h.original(ref.id, (m) => m.components.length > 0);
    const before = fleet.stats().commandsReceived;
    const demoted = { user: MEMBERS.operator.user, roles: [IDS.roles.viewer] };
    const click = await h.click(prompt, 'confirm:yes:', demoted);
    const refusal = await st.emu.waitFor(() => st.emu.interaction(click.id).original);
    assert.match(refusal.content, /You may not run start: your level is viewer/);
    assert.equal(fleet.stats().commandsReceived, before);
  });

  it('expires a confirmation, says so, and refuses a late press', async () => {
    const ref = await h.slash('send', [opt.string('target', 'g-1'), opt.string('command', 'start'), opt.string('container', container)], MEMBERS.operator);
    const prompt = await h.original(ref.id, (m) => m.components.length > 0);
    const requestId = Number(String(prompt.components[0]!.components![0]!.custom_id).split(':').pop());
    const before = fleet.stats().commandsReceived;
    const expired = await h.original(ref.id, (m) => m.content.includes('expired'));
    assert.match(expired.content, /expired before it was confirmed: nothing was run/);
    assert.equal(expired.components.length, 0, 'no button is left to press');
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'expired');
    assert.equal(fleet.stats().commandsReceived, before);
  });

  it('refuses a late press: one that comes after the expiry, while the member still sees the buttons', async () => {
    const ref = await h.slash('send', [opt.string('target', 'g-1'), opt.string('command', 'start'), opt.string('container', container)], MEMBERS.operator);
    const prompt = await h.original(ref.id, (m) => m.components.length > 0);
    const requestId = Number(String(prompt.components[0]!.components![0]!.custom_id).split(':').pop());
    const before = fleet.stats().commandsReceived;
    // Discord does not take the expiry's edit of the prompt (404, not retried): its buttons stay shown.
    const edits = () => st.emu.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/webhooks/') && r.status === 404).length;
    const refusedEdits = edits();
    st.emu.failNext(1, { status: 404, match: /^PATCH \/webhooks\/[^/]+\/[^/]+\/messages\/@original$/ });
    await waitUntil(() => st.s.app.dispatcher.getRequest(requestId)?.state === 'expired' && edits() > refusedEdits, 'the expiry, and its edit refused', 8000);
    assert.ok(prompt.components.length > 0, 'the buttons are still there to press');
    const late = await h.click(prompt, 'confirm:yes:', MEMBERS.operator);
    const answer = await h.answer(late.id);
    const text = answer.original?.content ?? '';
    assert.match(text, /expired/, text);
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'expired');
    // A later command to the same agent: had the press run one, it would have arrived first.
    const later = await st.s.app.dispatcher.dispatch({ command: 'status', target: 'g-1', params: {}, actor: { id: 'console:t', name: 't (console)' }, via: 'console' });
    if (later.kind === 'running') await later.run.done;
    assert.equal(fleet.stats().commandsReceived, before + 1, 'only the later command');
  });

  it('refuses exec outside the allow-list, and asks approval for an allowed one', async () => {
    const bad = await h.slash('send', [opt.string('target', 'g-1'), opt.string('command', 'exec'), opt.string('container', container), opt.string('params', 'command="df -h; cat /keys"')], MEMBERS.admin);
    const msg = await h.original(bad.id);
    assert.equal(msg.flags & EPHEMERAL, EPHEMERAL);
    assert.match(msg.content, /exec is refused: "df -h; cat \/keys" matches none of the allowed patterns/);
    const good = await h.slash('send', [opt.string('target', 'g-1'), opt.string('command', 'exec'), opt.string('container', container), opt.string('params', 'command="df -h"')], MEMBERS.admin);
    await st.emu.waitFor(() => st.emu.interaction(good.id).modal);
  });
});

describe('guardrails: approvals', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  let h: ReturnType<typeof helpers>;
  let container: string;

  before(async () => {
    st = await startDiscordStack();
    fleet = await startFleet({ url: st.s.url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 12, idPrefix: 'ap' });
    await waitUntil(() => st.s.app.hub.isConnected('ap-1'), 'ap-1');
    h = helpers(st);
    container = fleet.agents[0]!.containers[0]!;
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  it('needs another approver: the requester and a non-approver are refused, an approver runs it', async () => {
    const { requestId, submit } = await h.requestApproval(MEMBERS.admin, 'ap-1', 'rotate_keys', `container=${container}`);
    const waiting = await st.emu.waitFor(() => st.emu.interaction(submit.id).original);
    assert.match(waiting.content, new RegExp(`Request #${requestId} waits for approval in <#${IDS.channels.approvals}>`));
    const post = await h.approvalPost(requestId);
    assert.equal(post.embeds[0]!.fields!.find((f) => f.name === 'Reason')?.value, 'planned maintenance window');

    const own = await h.click(post, 'approval:approve:', MEMBERS.admin);
    assert.match((await st.emu.waitFor(() => st.emu.interaction(own.id).original)).content, /You cannot approve your own request/);
    const notApprover = await h.click(post, 'approval:approve:', MEMBERS.operator);
    assert.match((await st.emu.waitFor(() => st.emu.interaction(notApprover.id).original)).content, /Only members with an approver role/);
    assert.equal(fleet.stats().commandsReceived, 0);

    await h.click(post, 'approval:approve:', MEMBERS.approver);
    const done = await st.emu.waitFor(() => {
      const m = st.emu.messages(IDS.channels.approvals).find((x) => x.id === post.id);
      return m?.embeds[0]?.description?.includes('success') ? m : undefined;
    }, 8000);
    assert.match(done.content, /Approved by Paul \(<@\d+>\) at <t:\d+:f>: running now/);
    assert.equal(done.components.length, 0);
    const requesterView = await st.emu.waitFor(() => {
      const o = st.emu.interaction(submit.id).original;
      return o?.content.includes('ran after approval') ? o : undefined;
    }, 8000);
    assert.match(requesterView.content, /ran after approval: 1 success/);

    st.s.app.store.queue.flush();
    const kinds = st.s.app.store.audit.list({ requestId }).map((e) => e.kind).reverse();
    assert.deepEqual(kinds, ['requested', 'reason', 'refused', 'refused', 'approved', 'dispatched', 'completed']);
    const approved = st.s.app.store.audit.list({ requestId, kind: 'approved' })[0]!;
    assert.equal(approved.actorId, MEMBERS.approver.user.id);
    assert.equal(approved.actorName, 'Paul');
  });

  it('re-checks the approver role at the click: a member who lost it cannot approve', async () => {
    const before = fleet.stats().commandsReceived;
    const { requestId } = await h.requestApproval(MEMBERS.admin, 'ap-1', 'backup_keys', `container=${container}`);
    const post = await h.approvalPost(requestId);
    const demoted = { user: MEMBERS.approver.user, roles: [IDS.roles.operator] };
    const click = await h.click(post, 'approval:approve:', demoted);
    assert.match((await st.emu.waitFor(() => st.emu.interaction(click.id).original)).content, /Only members with an approver role/);
    assert.equal(fleet.stats().commandsReceived, before);
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'awaiting_approval');
  });

  it('a denial runs nothing and both sides see who denied', async () => {
    const before = fleet.stats().commandsReceived;
    const { requestId, submit } = await h.requestApproval(MEMBERS.admin, 'ap-1', 'stop', `container=${container} reason=test`);
    const post = await h.approvalPost(requestId);
    await h.click(post, 'approval:deny:', MEMBERS.approver);
    const denied = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.id === post.id && m.content.includes('Denied')));
    assert.match(denied.content, /🚫 Denied by Paul/);
    await st.emu.waitFor(() => st.emu.interaction(submit.id).original?.content.includes('Denied by Paul'));
    assert.equal(fleet.stats().commandsReceived, before);
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'denied');
  });
});

describe('guardrails: approvals over time', () => {
  it('expires an approval and says so in both places', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-expiry-'));
    const st = await startDiscordStack({ env: { POLICY_FILE: policyFile(dir, { approvalTtlSeconds: 2 }) } });
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'ex-1', containers: ['polkadot'] } });
    try {
      await waitUntil(() => st.s.app.hub.isConnected('ex-1'), 'ex-1');
      const h = helpers(st);
      const { requestId, submit } = await h.requestApproval(MEMBERS.admin, 'ex-1', 'backup_keys', 'container=polkadot');
      const post = await h.approvalPost(requestId);
      const expired = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.id === post.id && m.content.includes('Expired')), 6000);
      assert.equal(expired.components.length, 0);
      await st.emu.waitFor(() => st.emu.interaction(submit.id).original?.content.includes('Expired'), 6000);
      const late = await h.click(post, 'approval:approve:', MEMBERS.approver).catch(() => undefined);
      assert.equal(late, undefined, 'no button is left to press');
      assert.equal(a.received.filter((f) => f.type === 'command').length, 0);
      assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'expired');
    } finally {
      await a.close();
      await st.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a pending approval across a restart of mserver, then runs it', async () => {
    const emu = await startEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'mserver-restart-'));
    const first = await startDiscordStack({ emu, dir });
    const fleet = await startFleet({ url: first.s.url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 5, idPrefix: 'rs', reconnectDelayMs: 200 });
    try {
      await waitUntil(() => first.s.app.hub.isConnected('rs-1'), 'rs-1');
      const container = fleet.agents[0]!.containers[0]!;
      const { requestId } = await helpers(first).requestApproval(MEMBERS.admin, 'rs-1', 'rotate_keys', `container=${container}`);
      const post = await helpers(first).approvalPost(requestId);
      const port = first.s.app.port;
      await first.s.stop();
      const second = await startDiscordStack({ emu, dir, env: { MCLIENT_PORT: String(port) } });
      try {
        await waitUntil(() => second.s.app.hub.isConnected('rs-1'), 'rs-1 back', 10_000);
        await helpers(second).click(post, 'approval:approve:', MEMBERS.approver);
        const done = await emu.waitFor(() => {
          const m = emu.messages(IDS.channels.approvals).find((x) => x.id === post.id);
          return m?.embeds[0]?.description?.includes('success') ? m : undefined;
        }, 10_000);
        assert.match(done.content, /Approved by Paul/);
        assert.ok(done.embeds[0]!.description!.includes(fleet.agents[0]!.sessionKeys.get(container)!));
        const told = await emu.waitFor(() => emu.messages(IDS.channels.ops).find((m) => !m.interactionId && m.content.includes(`Request #${requestId}`) && m.content.includes('ran after approval')));
        assert.match(told.content, /1 success/);
      } finally {
        await second.s.stop();
      }
    } finally {
      await fleet.stop();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('guardrails: no roles configured', () => {
  it('lets only members with the Administrator permission use mserver', async () => {
    const st = await startDiscordStack({ roles: false });
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'nr-1' } });
    try {
      await waitUntil(() => st.s.app.hub.isConnected('nr-1'), 'nr-1');
      const h = helpers(st);
      const refused = await h.slash('send', [opt.string('target', 'nr-1'), opt.string('command', 'status')], MEMBERS.operator);
      assert.match((await h.original(refused.id)).content, /No roles are configured, so only members with the Administrator permission may use mserver/);
      const nodes = await h.slash('nodes', [], MEMBERS.operator);
      assert.match((await h.original(nodes.id)).content, /You may not use \/nodes/);
      const admin = await h.slash('send', [opt.string('target', 'nr-1'), opt.string('command', 'status')], { user: MEMBERS.nobody.user, roles: [IDS.roles.discordAdmin] });
      const cmd = await a.nextCommand();
      a.respond(cmd.id, 'success', { result: 'ok' });
      await h.original(admin.id, (m) => m.embeds[0]?.description?.includes('success') === true);
    } finally {
      await a.close();
      await st.stop();
    }
  });
});

describe('guardrails: secrets', () => {
  const NODE_KEY = 'f1e2d3c4b5a697887766554433221100ffeeddccbbaa99887766554433221100';
  const SEED = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

  it('keeps a backup and a node key out of Discord, the log and the database', async () => {
    const st = await startDiscordStack();
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'sec-1', containers: ['polkadot'] } });
    try {
      await waitUntil(() => st.s.app.hub.isConnected('sec-1'), 'sec-1');
      const h = helpers(st);
      const logs = await h.slash('send', [opt.string('target', 'sec-1'), opt.string('command', 'logs'), opt.string('container', 'polkadot')], MEMBERS.viewer);
      const cmd = await a.nextCommand();
      a.respond(cmd.id, 'success', {
        result: { lines: ['2026-11-27 Idle (40 peers)', `starting polkadot --validator --node-key ${NODE_KEY}`, `Secret phrase: ${SEED}`] },
      });
      const shown = await h.original(logs.id, (m) => m.embeds[0]?.description?.includes('Idle') === true);
      assert.ok(shown.embeds[0]!.description!.includes('--node-key [redacted]'));

      const { requestId } = await h.requestApproval(MEMBERS.admin, 'sec-1', 'backup_keys', 'container=polkadot');
      const post = await h.approvalPost(requestId);
      await h.click(post, 'approval:approve:', MEMBERS.approver);
      const backup = await a.nextCommand();
      a.respond(backup.id, 'success', { result: { path: '/backups/keys.tar.gz', size_bytes: 2048, sha256: 'a'.repeat(64), content: `"0x${NODE_KEY}"`, node_key: NODE_KEY } });
      const done = await st.emu.waitFor(() => {
        const m = st.emu.messages(IDS.channels.approvals).find((x) => x.id === post.id);
        return m?.embeds[0]?.description?.includes('success') ? m : undefined;
      }, 8000);
      assert.match(done.embeds[0]!.description!, /path: \/backups\/keys\.tar\.gz\nsize: 2048 bytes\nsha256: a{64}/);

      st.s.app.store.queue.flush();
      const everything = [
        JSON.stringify(st.emu.messages(IDS.channels.ops)),
        JSON.stringify(st.emu.messages(IDS.channels.approvals)),
        JSON.stringify([...st.emu.requests]),
        st.s.logText(),
        JSON.stringify(st.s.app.store.db.prepare('SELECT * FROM commands').all()),
        JSON.stringify(st.s.app.store.db.prepare('SELECT * FROM command_events').all()),
        JSON.stringify(st.s.app.store.db.prepare('SELECT * FROM audit').all()),
      ].join('\n');
      for (const [name, secret] of [['node key', NODE_KEY], ['seed phrase', SEED], ['agent token', TEST_TOKEN], ['bot token', st.emu.token]]) {
        assert.equal(everything.includes(secret!), false, `the ${name} leaked`);
      }
    } finally {
      await a.close();
      await st.stop();
    }
  });
});
