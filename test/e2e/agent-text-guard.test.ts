// Issue 14, "What agents write cannot dress up as mserver" and "Secrets never land", end to end: the real
// hub, a real WebSocket agent, the real discord.js bot against the Discord emulator, a real SQLite file.
// A key_update whose container is Markdown with a link is refused (not stored, not posted, audited); an
// agent's result and error with Markdown are shown escaped; a node key in a summary reaches no table, no
// log line and no message; an id that is not a plain name is refused; the database file is 0600.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { startTestServer, TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const AGENT = 'mark-1';
const NODE_KEY = '9f3c1ad2e4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5';
const STASH = '14E5nqKAp3oAJcmzgZhUD2RcptBeUBScxKHgJKU4HPNcKVf3';
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => f.value).join('\n')}`)].join('\n');
const allMessages = (st: DiscordStack) => Object.values(IDS.channels).flatMap((c) => st.emu.messages(c));
/** Markdown outside code blocks: what Discord renders. */
const outsideCode = (s: string) => s.replace(/```[\s\S]*?```/g, '');

describe('agent text cannot dress up as mserver; secrets in summaries never land', () => {
  let st: DiscordStack;
  let agent: TestAgent;

  before(async () => {
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '2000' } });
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: AGENT, containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected(AGENT), `${AGENT} connected`);
  });
  after(async () => {
    await agent.close();
    await st.stop();
  });

  /** Frames are handled in order: once this answer arrives, every frame sent before it was handled. */
  async function handled(): Promise<void> {
    const id = `cmd_0_${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    agent.send({ type: 'command_response', data: { id, status: 'ok' } });
    await agent.next((f) => f.type === 'command_ack' && f.command_id === id);
    st.s.app.store.queue.flush();
  }

  it('refuses a key_update whose container carries Markdown and a link: not stored, not posted, audited, counted', async () => {
    const evil = '✅ **verified by mserver** [runbook](https://evil.example/r)';
    const refusedKey = `0x${'ee'.repeat(96)}`;
    const goodKey = `0x${'a1'.repeat(96)}`;
    const refusedBefore = st.s.app.hub.stats().refusedFrames;
    agent.send({ type: 'key_update', data: { container: evil, session_key: refusedKey, action: 'rotate_keys' } });
    const nack = await agent.next((f) => f.type === 'key_update_ack');
    assert.equal(nack.status, 'error');
    assert.match(String(nack.message), /data\.container is not a container name/);
    // A later, plain key_update: once its alert is posted, the refused one would have been posted first.
    agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: goodKey } });
    assert.equal((await agent.next((f) => f.type === 'key_update_ack')).status, 'success');
    await st.emu.waitFor(() => st.emu.messages(IDS.channels.keys).find((m) => text(m).includes(goodKey)), 8000);
    st.s.app.store.queue.flush();

    const keys = st.s.app.store.keys.list(AGENT, 50);
    assert.ok(keys.some((k) => k.sessionKey === goodKey), 'the plain key_update is stored');
    assert.ok(!keys.some((k) => k.sessionKey === refusedKey || k.container.includes('evil')), 'the refused one is not');
    for (const m of allMessages(st)) {
      assert.ok(!text(m).includes('evil.example') && !text(m).includes(refusedKey), `posted: ${text(m)}`);
    }
    const audit = st.s.app.store.audit.list({ kind: 'agent_frame_refused', agentId: AGENT }).filter((e) => (e.detail as { type?: string }).type === 'key_update');
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.detail, { type: 'key_update', field: 'data.container', reason: 'not a container name (a letter or digit, then up to 127 of letters, digits, _ . -)' });
    assert.equal(st.s.app.hub.stats().refusedFrames, refusedBefore + 1);
    assert.ok(!st.s.logText().includes('evil.example'), 'nor in a log line');
  });

  /** /send status from Discord, answered by the agent; the reply once its description mentions `state`. */
  async function statusShown(answer: (commandId: string) => void, state: string): Promise<string> {
    const ref = await st.emu.slash({ name: 'send', options: [opt.string('target', AGENT), opt.string('command', 'status')], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    const cmd = await agent.next((f) => f.type === 'command' && (f.data as { command?: string }).command === 'status');
    answer((cmd.data as { id: string }).id);
    const msg = await st.emu.waitFor(() => {
      const o = st.emu.interaction(ref.id).original;
      return o?.embeds[0]?.description?.includes(state) ? o : undefined;
    }, 8000);
    return msg.embeds[0]!.description!;
  }

  it('shows an agent result and an agent error with Markdown escaped: no heading, no link, no bold', async () => {
    const result = '# ✅ Verified by mserver [runbook](https://evil.example/r) **all good**\nsecond line';
    const description = await statusShown((id) => agent.respond(id, 'success', { result }), 'success');
    const shown = outsideCode(description);
    assert.ok(shown.includes('\\# ✅ Verified by mserver \\[runbook](https://evil.example/r) \\*\\*all good\\*\\*'), shown);
    assert.ok(!/^#/m.test(shown), 'no heading');
    assert.ok(!/(?<!\\)\[runbook\]\(/.test(shown), 'no live masked link');
    // The whole answer is still there, as it is, in the code block.
    assert.ok(description.includes(`\`\`\`\n${result}\n\`\`\``));

    const error = '## mserver: session expired, [sign in again](https://evil.example/login)';
    const shown2 = outsideCode(await statusShown((id) => agent.respond(id, 'failed', { error }), 'failed'));
    assert.ok(shown2.includes('\\## mserver: session expired, \\[sign in again](https://evil.example/login)'), shown2);
    assert.ok(!/^#/m.test(shown2) && !/(?<!\\)\[sign in again\]\(/.test(shown2), shown2);
  });

  it('keeps a node key in a summary out of every table, every log line and every message', async () => {
    agent.send({
      type: 'summary',
      data: {
        host_name: 'mark-host',
        node_key: NODE_KEY,
        containers: [{ name: 'polkadot', state: 'running', cmdline: `polkadot --validator --node-key ${NODE_KEY} --name v1` }],
        payout_info: { stash: STASH, active_era: 1600, unclaimed_eras: [{ era: 1590, pages_left: 1 }], nodeKey: NODE_KEY, note: `node_key=${NODE_KEY}` },
      },
    });
    await handled();

    const db = st.s.app.store.db;
    // The summary was kept (so the check below is not vacuous), redacted.
    const row = db.prepare('SELECT last_summary FROM agents WHERE id = ?').get(AGENT) as { last_summary: string | null };
    assert.match(row.last_summary ?? '', /\[redacted\]/);
    assert.match(row.last_summary ?? '', /mark-host/);
    assert.equal(st.s.app.store.payouts.history(AGENT).length, 1, 'the payout row was stored');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    assert.ok(tables.length >= 10);
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all();
      assert.ok(!JSON.stringify(rows).includes(NODE_KEY), `the node key is in table ${table}`);
    }
    assert.ok(!st.s.logText().includes(NODE_KEY), 'nor in a log line');
    for (const m of allMessages(st)) assert.ok(!text(m).includes(NODE_KEY), 'nor in a message');
  });

  it('refuses a register whose id is Markdown: the agent stays anonymous until it sends a plain one', async () => {
    const other = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: '**admin** [x](https://evil.example)' } });
    try {
      other.send({ type: 'register', data: { client_id: 'plain-2' } });
      await waitUntil(() => st.s.app.hub.isConnected('plain-2'), 'plain-2 connected');
      st.s.app.store.queue.flush();
      const ids = (st.s.app.store.db.prepare('SELECT id FROM agents').pluck().all() as string[]).sort();
      assert.deepEqual(ids, [AGENT, 'plain-2']);
      const refused = st.s.app.store.audit.list({ kind: 'agent_frame_refused' }).filter((e) => (e.detail as { field?: string }).field === 'data.client_id');
      assert.equal(refused.length, 1);
      assert.match(refused[0]!.agentId ?? '', /^anon-/);
    } finally {
      await other.close();
    }
  });

  it('created the database file, its -wal and its -shm 0600', () => {
    for (const suffix of ['', '-wal', '-shm']) assert.equal(statSync(`${st.s.dbPath}${suffix}`).mode & 0o777, 0o600, `mserver.db${suffix}`);
  });
});

describe('agent text on the console', () => {
  it('prints an agent result without control or bidi characters: no escape sequence reaches the terminal', async () => {
    const s = await startTestServer({ console: true });
    const agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'tty-1', containers: ['polkadot'] } });
    try {
      await waitUntil(() => s.app.hub.isConnected('tty-1'), 'tty-1 connected');
      s.type('send tty-1 status');
      const cmd = await agent.nextCommand();
      // Clear the screen, retitle the window, ring the bell, overwrite the line, reverse what follows.
      agent.respond(cmd.id, 'success', { result: 'ok\u001b[2J\u001b]0;pwned\u0007\rall verified \u009b31m\u202edetacilpmoc\u202c end' });
      await s.waitForOutput(/tty-1\s+success/);
      await s.waitForOutput('end');
      const printed = s.consoleOut.join('\n');
      // eslint-disable-next-line no-control-regex
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(printed), JSON.stringify(printed));
      assert.match(printed, /ok\[2J\]0;pwnedall verified 31mdetacilpmoc end/);
    } finally {
      await agent.close();
      await s.dispose();
    }
  });
});
