// The scheduler's rules with a real store and dispatcher (Discord off, no agent needed): what a change
// asks of the policy, who may touch a schedule, what an approval or its refusal does; and, with a clock
// of its own, what start-up reports about the runs missed while mserver was down.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { createCatalog } from '../../../src/core/catalog.ts';
import type { Dispatcher } from '../../../src/core/dispatcher.ts';
import { createEventBus } from '../../../src/core/event-bus.ts';
import { createPolicy } from '../../../src/core/policy.ts';
import type { Actor } from '../../../src/core/ports.ts';
import type { ScheduleNotice } from '../../../src/scheduler/schedule-notice.ts';
import { createScheduler } from '../../../src/scheduler/scheduler.ts';
import { createStore } from '../../../src/store/store.ts';
import { fixedMembers } from '../../support/fixed-members.ts';
import { startTestServer, type TestServer } from '../../support/mserver.ts';

const OPERATOR = '200000000000000002';
const ADMIN = '200000000000000003';
const APPROVER = '200000000000000004';
const alice: Actor = { id: '100000000000000001', name: 'alice', roles: [OPERATOR] };
const bob: Actor = { id: '100000000000000002', name: 'bob', roles: [ADMIN, APPROVER] };
// An approver needs the level of what they approve: admin for critical commands.
const carol: Actor = { id: '100000000000000003', name: 'carol', roles: [APPROVER, ADMIN] };
const vera: Actor = { id: '100000000000000004', name: 'vera', roles: [] };
const discord = (actor: Actor) => ({ actor, via: 'discord' as const });

describe('scheduler', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      env: { ROLE_VIEWER_IDS: '200000000000000001', ROLE_OPERATOR_IDS: OPERATOR, ROLE_ADMIN_IDS: ADMIN, ROLE_APPROVER_IDS: APPROVER },
      app: { memberRoles: fixedMembers([alice, bob, carol, vera]) },
    });
  });
  after(() => s.dispose());

  const sched = () => s.app.scheduler;
  const message = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };
  const logged = (text: string) => s.logs.some((l) => String(l.msg).includes(text));

  test('a change asks the policy again: the old authorization is revoked, the new owner answers for it', async () => {
    const first = sched().add({ name: 'u1', cron: '0 3 * * *', target: 'all', command: 'status', params: {} }, discord(alice));
    assert.equal(first.authorization, 'granted');
    assert.equal(first.schedule.state, 'active');
    const old = first.schedule.authorizationId!;

    assert.match(message(() => sched().update({ name: 'u1', cron: '0 3 * * *', target: 'all', command: 'stop', params: { container: 'polkadot' } }, discord(alice))), /You may not run stop: your level is operator/);
    assert.equal(s.app.store.schedules.byName('u1')?.command, 'status', 'a refused change changes nothing');
    assert.equal(s.app.dispatcher.getRequest(old)?.state, 'granted');

    const changed = sched().update({ name: 'U1', cron: '30 4 * * *', target: 'all', command: 'stop', params: { container: 'polkadot' } }, discord(bob));
    assert.equal(changed.authorization, 'needs_approval');
    assert.equal(changed.schedule.state, 'awaiting_approval');
    assert.equal(changed.schedule.ownerName, 'bob');
    assert.equal(changed.schedule.name, 'u1', 'the name keeps its spelling');
    assert.equal(s.app.dispatcher.getRequest(old)?.state, 'revoked');
    assert.equal(changed.request.purpose, 'schedule u1 (30 4 * * *, UTC)');

    s.app.dispatcher.submitReason(changed.request.id, bob, 'stop the node before the 04:30 maintenance window');
    await s.app.dispatcher.approve(changed.request.id, carol, 'discord');
    assert.equal(s.app.store.schedules.byName('u1')?.state, 'active', 'armed once approved');
    assert.ok(logged('schedule u1 (stop on all) was approved by carol and is armed; next run'));
    sched().remove('u1', discord(bob));
  });

  test('pausing, removing or running a schedule needs the level its command needs; refusals are audited', async () => {
    sched().add({ name: 'r1', cron: '0 3 * * *', target: 'all', command: 'restart', params: { container: 'polkadot' } }, discord(alice));
    assert.match(message(() => sched().pause('r1', discord(vera))), /You may not pause schedule r1: it runs restart, which needs the operator level, and yours is none/);
    assert.match(message(() => sched().remove('r1', discord(vera))), /You may not remove schedule r1/);
    s.app.store.queue.flush();
    const refusal = s.app.store.audit.list({ kind: 'refused', limit: 5 }).find((e) => (e.detail as { schedule?: string })?.schedule === 'r1');
    assert.equal(refusal?.actorName, 'vera');
    assert.equal(sched().pause('r1', discord(alice)).state, 'paused');
    assert.match(message(() => sched().pause('r1', discord(alice))), /already paused/);
    assert.equal((await sched().resume('r1', discord(alice))).schedule.state, 'active');
    await assert.rejects(sched().resume('r1', discord(alice)), /already active/);
    sched().remove('r1', discord(alice));
    assert.match(message(() => sched().show('r1')), /There is no schedule called "r1"/);
  });

  test('a refused approval leaves the schedule unarmed; resume asks again', async () => {
    const r = sched().add({ name: 'k1', cron: '0 3 * * *', target: 'all', command: 'rotate_keys', params: { container: 'polkadot' } }, discord(bob));
    assert.equal(r.authorization, 'needs_approval');
    await assert.rejects(sched().runNow('k1', discord(bob)), /not approved, so nothing can run under it/);
    s.app.dispatcher.submitReason(r.request.id, bob, 'quarterly key rotation');
    s.app.dispatcher.deny(r.request.id, carol, 'discord');
    assert.equal(s.app.store.schedules.byName('k1')?.state, 'not_approved');
    assert.ok(logged('schedule k1 (rotate_keys on all) was not approved (denied by carol): it stays unarmed; resume it to ask again'));
    const again = await sched().resume('k1', discord(bob));
    assert.equal(again.authorization, 'needs_approval');
    assert.notEqual(again.request.id, r.request.id);
    assert.equal(sched().list().find((v) => v.name === 'k1')?.state, 'awaiting_approval');
    sched().remove('k1', discord(bob));
    assert.equal(s.app.dispatcher.getRequest(again.request.id)?.state, 'revoked', 'a removed schedule leaves no pending approval behind');
  });

  test('names are unique whatever their case', () => {
    sched().add({ name: 'Dup', cron: '0 3 * * *', target: 'all', command: 'status', params: {} }, discord(alice));
    assert.match(message(() => sched().add({ name: 'dup', cron: '0 4 * * *', target: 'all', command: 'status', params: {} }, discord(alice))), /A schedule called Dup already exists/);
    sched().remove('DUP', discord(alice));
  });
});

