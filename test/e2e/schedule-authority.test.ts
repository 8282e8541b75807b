// Schedules keep their authority honest, through /schedule in the Discord emulator and simulated agents:
// a cron that fires every second is refused, "run" of a critical schedule waits for its own approval,
// an owner who lost the role (or a policy tightened since) pauses the schedule at the next tick and
// resume checks again, and a standing approval asks to be renewed a week before it runs out, then pauses.
// The clock mserver reads is moved ahead where days must pass (node-cron keeps real time for the ticks).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage, type EmuOption, type EmuUser } from '../support/discord-emulator/index.ts';
import { IDS, MEMBERS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet, type FleetEvent } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const DAY = 86_400_000;
type Member = { user: EmuUser; roles: readonly string[] };

let nextUser = 70;
function newMember(name: string, roles: string[]): Member {
  nextUser++;
  return { user: { id: `13000000000000009${nextUser}`, username: name, global_name: name[0]!.toUpperCase() + name.slice(1) }, roles };
}

/** A clock mserver reads that a test can move ahead. */
function movableClock() {
  let offset = 0;
  return { clock: { now: () => Date.now() + offset }, advance: (ms: number) => void (offset += ms) };
}

function helpers(st: DiscordStack) {
  const sub = (name: string, options: EmuOption[] = []) => [opt.subcommand(name, options)];
  const define = (name: string, cron: string, target: string, command: string, params?: string) => [
    opt.string('name', name),
    opt.string('cron', cron),
    opt.string('target', target),
    opt.string('command', command),
    ...(params ? [opt.string('params', params)] : []),
  ];
  const slash = (options: EmuOption[], who: Member) =>
    st.emu.slash({ name: 'schedule', options, user: who.user, roles: [...who.roles], channelId: IDS.channels.ops });
  const reply = (id: string) => st.emu.waitFor(() => st.emu.interaction(id).original, 8000);
  const posted = (channel: string, probe: (m: EmuMessage) => boolean, timeoutMs = 8000) => st.emu.waitFor(() => st.emu.messages(channel).find(probe), timeoutMs);
  const row = (name: string) => {
    st.s.app.store.queue.flush();
    return st.s.app.store.schedules.byName(name);
  };
  const runs = (name: string) => st.s.app.store.schedules.runs(row(name)!.id, 200);
  const approve = async (probe: (m: EmuMessage) => boolean) => {
    const ask = await posted(IDS.channels.approvals, (m) => m.components.length > 0 && probe(m));
    await st.emu.click({ message: ask, customId: String(ask.components[0]!.components![0]!.custom_id), user: MEMBERS.approver.user, roles: [...MEMBERS.approver.roles] });
    return ask;
  };
  /** Adds a critical schedule and has it approved; resolves once it is armed. */
  const addApproved = async (who: Member, name: string, cron: string, target: string, command: string, params: string) => {
    const add = await slash(sub('add', define(name, cron, target, command, params)), who);
    const modal = await st.emu.waitFor(() => st.emu.interaction(add.id).modal);
    await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'keep an off-site copy of the keys' }, user: who.user, roles: [...who.roles] });
    await approve((m) => m.content.includes(`schedule ${name} `));
    await waitUntil(() => row(name)?.state === 'active', `${name} armed`);
  };
  return { sub, define, slash, reply, posted, row, runs, approve, addApproved };
}

