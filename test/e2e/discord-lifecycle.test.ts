// The bot's life: Discord away or refusing the token at start (the hub serves agents meanwhile), command
// sync only when the code changed, and the /rotate-keys flow from request to new session keys.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { opt } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, startEmulator, stackEnv, withTimeout } from '../support/discord-stack.ts';
import { startTestServer, TEST_TOKEN } from '../support/mserver.ts';
import { startFleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

describe('Discord: start-up', () => {
  it('keeps serving agents while Discord is unreachable, then logs in when it comes back', async () => {
    const emu = await startEmulator();
    emu.setUnreachable(true);
    const s = await startTestServer({ env: { ...stackEnv(emu), DISCORD_LOGIN_RETRY_S: '1' } });
    try {
      const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'early-1' } });
      await waitUntil(() => s.app.hub.isConnected('early-1'), 'agent served while Discord is away');
      await waitUntil(() => s.logs.some((l) => String(l.msg).includes('Discord is out of reach')), 'a clear log line');
      emu.setUnreachable(false);
      await withTimeout(s.app.discord!.ready, 15_000, 'login after Discord came back');
      assert.equal(emu.commandWrites(IDS.guild), 1);
      await a.close();
    } finally {
      await s.dispose();
      await emu.close();
    }
  });

  it('says clearly that the token was refused, and keeps the hub up', async () => {
    const emu = await startEmulator();
    const s = await startTestServer({ env: { ...stackEnv(emu), DISCORD_TOKEN: 'not-the-right-token', DISCORD_LOGIN_RETRY_S: '1' } });
    try {
      await waitUntil(() => s.logs.find((l) => String(l.msg).includes('Discord refused DISCORD_TOKEN')), 'the refusal logged', 8000);
      const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'still-1' } });
      await waitUntil(() => s.app.hub.isConnected('still-1'), 'agent served');
      await a.close();
      assert.equal(s.logText().includes('not-the-right-token'), false, 'the token is never logged');
    } finally {
      await s.dispose();
      await emu.close();
    }
  });

  it('rewrites the guild commands only when they differ from the code', async () => {
    const emu = await startEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'mserver-sync-'));
    try {
      const first = await startDiscordStack({ emu, dir });
      assert.equal(emu.commandWrites(IDS.guild), 1);
      await first.s.stop();
      const second = await startDiscordStack({ emu, dir });
      await waitUntil(() => second.s.logs.some((l) => l.msg === 'slash commands already up to date'), 'sync checked');
      assert.equal(emu.commandWrites(IDS.guild), 1, 'no second write for the same commands');
      await second.s.stop();
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Discord: /rotate-keys', () => {
  it('runs after a second person approves, and shows the new session keys with the set_keys reminder', async () => {
    const st = await startDiscordStack();
    const fleet = await startFleet({ url: st.s.url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 4, idPrefix: 'rk' });
    try {
      await waitUntil(() => st.s.app.hub.isConnected('rk-1'), 'rk-1');
      const container = fleet.agents[0]!.containers[0]!;
      const ref = await st.emu.slash({
        name: 'rotate-keys',
        options: [opt.string('target', 'rk-1'), opt.string('container', container)],
        user: MEMBERS.admin.user,
        roles: [...MEMBERS.admin.roles],
        channelId: IDS.channels.ops,
      });
      const modal = await st.emu.waitFor(() => st.emu.interaction(ref.id).modal);
      assert.match(String(modal.custom_id), /^approval:reason:\d+$/);
      await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'old keys were on the decommissioned host' }, user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
      const request = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.components.length > 0));
      assert.match(request.content, /Approval needed: Adam asks to run `rotate_keys`/);
      assert.equal(fleet.stats().commandsReceived, 0, 'nothing runs before the approval');
      await st.emu.click({ message: request, customId: String(request.components[0]!.components![0]!.custom_id), user: MEMBERS.approver.user, roles: [...MEMBERS.approver.roles] });
      const done = await st.emu.waitFor(() => {
        const m = st.emu.messages(IDS.channels.approvals).find((x) => x.id === request.id);
        return m?.embeds[0]?.description?.includes('success') ? m : undefined;
      }, 8000);
      const keys = fleet.agents[0]!.sessionKeys.get(container)!;
      assert.ok(done.embeds[0]!.description!.includes(keys), 'the new session keys, in full');
      assert.match(done.embeds[0]!.description!, /set_keys is pending on chain/);
      assert.match(done.content, /Approved by Paul/);
      assert.equal(st.s.app.store.keys.list('rk-1')[0]?.sessionKey, keys);
    } finally {
      await fleet.stop();
      await st.stop();
    }
  });
});
