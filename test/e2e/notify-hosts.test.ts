// The alerts channel: an agent gone dark past the grace, back online with how long it was gone; one
// flapping (coalesced into one note, no storm); and unattended commands (scheduled, automatic) that
// failed or timed out. A command someone is waiting for is not reported here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmuMessage } from '../support/discord-emulator/index.ts';
import { IDS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const ALERTS = IDS.channels.alerts;
const text = (m: EmuMessage) => m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`).join('\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notifications: hosts and unattended commands', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  const about = (agentId: string) => st.emu.messages(ALERTS).filter((m) => text(m).includes(`**${agentId}**`));

  before(async () => {
    st = await startDiscordStack({ env: { AGENT_OFFLINE_GRACE_S: '1', AGENT_ALERT_WINDOW_MS: '100', COMMAND_TIMEOUT_MS: '500' } });
    fleet = await startFleet({
      url: st.s.url,
      clients: 3,
      token: TEST_TOKEN,
      summaryEveryMs: 0,
      seed: 51,
      idPrefix: 'host',
      reconnectDelayMs: 50,
      failCommands: ['check_keys'],
      stallCommands: ['logs'],
    });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 3, 'three agents');
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  async function flap(agentId: string): Promise<void> {
    const agent = fleet.agent(agentId)!;
    agent.disconnect({ reconnect: false });
    await waitUntil(() => !st.s.app.hub.isConnected(agentId), `${agentId} gone`);
    await sleep(50);
    await agent.connect();
    await waitUntil(() => st.s.app.hub.isConnected(agentId), `${agentId} back`);
  }

  it('reports an agent offline only after the grace, and back online with how long it was gone', async () => {
    const agent = fleet.agent('host-1')!;
    const down = Date.now();
    agent.disconnect({ reconnect: false });
    const offline = await st.emu.waitFor(() => about('host-1')[0], 5000);
    assert.ok(offline.created_at - down >= 1000, 'not before the grace');
    assert.equal(offline.embeds[0]!.title, 'host-1 is offline');
    assert.match(text(offline), /🔴 \*\*host-1\*\* is offline: disconnected <t:\d+:f>, not back for 1\.\d s/);
    assert.equal(offline.embeds[0]!.color, 0xe74c3c);
    await sleep(300);
    await agent.connect();
    const online = await st.emu.waitFor(() => about('host-1')[1], 5000);
    assert.equal(online.embeds[0]!.title, 'host-1 is back online');
    assert.match(text(online), /🟢 \*\*host-1\*\* is back online after 1\.\d s \(offline since <t:\d+:f>\)/);
    assert.equal(about('host-1').length, 2);
  });

  it('says nothing for a drop shorter than the grace', async () => {
    await flap('host-3');
    await sleep(1300);
    assert.equal(about('host-3').length, 0);
  });

  it('coalesces an agent flapping into one note, not a storm of offline/online', async () => {
    for (let i = 0; i < 3; i++) await flap('host-2');
    const note = await st.emu.waitFor(() => about('host-2')[0], 3000);
    assert.equal(note.embeds[0]!.title, 'host-2 is flapping');
    assert.match(text(note), /🟠 \*\*host-2\*\* is flapping: 3 short disconnects in the last 10\.0 s/);
    for (let i = 0; i < 4; i++) await flap('host-2');
    await sleep(1300);
    assert.equal(about('host-2').length, 1, 'one note for the whole window');
  });

  it('reports unattended commands that failed or timed out; not those someone is waiting for', async () => {
    const agent = fleet.agent('host-3')!;
    const container = agent.containers[0]!;
    const ops = { id: 'ops', name: 'Olga' };

    const waited = await st.s.app.dispatcher.dispatch({ command: 'check_keys', target: 'host-3', params: { container }, actor: ops, via: 'console' });
    assert.equal(waited.kind, 'running');
    if (waited.kind === 'running') assert.equal((await waited.run.done)[0]?.state, 'failed');

    const automatic = await st.s.app.dispatcher.dispatch({ command: 'check_keys', target: 'host-3', params: { container }, actor: { id: 'mserver', name: 'mserver' }, via: 'system' });
    const failed = await st.emu.waitFor(() => st.emu.messages(ALERTS).find((m) => text(m).includes(`request #${automatic.request.id},`)), 5000);
    assert.equal(failed.embeds[0]!.title, '❌ Automatic check_keys failed on 1 of 1 agent');
    assert.match(text(failed), /❌ \*\*host-3\*\* · failed · \S/);

    const params = { container, lines: 10 };
    const grant = st.s.app.dispatcher.authorize({ command: 'logs', target: 'host-3', params, actor: ops, via: 'console' }, { purpose: 'schedule: nightly logs' });
    assert.equal(grant.kind, 'granted');
    const scheduled = await st.s.app.dispatcher.dispatch(
      { command: 'logs', target: 'host-3', params, actor: { id: 'schedule-1', name: 'schedule nightly logs' }, via: 'schedule' },
      { authorization: grant.request.id },
    );
    const timedOut = await st.emu.waitFor(() => st.emu.messages(ALERTS).find((m) => text(m).includes(`request #${scheduled.request.id},`)), 5000);
    assert.equal(timedOut.embeds[0]!.title, '❌ Scheduled logs failed on 1 of 1 agent');
    assert.match(text(timedOut), /⌛ \*\*host-3\*\* · timed out/);

    await sleep(200);
    assert.equal(st.emu.messages(ALERTS).filter((m) => text(m).includes(`request #${waited.request.id},`)).length, 0, 'someone was waiting for that one');
  });
});
