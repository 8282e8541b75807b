// Scheduled commands through Discord: real node-cron with second-level expressions, simulated agents and
// the Discord emulator. What a team sees: /schedule replies, each run's outcome in the schedule's
// channel, an overlap skipped, a critical schedule that arms only once approved, clear refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage, type EmuOption } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet, type FleetEvent } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const EPHEMERAL = 64;
type Member = (typeof MEMBERS)[keyof typeof MEMBERS];

describe('Discord: /schedule', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  const received: Array<{ agent: string; command: string; at: number }> = [];

  before(async () => {
    // Second-level cron expressions keep the test short: the floor is lowered to 1 s.
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '2500', SCHEDULE_MIN_INTERVAL_S: '1' } });
    fleet = await startFleet({
      url: st.s.url,
      clients: 2,
      token: TEST_TOKEN,
      summaryEveryMs: 0,
      seed: 6,
      idPrefix: 'sch',
      responseDelayMs: [5, 20],
      stallCommands: ['check_keys'],
      onEvent: (e: FleetEvent) => {
        if (e.type === 'command') received.push({ agent: e.agent, command: e.command, at: Date.now() });
      },
    });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 2, 'two agents');
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  const store = () => {
    st.s.app.store.queue.flush();
    return st.s.app.store.schedules;
  };
  const row = (name: string) => store().byName(name);
  const runs = (name: string) => store().runs(row(name)!.id, 100);
  const sub = (name: string, options: EmuOption[] = []) => [opt.subcommand(name, options)];
  const slash = (options: EmuOption[], who: Member = MEMBERS.operator) =>
    st.emu.slash({ name: 'schedule', options, user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
  const reply = (id: string, timeoutMs = 5000) => st.emu.waitFor(() => st.emu.interaction(id).original, timeoutMs);
  const posted = (channel: string, probe: (m: EmuMessage) => boolean, timeoutMs = 6000) =>
    st.emu.waitFor(() => st.emu.messages(channel).find(probe), timeoutMs);
  const define = (name: string, cron: string, target: string, command: string, extra: EmuOption[] = []) => [
    opt.string('name', name),
    opt.string('cron', cron),
    opt.string('target', target),
    opt.string('command', command),
    ...extra,
  ];

  it('add, list, show, pause, resume, run and remove; each run posts its outcome in the channel', async () => {
    const add = await slash(sub('add', define('fleet-status', '*/1 * * * * *', 'sch-1', 'status', [opt.string('timezone', 'europe/berlin'), opt.channel('channel', IDS.channels.ops)])));
    const added = await reply(add.id);
    assert.equal(added.flags & EPHEMERAL, 0, 'the team sees a new schedule');
    assert.equal(added.embeds[0]?.title, 'Schedule fleet-status added');
    assert.match(added.embeds[0]!.description!, /`\*\/1 \* \* \* \* \*` in Europe\/Berlin · active · acting for Olga/);
    assert.equal(row('fleet-status')?.state, 'active');

    // A run's outcome, in the schedule's channel, rendered like /send's.
    const outcome = await posted(IDS.channels.ops, (m) => m.content.startsWith('⏰ schedule fleet-status ran status on sch-1') && !m.interactionId);
    assert.match(outcome.content, /\(request #\d+\): 1 success$/);
    assert.equal(outcome.embeds[0]?.title, 'status · sch-1');
    assert.match(outcome.embeds[0]!.description!, /success/);
    assert.deepEqual(outcome.allowed_mentions, { parse: [] });
    const first = runs('fleet-status').find((r) => r.state === 'ran')!;
    assert.deepEqual(first.tally, { success: 1 });
    const request = st.s.app.dispatcher.getRequest(first.requestId!)!;
    assert.equal(request.via, 'schedule');
    assert.equal(request.actorId, MEMBERS.operator.user.id, 'runs act for the owner');
    assert.ok(received.some((c) => c.agent === 'sch-1' && c.command === 'status'));

    const list = await reply((await slash(sub('list'), MEMBERS.viewer)).id);
    assert.equal(list.flags & EPHEMERAL, EPHEMERAL);
    assert.match(list.embeds[0]!.description!, /fleet-status {2}\[active\] {2}status on sch-1 {2}"\*\/1 \* \* \* \* \*" Europe\/Berlin {2}next \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe\/Berlin/);

    const show = await reply((await slash(sub('show', [opt.string('name', 'fleet-status')]), MEMBERS.viewer)).id);
    assert.equal(show.flags & EPHEMERAL, EPHEMERAL);
    const detail = show.embeds[0]!.description!;
    assert.match(detail, /Next runs:\n( {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe\/Berlin\n){5}/, 'five next run times, in the zone');
    assert.match(detail, /ran #\d+: 1 success/);

    const pause = await reply((await slash(sub('pause', [opt.string('name', 'fleet-status')]))).id);
    assert.match(pause.content, /Schedule \*\*fleet-status\*\* paused by Olga/);
    assert.equal(row('fleet-status')?.state, 'paused');
    const ticksBefore = runs('fleet-status').length;
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal(runs('fleet-status').length, ticksBefore, 'a paused schedule does not tick');

    const run = await reply((await slash(sub('run', [opt.string('name', 'fleet-status')]))).id);
    assert.match(run.content, /Olga ran schedule \*\*fleet-status\*\* now: request #\d+/);
    await waitUntil(() => runs('fleet-status').find((r) => r.runBy === 'Olga' && r.state === 'ran'), 'the manual run recorded');
    assert.equal(row('fleet-status')?.state, 'paused', 'run once does not resume it');

    await reply((await slash(sub('resume', [opt.string('name', 'fleet-status')]))).id);
    assert.equal(row('fleet-status')?.state, 'active');
    const count = runs('fleet-status').length;
    await waitUntil(() => runs('fleet-status').length > count, 'a tick after resume', 3000);

    const authorization = row('fleet-status')!.authorizationId!;
    const removed = await reply((await slash(sub('remove', [opt.string('name', 'fleet-status')]))).id);
    assert.match(removed.content, /removed by Olga; its authorization is revoked/);
    assert.equal(row('fleet-status'), undefined);
    assert.equal(st.s.app.dispatcher.getRequest(authorization)?.state, 'revoked');
  });

  it('refuses a bad cron expression, a bad time zone and a level too low, clearly and privately', async () => {
    const bad = await reply((await slash(sub('add', define('bad-cron', '61 * * * *', 'sch-1', 'status')))).id);
    assert.equal(bad.flags & EPHEMERAL, EPHEMERAL);
    assert.match(bad.content, /Schedule bad-cron: "61 \* \* \* \*" is not a valid cron expression: the minute field \(1st\) is "61": it takes 0 to 59/);
    const short = await reply((await slash(sub('add', define('bad-cron', '* * *', 'sch-1', 'status')))).id);
    assert.match(short.content, /has 3 fields; a cron expression has 5 \(minute hour day month weekday\) or 6/);
    const zone = await reply((await slash(sub('add', define('bad-zone', '0 3 * * *', 'sch-1', 'status', [opt.string('timezone', 'Mars/Olympus_Mons')])))).id);
    assert.equal(zone.flags & EPHEMERAL, EPHEMERAL);
    assert.match(zone.content, /"Mars\/Olympus_Mons" is not an IANA time zone; use a name such as UTC, Europe\/Berlin/);
    const level = await reply((await slash(sub('add', define('viewer-restart', '0 3 * * *', 'sch-1', 'restart', [opt.string('params', 'container=x')])), MEMBERS.viewer)).id);
    assert.match(level.content, /You may not run restart: your level is viewer/);
    assert.equal(store().list().length, 0, 'nothing was stored');
  });

  it('a critical schedule waits for its approval before it arms, then runs', async () => {
    const container = fleet.agents[1]!.containers[0]!;
    const add = await slash(sub('add', define('nightly-backup', '*/1 * * * * *', 'sch-2', 'backup_keys', [opt.string('params', `container=${container}`)])), MEMBERS.admin);
    const modal = await st.emu.waitFor(() => st.emu.interaction(add.id).modal);
    assert.match(String(modal.custom_id), /^approval:reason:\d+$/);
    assert.equal(row('nightly-backup')?.state, 'awaiting_approval');
    await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'off-site copy of the keystore every night' }, user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
    const ask = await posted(IDS.channels.approvals, (m) => m.components.length > 0 && m.content.includes('nightly-backup'));
    assert.match(ask.content, /Adam asks a standing authorization to run `backup_keys` \(critical\) for schedule nightly-backup \(\*\/1 \* \* \* \* \*, UTC\)/);
    assert.match(JSON.stringify(ask.embeds[0]?.fields), /sch-2.*resolved at each run/);

    await new Promise((r) => setTimeout(r, 1300));
    assert.equal(received.filter((c) => c.command === 'backup_keys').length, 0, 'nothing runs before the approval');
    assert.equal(runs('nightly-backup').length, 0);

    await st.emu.click({ message: ask, customId: String(ask.components[0]!.components![0]!.custom_id), user: MEMBERS.approver.user, roles: [...MEMBERS.approver.roles] });
    const armed = await posted(IDS.channels.alerts, (m) => m.content.includes('schedule nightly-backup (backup_keys on sch-2) was approved by Paul and is armed'));
    assert.match(armed.content, /next run \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    assert.equal(row('nightly-backup')?.state, 'active');
    await waitUntil(() => received.find((c) => c.agent === 'sch-2' && c.command === 'backup_keys'), 'the first backup_keys after approval', 3000);
    const ran = await posted(IDS.channels.alerts, (m) => m.content.startsWith('⏰ schedule nightly-backup ran backup_keys'));
    assert.equal(ran.embeds[0]?.title, 'backup_keys · sch-2');
    await reply((await slash(sub('remove', [opt.string('name', 'nightly-backup')]), MEMBERS.admin)).id);
  });

  it('a run never overlaps the previous one: the tick is recorded as skipped', async () => {
    const container = fleet.agents[0]!.containers[0]!;
    // check_keys stalls on these agents: each run lasts the 2.5 s command timeout, ticks come every second.
    await reply((await slash(sub('add', define('slow-check', '*/1 * * * * *', 'sch-1', 'check_keys', [opt.string('params', `container=${container}`)])))).id);
    const finished = await waitUntil(() => runs('slow-check').find((r) => r.state === 'ran'), 'the first slow run to time out', 6000);
    await reply((await slash(sub('pause', [opt.string('name', 'slow-check')]))).id);
    assert.deepEqual(finished.tally, { timeout: 1 });
    const skipped = runs('slow-check').filter((r) => r.state === 'skipped_overlap' && r.firedAt > finished.firedAt && r.firedAt < finished.finishedAt!);
    assert.ok(skipped.length >= 1, 'ticks during the run were skipped');
    const sent = received.filter((c) => c.command === 'check_keys' && c.at >= finished.firedAt && c.at < finished.finishedAt!);
    assert.equal(sent.length, 1, 'one command frame while the run was going');
    const msg = await posted(IDS.channels.alerts, (m) => m.content.startsWith('⏰ schedule slow-check ran check_keys'));
    assert.match(msg.content, /1 timed out; \d+ ticks? skipped while it ran/);
    await reply((await slash(sub('remove', [opt.string('name', 'slow-check')]))).id);
  });

  it('an agent offline at run time is "not connected"; all is the agents connected at that moment', async () => {
    const a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'gone-1' } });
    await waitUntil(() => st.s.app.hub.isConnected('gone-1'), 'gone-1');
    await reply((await slash(sub('add', define('gone-status', '*/1 * * * * *', 'gone-1', 'status')))).id);
    await a.close();
    await waitUntil(() => !st.s.app.hub.isConnected('gone-1'), 'gone-1 offline');
    const start = Date.now();
    const ran = await waitUntil(() => runs('gone-status').find((r) => r.state === 'ran' && r.firedAt >= start - 1000 && r.tally?.not_connected === 1), 'a run while gone-1 is offline', 4000);
    assert.deepEqual(ran.tally, { not_connected: 1 });
    await reply((await slash(sub('remove', [opt.string('name', 'gone-status')]))).id);

    await reply((await slash(sub('add', define('all-status', '0 0 1 1 *', 'all', 'status')), MEMBERS.viewer)).id);
    await reply((await slash(sub('run', [opt.string('name', 'all-status')]), MEMBERS.viewer)).id);
    const all = await waitUntil(() => runs('all-status').find((r) => r.state === 'ran'), 'the run of all');
    assert.deepEqual(all.tally, { success: 2 });
    assert.deepEqual(st.s.app.dispatcher.getRequest(all.requestId!)!.agents.sort(), ['sch-1', 'sch-2']);
    await reply((await slash(sub('remove', [opt.string('name', 'all-status')]), MEMBERS.viewer)).id);
  });
});