describe('scheduler start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mserver-sched-unit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('arms active schedules, marks interrupted runs, and reports missed runs once per channel', async () => {
    const T = Date.UTC(2026, 4, 4, 10, 0, 30);
    const store = createStore(join(dir, 's.db'), pino({ level: 'silent' }));
    const auth = (purpose: string) =>
      store.requests.add({ command: 'status', target: 'all', agents: [], params: {}, risk: 'read', digest: 'd', actorId: 'u', actorName: 'olga', via: 'discord', state: 'granted', purpose, at: T - 3 * 3_600_000 });
    const base = { target: 'all', command: 'status', params: {}, ownerId: 'u', ownerName: 'olga', via: 'discord' as const, at: T - 3 * 3_600_000 };
    const a = store.schedules.add({ ...base, name: 'every10m', cron: '*/10 * * * *', timezone: 'Europe/Berlin', channelId: null, state: 'active', authorizationId: auth('a'), armedAt: T - 3 * 3_600_000 });
    store.schedules.fired(a, T - 3_600_000 - 30_000); // last ran 09:00 UTC; down since
    store.schedules.add({ ...base, name: 'hourly', cron: '0 * * * *', timezone: 'UTC', channelId: null, state: 'active', authorizationId: auth('b'), armedAt: T - 30 * 60_000 });
    store.schedules.add({ ...base, name: 'held', cron: '* * * * *', timezone: 'UTC', channelId: null, state: 'paused', authorizationId: auth('c'), armedAt: T - 3 * 3_600_000 });
    store.schedules.add({ ...base, name: 'lost', cron: '* * * * *', timezone: 'UTC', channelId: '123456789012345678', state: 'active', authorizationId: null, armedAt: T - 3 * 3_600_000 });
    store.schedules.addRun({ scheduleId: a, firedAt: T - 3_600_000 - 30_000, state: 'running' });

    const notices: Array<[string | undefined, ScheduleNotice]> = [];
    const dispatcher = {
      getRequest: (id: number) => store.requests.get(id),
      events: createEventBus(() => undefined),
    } as unknown as Dispatcher;
    const scheduler = createScheduler({
      dispatcher,
      catalog: createCatalog(),
      policy: createPolicy({ viewer: [], operator: [], admin: [], approver: [] }),
      store,
      log: pino({ level: 'silent' }),
      clock: { now: () => T },
      defaultTimezone: 'UTC',
      notify: (channel, notice) => notices.push([channel, notice]),
    });
    try {
      const missed = await scheduler.start();
      assert.equal(missed, 6 + 1, '09:10 to 10:00 (six), and 10:00 for the hourly one');
      const alerts = notices.filter(([channel]) => channel === undefined);
      assert.equal(alerts.length, 1, 'one post for the alerts channel');
      assert.deepEqual(alerts[0]![1].text.split('\n'), [
        'schedule every10m missed 6 runs while mserver was down (first 2026-05-04 11:10:00 Europe/Berlin, last 2026-05-04 12:00:00 Europe/Berlin); not replayed',
        'schedule hourly missed 1 run while mserver was down (at 2026-05-04 10:00:00 UTC); not replayed',
      ]);
      const lost = notices.find(([channel]) => channel === '123456789012345678');
      assert.match(lost![1].text, /schedule lost is not armed: its authorization \(request #-\) is missing/);
      assert.equal(store.schedules.byName('lost')?.state, 'not_approved');
      assert.equal(store.schedules.byName('held')?.state, 'paused');
      const runs = store.schedules.runs(a);
      assert.deepEqual(runs.map((r) => [r.state, r.ticks]), [['missed', 6], ['interrupted', 1]]);
      assert.equal(store.schedules.byName('every10m')?.armedAt, T, 'the next start counts from now, not again from 09:00');
    } finally {
      scheduler.stop();
      await store.close();
    }
  });
});
