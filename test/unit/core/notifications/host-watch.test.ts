import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHostWatch, type HostEvent, type HostState } from '../../../../src/core/notifications/host-watch.ts';
import { fakeTime } from './fake-time.ts';

function setup(graceMs = 120_000) {
  const time = fakeTime();
  const events: HostEvent[] = [];
  const states: Array<[string, HostState]> = [];
  const watch = createHostWatch({ graceMs, clock: time, timers: time, onEvent: (e) => events.push(e), onState: (a, s) => states.push([a, s]) });
  return { time, events, states, watch };
}

describe('host watch', () => {
  test('an agent seen for the first time is remembered as up, without a report', () => {
    const { watch, events, states, time } = setup();
    watch.connected('val-01');
    assert.deepEqual(events, []);
    assert.deepEqual(states, [['val-01', { state: 'up', since: time.now() }]]);
  });

  test('offline only after the grace; back online with how long it was gone', () => {
    const { watch, events, time } = setup();
    watch.connected('val-01');
    const down = time.now();
    watch.disconnected('val-01');
    time.advance(119_999);
    assert.deepEqual(events, []);
    time.advance(1);
    assert.deepEqual(events, [{ kind: 'offline', agentId: 'val-01', at: down + 120_000, since: down }]);
    time.advance(30 * 60_000);
    watch.connected('val-01');
    assert.deepEqual(events[1], { kind: 'online', agentId: 'val-01', at: time.now(), since: down, goneMs: 32 * 60_000 });
    assert.equal(time.pending(), 0);
  });

  test('a forgotten agent (agent forget) is never reported offline, even in its grace', () => {
    const { watch, events, time } = setup();
    watch.connected('val-01');
    watch.disconnected('val-01');
    watch.forget('val-01');
    time.advance(10 * 120_000);
    assert.deepEqual(events, []);
    assert.equal(time.pending(), 0);
  });

  test('a drop shorter than the grace is not reported', () => {
    const { watch, events, time } = setup();
    watch.connected('val-01');
    watch.disconnected('val-01');
    time.advance(60_000);
    watch.connected('val-01');
    time.advance(10 * 60_000);
    assert.deepEqual(events, []);
  });

  test('flapping: one note after three short drops, none more within the window, the next after it', () => {
    const { watch, events, time } = setup(1000);
    watch.connected('val-01');
    const flap = () => {
      watch.disconnected('val-01');
      time.advance(200);
      watch.connected('val-01');
      time.advance(300);
    };
    flap();
    flap();
    assert.equal(events.length, 0);
    flap();
    assert.equal(events.length, 1);
    assert.deepEqual({ ...events[0]!, at: 0 }, { kind: 'flapping', agentId: 'val-01', at: 0, drops: 3, windowMs: 10_000 });
    for (let i = 0; i < 10; i++) flap();
    assert.equal(events.length, 1, 'coalesced: no storm');
    time.advance(10_000);
    flap();
    flap();
    flap();
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e.kind === 'flapping'));
  });

  test('after a restart: remembered-up agents that do not return within the grace are reported; down ones come back online', () => {
    const { watch, events, time } = setup();
    const earlier = time.now() - 3_600_000;
    const remembered = new Map<string, HostState>([
      ['val-01', { state: 'up', since: earlier }],
      ['val-02', { state: 'up', since: earlier }],
      ['val-03', { state: 'down', since: earlier }],
    ]);
    watch.resume(remembered, [], (id) => (id === 'val-01' ? earlier + 5 : undefined));
    time.advance(5000);
    watch.connected('val-02');
    watch.connected('val-03');
    time.advance(120_000);
    assert.deepEqual(
      events.map((e) => [e.kind, e.agentId, 'since' in e ? e.since : 0]),
      [
        ['online', 'val-03', earlier],
        ['offline', 'val-01', earlier + 5],
      ],
    );
  });

  test('stop cancels the timers', () => {
    const { watch, events, time } = setup();
    watch.connected('val-01');
    watch.disconnected('val-01');
    watch.stop();
    time.advance(600_000);
    assert.deepEqual(events, []);
  });
});