describe('schedules: how often', () => {
  it('refuses a cron firing more often than SCHEDULE_MIN_INTERVAL_S (60 s by default)', async () => {
    const emu = await startEmulator();
    const st = await startDiscordStack({ emu, env: { SCHEDULE_MIN_INTERVAL_S: '' } });
    try {
      const h = helpers(st);
      const every = await h.reply((await h.slash(h.sub('add', h.define('hammer', '* * * * * *', 'all', 'status')), MEMBERS.operator)).id);
      assert.match(every.content, /Schedule hammer: "\* \* \* \* \* \*" fires every 1 s at times; schedules may fire at most once every 60 s \(SCHEDULE_MIN_INTERVAL_S\)/);
      const pair = await h.reply((await h.slash(h.sub('add', h.define('pair', '0,30 * * * * *', 'all', 'status')), MEMBERS.operator)).id);
      assert.match(pair.content, /fires every 30 s at times/);
      assert.equal(h.row('hammer'), undefined);
      assert.equal(h.row('pair'), undefined);
      const minute = await h.reply((await h.slash(h.sub('add', h.define('minutely', '* * * * *', 'all', 'status')), MEMBERS.operator)).id);
      assert.equal(minute.embeds[0]?.title, 'Schedule minutely added');
    } finally {
      await st.stop();
      await emu.close();
    }
  });
});

