// Fix from the alert (issue 19): an unclaimed-payout alert carries Run payout (change: the clicker
// confirms), a host back online carries Status, a failed scheduled run carries Run again. Each button
// is the clicker's own request through the dispatcher: their level, the confirmation, the audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmuMessage } from '../support/discord-emulator/index.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

type Member = (typeof MEMBERS)[keyof typeof MEMBERS];
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');

describe('fix from the alert: buttons', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  const console_ = { actor: { id: 'console:t', name: 't (console)' }, via: 'console' as const };

  const buttonOf = (m: EmuMessage, label: string) => {
    const b = m.components.flatMap((r) => r.components ?? []).find((c) => c.label === label);
    if (!b) throw new Error(`no button "${label}" on: ${text(m).slice(0, 200)}`);
    return String(b.custom_id);
  };
  const click = (m: EmuMessage, label: string, who: Member) => st.emu.click({ message: m, customId: buttonOf(m, label), user: who.user, roles: [...who.roles] });
  const original = (id: string) => st.emu.waitFor(() => st.emu.interaction(id).original, 8000);
  const lastCommand = (agentId: string, command: string) => st.s.app.store.commands.history({ agentId, command, limit: 1 })[0];

  before(async () => {
    // PAYOUT_SNAPSHOT_MIN_S=0: the second payout state follows the first at once (the hub would otherwise wait a minute).
    st = await startDiscordStack({ env: { PAYOUT_SNAPSHOT_MIN_S: '0', PAYOUT_ALERT_WINDOW_MS: '100', AGENT_OFFLINE_GRACE_S: '1', AGENT_ALERT_WINDOW_MS: '100', COMMAND_TIMEOUT_MS: '2000' } });
    fleet = await startFleet({ url: st.s.url, clients: 2, token: TEST_TOKEN, summaryEveryMs: 0, seed: 77, idPrefix: 'btn', reconnectDelayMs: 50, failCommands: ['logs'] });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 2, 'two agents');
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  it('Run payout on an unclaimed-payout alert: refused for a viewer, a confirmation for the operator who clicked, then the payout', async () => {
    // A first sight of a healthy agent is not news; a new unclaimed era is.
    fleet.agent('btn-1')!.setPayout({ activeEra: 1000, unclaimedEras: [999], accrue: false });
    fleet.sendSummaries();
    await waitUntil(() => {
      st.s.app.store.queue.flush();
      return st.s.app.store.alertState.all('payout').has('btn-1');
    }, 'the first payout state kept');
    fleet.agent('btn-1')!.setPayout({ activeEra: 1001, unclaimedEras: [999, 1000], accrue: false });
    fleet.sendSummaries();
    const alert = await st.emu.waitFor(() => st.emu.messages(IDS.channels.payouts).find((m) => /btn-1/.test(text(m)) && m.components.length > 0), 8000);
    const viewer = await click(alert, 'Run payout: btn-1', MEMBERS.viewer);
    assert.match((await original(viewer.id)).content, /You may not run payout/);
    assert.equal(lastCommand('btn-1', 'payout'), undefined, 'nothing sent for the viewer');

    const ref = await click(alert, 'Run payout: btn-1', MEMBERS.operator);
    const prompt = await original(ref.id);
    assert.match(prompt.content, /Check what will run, then confirm/);
    assert.equal(lastCommand('btn-1', 'payout'), undefined, 'nothing sent before the confirmation');
    const confirm = prompt.components.flatMap((r) => r.components ?? []).find((c) => String(c.custom_id).startsWith('confirm:yes:'))!;
    const intruder = await st.emu.click({ message: prompt, customId: String(confirm.custom_id), user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
    assert.match((await original(intruder.id)).content, /Only Olga, who asked, can confirm/);
    await st.emu.click({ message: prompt, customId: String(confirm.custom_id), user: MEMBERS.operator.user, roles: [...MEMBERS.operator.roles] });
    const row = await waitUntil(() => lastCommand('btn-1', 'payout'), 'payout sent');
    assert.equal(row.actorName, 'Olga');
    assert.equal(row.via, 'discord');
  });

  it('Status on a host that is back online', async () => {
    const agent = fleet.agent('btn-2')!;
    agent.disconnect({ reconnect: false });
    await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => m.embeds[0]?.title === 'btn-2 is offline'), 8000);
    await agent.connect();
    const back = await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => m.embeds[0]?.title === 'btn-2 is back online'), 8000);
    await click(back, 'Status: btn-2', MEMBERS.viewer);
    const row = await waitUntil(() => lastCommand('btn-2', 'status')?.state === 'success' && lastCommand('btn-2', 'status'), 'status ran');
    assert.equal(row.actorName, 'Vera');
  });

  it('Run again on a failed scheduled run: the same command, as the clicker', async () => {
    st.s.app.scheduler.add({ name: 'logs-1', cron: '0 0 1 1 *', target: 'btn-1', command: 'logs', params: { container: fleet.agent('btn-1')!.containers[0]!, lines: 5 }, channelId: IDS.channels.ops }, console_);
    const { request } = await st.s.app.scheduler.runNow('logs-1', console_);
    const failure = await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => JSON.stringify(m.embeds).includes(`#${request.id}`)), 8000);
    const nobody = await click(failure, 'Run again', MEMBERS.nobody);
    assert.match((await original(nobody.id)).content, /You may not run logs/);
    await click(failure, 'Run again', MEMBERS.viewer);
    const row = await waitUntil(() => {
      const r = lastCommand('btn-1', 'logs');
      return r && r.requestId !== request.id && r.state !== 'sent' ? r : undefined;
    }, 'logs ran again');
    assert.equal(row.actorName, 'Vera');
    assert.deepEqual(st.s.app.store.requests.get(row.requestId!)!.params, st.s.app.store.requests.get(request.id)!.params);
  });
});
