// mserver killed with SIGKILL in the middle of everything (a running command, a pending approval, a
// schedule, a notification queued while Discord's API is out), then started again on the same
// database: the file is sound, the command is marked interrupted and reported, the approval and the
// schedule are intact, the queued notification is posted once. Then SIGTERM stops it gracefully.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { opt } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, stackEnv, startEmulator } from '../support/discord-stack.ts';
import { startMserverProcess, type MserverProcess } from '../support/mserver-process.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function readDb<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('crash and restart', () => {
  it('survives SIGKILL mid-everything and stops gracefully on SIGTERM', async () => {
    const emu = await startEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'mserver-crash-'));
    const dbPath = join(dir, 'mserver.db');
    const port = await freePort();
    const env = { ...stackEnv(emu), DATABASE_PATH: dbPath, MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_PORT: String(port), DISCORD_LOGIN_RETRY_S: '1', NOTIFY_RETRY_MIN_MS: '200', NOTIFY_RETRY_MAX_MS: '1000' };
    const url = `ws://127.0.0.1:${port}`;
    let p1: MserverProcess | undefined;
    let p2: MserverProcess | undefined;
    const fleet = await startFleet({ url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 8, idPrefix: 'cr', reconnectDelayMs: 300 });
    let stall: TestAgent | undefined;
    let late: TestAgent | undefined;
    try {
      p1 = await startMserverProcess(env);
      await p1.waitForStderr('slash commands', 15_000);
      await fleet.waitConnected(1, 10_000);
      stall = await TestAgent.connect(url, { token: TEST_TOKEN, register: { client_id: 'stall-1', containers: ['polkadot'] } });
      const container = fleet.agents[0]!.containers[0]!;

      // A pending approval.
      const ref = await emu.slash({ name: 'rotate-keys', options: [opt.string('target', 'cr-1'), opt.string('container', container)], user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles], channelId: IDS.channels.ops });
      const modal = await emu.waitFor(() => emu.interaction(ref.id).modal, 8000);
      await emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'keys on a retired host' }, user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
      const approval = await emu.waitFor(() => emu.messages(IDS.channels.approvals).find((m) => m.components.length > 0), 8000);

      // A schedule.
      let from = p1.stdout.length;
      p1.write('schedule add nightly "0 3 * * *" cr-1 status');
      await p1.waitForStdout(/nightly/, 10_000, from);

      // A command still running.
      from = p1.stdout.length;
      p1.write('send stall-1 logs container=polkadot lines=10');
      const running = await stall.nextCommand(10_000);

      // A notification queued while Discord's API is out.
      emu.setUnreachable(true, { gateway: false });
      stall.send({ type: 'key_update', data: { container: 'polkadot', session_key: '0xfeedface00112233', action: 'rotate_keys' } });
      await waitUntil(() => readDb(dbPath, (db) => (db.prepare("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND payload LIKE '%0xfeedface00112233%'").get() as { n: number }).n) > 0, 'the key alert waits in the outbox', 10_000);

      assert.equal((await p1.kill('SIGKILL')).signal, 'SIGKILL');
      p1 = undefined;

      const sound = readDb(dbPath, (db) => [db.pragma('integrity_check', { simple: true }), db.pragma('foreign_key_check')]);
      assert.deepEqual(sound, ['ok', []]);

      p2 = await startMserverProcess(env);
      emu.setUnreachable(false);
      await p2.waitForStderr('Discord bot logged in', 20_000);

      // The command that was running is marked interrupted and reported once.
      const state = readDb(dbPath, (db) => (db.prepare('SELECT state FROM commands WHERE id = ?').get(running.id) as { state: string }).state);
      assert.equal(state, 'interrupted');
      await emu.waitFor(() => emu.messages(IDS.channels.alerts).some((m) => JSON.stringify(m.embeds).includes(running.id)), 15_000);

      // The queued key alert is posted once. "Once" is counted after a later post in each channel: the
      // outbox posts a channel's messages in the order they were stored, so a repeat of anything stored
      // before (the queued alert, the interrupted notice) would come before these.
      const said = (channel: string, what: string) => emu.messages(channel).filter((m) => JSON.stringify([m.content, m.embeds]).includes(what));
      late = await TestAgent.connect(url, { token: TEST_TOKEN, register: { client_id: 'late-1', containers: ['polkadot'] } });
      late.send({ type: 'key_update', data: { container: 'polkadot', session_key: '0xfeedface99887766', action: 'rotate_keys' } });
      await emu.waitFor(() => said(IDS.channels.keys, '0xfeedface99887766').length > 0 || undefined, 15_000);
      from = p2.stdout.length;
      p2.write('schedule add late-check "0 0 1 1 *" late-1 status');
      await p2.waitForStdout(/late-check/, 10_000, from);
      p2.write('schedule run late-check');
      const check = await late.next((f) => f.type === 'command' && (f.data as { command?: string }).command === 'status', 10_000);
      late.respond((check.data as { id: string }).id, 'failed', { error: 'late-check-failed' });
      await emu.waitFor(() => said(IDS.channels.alerts, 'late-check').length > 0 || undefined, 15_000);
      assert.equal(said(IDS.channels.keys, '0xfeedface00112233').length, 1);
      assert.equal(emu.messages(IDS.channels.alerts).filter((m) => JSON.stringify(m.embeds).includes(running.id)).length, 1);

      // The schedule is intact and armed.
      from = p2.stdout.length;
      p2.write('schedule list');
      await p2.waitForStdout(/nightly.*0 3 \* \* \*/, 10_000, from);

      // The approval is intact: approving the old message runs the command.
      await fleet.waitConnected(1, 10_000);
      await waitUntil(() => p2!.stderr.some((l) => l.includes('"agent":"cr-1"') && l.includes('agent connected')), 'cr-1 back', 10_000);
      const button = approval.components[0]?.components?.find((c) => String(c.custom_id).startsWith('approval:approve:'));
      assert.ok(button, 'the approval message still has its buttons');
      await emu.click({ message: approval, customId: String(button.custom_id), user: MEMBERS.approver.user, roles: [...MEMBERS.approver.roles] });
      await emu.waitFor(() => emu.messages(IDS.channels.approvals).find((m) => m.id === approval.id && m.embeds[0]?.description?.includes('success')), 15_000);
      assert.equal(fleet.agents[0]!.sessionKeys.has(container), true);

      // SIGTERM: agents are told, writes finish, exit code 0.
      const calm = await TestAgent.connect(url, { token: TEST_TOKEN, register: { client_id: 'calm-1' } });
      const closed = calm.closed;
      calm.send({ type: 'summary', data: { marker: 'last-words' } });
      await new Promise((r) => setTimeout(r, 100));
      const exit = await p2.kill('SIGTERM');
      p2 = undefined;
      assert.equal(exit.code, 0);
      assert.equal((await closed).code, 1001);
      const last = readDb(dbPath, (db) => (db.prepare("SELECT last_summary FROM agents WHERE id = 'calm-1'").get() as { last_summary: string }).last_summary);
      assert.match(last, /last-words/);
    } finally {
      await stall?.close().catch(() => undefined);
      await late?.close().catch(() => undefined);
      await fleet.stop();
      await p1?.kill('SIGKILL');
      await p2?.kill('SIGKILL');
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