describe('schedules: authority at every tick', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  let dir: string;
  const time = movableClock();
  const received: Array<{ command: string; at: number }> = [];
  const sent = (command: string, since = 0) => received.filter((c) => c.command === command && c.at >= since).length;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-sched-auth-'));
    // Notices held back while Discord is out are retried quickly once it is back.
    const env = { SCHEDULE_MIN_INTERVAL_S: '1', SCHEDULE_APPROVAL_TTL_DAYS: '90', NOTIFY_RETRY_MIN_MS: '100', NOTIFY_RETRY_MAX_MS: '300' };
    st = await startDiscordStack({ dir, env, app: { clock: time.clock } });
    fleet = await startFleet({
      url: st.s.url,
      clients: 1,
      token: TEST_TOKEN,
      summaryEveryMs: 0,
      seed: 21,
      idPrefix: 'sa',
      responseDelayMs: 5,
      onEvent: (e: FleetEvent) => {
        if (e.type === 'command') received.push({ command: e.command, at: Date.now() });
      },
    });
    await waitUntil(() => st.s.app.hub.isConnected('sa-1'), 'sa-1');
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('"run" of a critical schedule asks for a fresh approval; the standing one covers the ticks only', async () => {
    const h = helpers(st);
    const container = fleet.agents[0]!.containers[0]!;
    await h.addApproved(MEMBERS.admin, 'yearly-backup', '0 0 3 1 1 *', 'sa-1', 'backup_keys', `container=${container}`);
    const run = await h.slash(h.sub('run', [opt.string('name', 'yearly-backup')]), MEMBERS.admin);
    const modal = await st.emu.waitFor(() => st.emu.interaction(run.id).modal);
    assert.match(String(modal.custom_id), /^approval:reason:\d+$/);
    const requestId = Number(String(modal.custom_id).split(':').pop());
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.state, 'awaiting_approval');
    assert.equal(sent('backup_keys'), 0, 'nothing runs on the standing approval');
    await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: 'copy before the datacenter move' }, user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles] });
    await h.approve((m) => m.embeds[0]?.fields?.some((f) => f.name === 'Request' && f.value === `#${requestId}`) === true);
    await waitUntil(() => sent('backup_keys') === 1, 'backup_keys after the fresh approval');
    assert.equal(st.s.app.dispatcher.getRequest(requestId)?.actorId, MEMBERS.admin.user.id, 'the run is requested by whoever pressed run');
    await h.reply((await h.slash(h.sub('remove', [opt.string('name', 'yearly-backup')]), MEMBERS.admin)).id);
  });

  it('pauses at the next tick a schedule whose owner lost the role, with an alert saying why; resume checks again', async () => {
    const h = helpers(st);
    const owner = newMember('otto', [IDS.roles.viewer]);
    const added = await h.reply((await h.slash(h.sub('add', h.define('every-second', '*/1 * * * * *', 'sa-1', 'status')), owner)).id);
    assert.equal(added.embeds[0]?.title, 'Schedule every-second added');
    await waitUntil(() => h.runs('every-second').filter((r) => r.state === 'ran').length >= 2, 'two runs');
    // Each tick asks Discord about the owner, through a cache of at most a minute: one request so far.
    const lookups = () => st.emu.requests.filter((r) => r.method === 'GET' && r.path === `/guilds/${IDS.guild}/members/${owner.user.id}`).length;
    assert.equal(lookups(), 1);

    st.emu.setMemberRoles(IDS.guild, owner.user, []);
    // Roles are cached for at most a minute: a minute passes.
    time.advance(61_000);
    const alert = await h.posted(IDS.channels.alerts, (m) => m.content.includes('schedule every-second (status on sa-1) is paused'));
    assert.match(alert.content, /is paused: Otto, its owner, now holds the none level and status needs viewer\. Nothing was run\. Someone with the level it needs can resume it; resume checks again\./);
    assert.equal(h.row('every-second')?.state, 'paused');
    assert.equal(lookups(), 2, 'asked again once the cached answer was a minute old');
    const refused = h.runs('every-second').find((r) => r.state === 'refused');
    assert.match(refused!.error!, /Otto, its owner, now holds the none level/);
    const pausedAt = Date.now();
    // Paused means no command and no tick recorded, second after second.
    const recorded = h.runs('every-second').length;
    await waitUntil(() => Date.now() - pausedAt > 1500, '1.5 s paused', 4000);
    assert.equal(h.runs('every-second').length, recorded);
    assert.equal(sent('status', pausedAt + 50), 0);

    const again = await h.reply((await h.slash(h.sub('resume', [opt.string('name', 'every-second')]), { user: owner.user, roles: [] })).id);
    assert.match(again.content, /You may not resume schedule every-second: it runs status, which needs the viewer level, and yours is none/);
    const resumed = await h.reply((await h.slash(h.sub('resume', [opt.string('name', 'every-second')]), MEMBERS.viewer)).id);
    assert.equal(resumed.embeds[0]?.title, 'Schedule every-second resumed');
    assert.match(resumed.embeds[0]!.description!, /acting for Vera/);
    assert.equal(h.row('every-second')?.ownerName, 'Vera', 'whoever resumes answers for it now');
    const since = Date.now();
    await waitUntil(() => sent('status', since) > 0, 'a run after resume');
    await h.reply((await h.slash(h.sub('remove', [opt.string('name', 'every-second')]), MEMBERS.viewer)).id);
  });

  it('fails closed when Discord cannot be asked: the tick runs nothing, says so once, and the schedule stays armed', async () => {
    const h = helpers(st);
    const owner = newMember('una', [IDS.roles.viewer]);
    await h.reply((await h.slash(h.sub('add', h.define('while-down', '*/1 * * * * *', 'sa-1', 'status')), owner)).id);
    await waitUntil(() => h.runs('while-down').some((r) => r.state === 'ran'), 'a first run');
    st.emu.setUnreachable(true, { gateway: false });
    time.advance(61_000);
    const down = Date.now();
    try {
      await waitUntil(() => h.runs('while-down').filter((r) => r.state === 'refused' && r.firedAt >= down).length >= 2, 'two refused ticks', 15_000);
    } finally {
      st.emu.setUnreachable(false);
    }
    const refused = h.runs('while-down').filter((r) => r.state === 'refused' && r.firedAt >= down);
    assert.match(refused[0]!.error!, /mserver cannot check now that Una, its owner, still holds the level/);
    assert.equal(h.row('while-down')?.state, 'active', 'an outage does not pause it');
    const since = Date.now();
    await waitUntil(() => h.runs('while-down').some((r) => r.state === 'ran' && r.firedAt >= since), 'runs again once Discord answers', 15_000);
    // The outbox posts in order: once a run after the outage is posted, every outage notice is too.
    const ranAfter = st.emu.messages(IDS.channels.alerts).length;
    await h.posted(IDS.channels.alerts, (m) => m.content.startsWith('⏰ schedule while-down ran status') && st.emu.messages(IDS.channels.alerts).indexOf(m) >= ranAfter, 15_000);
    const told = st.emu.messages(IDS.channels.alerts).filter((m) => m.content.includes('schedule while-down did not run status'));
    assert.equal(told.length, 1, 'one notice for the outage, not one per tick');
    assert.equal(received.filter((c) => c.command === 'status' && c.at >= down && c.at < since).length, 0, 'nothing ran while the owner could not be checked');
    await h.reply((await h.slash(h.sub('remove', [opt.string('name', 'while-down')]), owner)).id);
  });

  it('asks to renew a standing approval a week before it runs out, and pauses the schedule when it does', async () => {
    const h = helpers(st);
    const container = fleet.agents[0]!.containers[0]!;
    await h.addApproved(MEMBERS.admin, 'tick-backup', '*/1 * * * * *', 'sa-1', 'backup_keys', `container=${container}`);
    const first = h.row('tick-backup')!.authorizationId!;
    await waitUntil(() => h.runs('tick-backup').some((r) => r.state === 'ran'), 'a first backup');

    time.advance(84 * DAY);
    const renewal = await h.posted(IDS.channels.approvals, (m) => m.components.length > 0 && m.content.includes('renewal of the approval of schedule tick-backup'));
    assert.match(JSON.stringify(renewal.embeds), /Renewal: the standing approval of schedule tick-backup \(request #\d+\) runs out/);
    const asked = await h.posted(IDS.channels.alerts, (m) => m.content.includes('schedule tick-backup: its standing approval runs out'));
    assert.match(asked.content, /a new approval is asked \(request #\d+\)/);
    // One request, however many ticks come meanwhile.
    const tickCount = h.runs('tick-backup').length;
    await waitUntil(() => h.runs('tick-backup').length >= tickCount + 2, 'two more ticks');
    assert.equal(st.emu.messages(IDS.channels.approvals).filter((m) => m.content.includes('renewal of the approval of schedule tick-backup')).length, 1);

    await st.emu.click({ message: renewal, customId: String(renewal.components[0]!.components![0]!.custom_id), user: MEMBERS.approver.user, roles: [...MEMBERS.approver.roles] });
    await h.posted(IDS.channels.alerts, (m) => m.content.includes('schedule tick-backup: its standing approval was renewed by Paul'));
    const renewed = h.row('tick-backup')!.authorizationId!;
    assert.notEqual(renewed, first);
    assert.equal(st.s.app.dispatcher.getRequest(first)?.state, 'revoked');
    assert.equal(h.row('tick-backup')?.state, 'active');

    // Past the first approval's 90 days it still runs on the renewed one...
    time.advance(7 * DAY);
    const since = Date.now();
    await waitUntil(() => sent('backup_keys', since) > 0, 'a run on the renewed approval');
    // ...until the renewed one runs out too: no renewal was given this time.
    time.advance(90 * DAY);
    const paused = await h.posted(IDS.channels.alerts, (m) => m.content.includes('schedule tick-backup (backup_keys on sa-1) is paused'));
    assert.match(paused.content, new RegExp(`its standing approval \\(request #${renewed}\\) ran out after 90 days \\(SCHEDULE_APPROVAL_TTL_DAYS\\)`));
    assert.equal(h.row('tick-backup')?.state, 'paused');
    // Resume asks for a new approval instead of arming on the old one.
    const resume = await h.slash(h.sub('resume', [opt.string('name', 'tick-backup')]), MEMBERS.admin);
    await st.emu.waitFor(() => st.emu.interaction(resume.id).modal);
    assert.equal(h.row('tick-backup')?.state, 'awaiting_approval');
    await h.reply((await h.slash(h.sub('remove', [opt.string('name', 'tick-backup')]), MEMBERS.admin)).id);
  });
});

describe('schedules: the policy of now', () => {
  it('pauses at the first tick after a restart a schedule the tightened POLICY_FILE no longer allows', async () => {
    const emu = await startEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'mserver-sched-policy-'));
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({}));
    const env = { SCHEDULE_MIN_INTERVAL_S: '1', POLICY_FILE: policy };
    const first = await startDiscordStack({ emu, dir, env });
    let fleet: Fleet | undefined;
    try {
      fleet = await startFleet({ url: first.s.url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 3, idPrefix: 'sp', reconnectDelayMs: 100 });
      await waitUntil(() => first.s.app.hub.isConnected('sp-1'), 'sp-1');
      const h = helpers(first);
      await h.reply((await h.slash(h.sub('add', h.define('viewer-status', '*/1 * * * * *', 'sp-1', 'status')), MEMBERS.viewer)).id);
      await waitUntil(() => h.runs('viewer-status').some((r) => r.state === 'ran'), 'a first run');
      const port = first.s.app.port;
      await first.s.stop();
      // The team decides status is for operators only.
      writeFileSync(policy, JSON.stringify({ commands: { status: { level: 'operator' } } }));
      const second = await startDiscordStack({ emu, dir, env: { ...env, MCLIENT_PORT: String(port) } });
      try {
        const h2 = helpers(second);
        const alert = await h2.posted(IDS.channels.alerts, (m) => m.content.includes('schedule viewer-status (status on sp-1) is paused'));
        assert.match(alert.content, /Vera, its owner, now holds the viewer level and status needs operator/);
        assert.equal(h2.row('viewer-status')?.state, 'paused');
        assert.ok(h2.runs('viewer-status').every((r) => r.state !== 'ran' || r.firedAt < second.s.app.store.schedules.byName('viewer-status')!.updatedAt));
      } finally {
        await second.s.stop();
      }
    } finally {
      await fleet?.stop();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schedules: where outcomes go', () => {
  const LOCKED = '1300000000000000399';
  const ELSEWHERE_GUILD = '1400000000000000500';
  const ELSEWHERE = '1400000000000000501';
  let st: DiscordStack;
  before(async () => {
    const emu = await startEmulator(
      [{ id: ELSEWHERE_GUILD, name: 'Another server', roles: [], channels: [{ id: ELSEWHERE, name: 'general' }] }],
      // Members may read it, the bot may not post: @everyone is denied Send Messages (1 << 11).
      [{ id: LOCKED, name: 'read-only', permission_overwrites: [{ id: IDS.guild, type: 0, allow: '0', deny: String(1 << 11) }] }],
    );
    st = await startDiscordStack({ emu, console: true });
  });
  after(async () => {
    await st.stop();
    await st.emu.close();
  });

  it('refuses a channel the bot cannot post in', async () => {
    const h = helpers(st);
    const ref = await h.slash(h.sub('add', [...h.define('quiet', '0 3 * * *', 'all', 'status'), opt.channel('channel', LOCKED)]), MEMBERS.operator);
    const reply = await h.reply(ref.id);
    assert.match(reply.content, new RegExp(`Schedule quiet: the bot cannot post in <#${LOCKED}> \\(it lacks Send Messages there\\)`));
    assert.equal(h.row('quiet'), undefined);
    const ok = await h.reply((await h.slash(h.sub('add', [...h.define('loud', '0 3 * * *', 'all', 'status'), opt.channel('channel', IDS.channels.ops)]), MEMBERS.operator)).id);
    assert.equal(ok.embeds[0]?.title, 'Schedule loud added');
  });

  it('refuses a channel of another server the bot is in', async () => {
    const from = st.s.consoleOut.length;
    st.s.type(`schedule add leak "0 3 * * *" all status channel=${ELSEWHERE}`);
    const line = await st.s.waitForOutput(/leak/, 8000, from);
    assert.match(line, new RegExp(`Schedule leak: channel ${ELSEWHERE} belongs to another server: outcomes go only to channels of this server \\(DISCORD_GUILD_ID\\)`));
    assert.equal(helpers(st).row('leak'), undefined);
  });
});
