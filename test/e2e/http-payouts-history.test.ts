// Issue 17: the payout history of one agent as the dashboard's chart reads it (GET /agents/{id}/payouts:
// the snapshots the hub stored, each with its level by the configured thresholds, thinned on the server
// for a long range), and the history filtered on the server by outcome and time range, paged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, type ApiClient } from '../support/http-client.ts';
import type { TestServer } from '../support/mserver.ts';
import { DAY, startPayoutFleet, type PayoutFleet } from '../support/payout-history.ts';

describe('HTTP API: payout series and history filters', () => {
  let fleet: PayoutFleet;
  let s: TestServer;
  let viewer: ApiClient;
  const start = Date.now();
  const connect = (id: string) => fleet.connect(id, `${id}-host`);

  before(async () => {
    fleet = await startPayoutFleet();
    s = fleet.s;
    const token = s.app.apiTokens.add({ name: 'chart-viewer', level: 'viewer', approver: false, ownerId: 'console:v', ownerName: 'v', createdBy: 't', expiresInMs: null }).token;
    viewer = apiClient(s.httpUrl, token);
  });
  after(async () => {
    await fleet?.dispose();
  });

  it('the payout series: each snapshot the hub stored, its age, eras left and level by the thresholds', async () => {
    const agent = await connect('chart-1');
    // Ages of the oldest unclaimed era 0 (nothing), 1, 8 (warning) and 70 (critical), one a day.
    await fleet.sendPayoutDays(agent, 'chart-1');
    const since = new Date(start - DAY).toISOString();
    const until = new Date(start + 10 * DAY).toISOString();
    const r = await viewer.call('GET', `/api/v1/agents/chart-1/payouts?since=${since}&until=${until}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.thresholds, { warnEras: 6, criticalErasLeft: 20, historyDepth: 84, criticalAge: 64 });
    assert.equal(r.body.downsampled, false);
    type P = { at: string; unclaimedCount: number; oldestUnclaimedEra: number | null; oldestAge: number | null; erasLeft: number | null; level: string };
    const pts = r.body.points as P[];
    assert.deepEqual(
      pts.map((p) => [p.unclaimedCount, p.oldestUnclaimedEra, p.oldestAge, p.erasLeft, p.level]),
      [
        [0, null, null, null, 'ok'],
        [1, 1600, 1, 83, 'ok'],
        [3, 1600, 8, 76, 'warning'],
        [2, 1600, 70, 14, 'critical'],
      ],
    );
    assert.ok(pts.every((p, i) => i === 0 || Date.parse(p.at) - Date.parse(pts[i - 1]!.at) >= DAY - 60_000), 'oldest first, a day apart');

    // A range answers only its snapshots.
    const mid = await viewer.call('GET', `/api/v1/agents/chart-1/payouts?since=${new Date(start + DAY / 2).toISOString()}&until=${new Date(start + 2 * DAY + DAY / 2).toISOString()}`);
    assert.deepEqual(mid.body.points.map((p: P) => p.oldestAge), [1, 8]);

    assert.equal((await viewer.call('GET', '/api/v1/agents/nobody/payouts')).status, 404);
    assert.equal((await viewer.call('GET', `/api/v1/agents/chart-1/payouts?since=${until}&until=${since}`)).status, 400);
    assert.equal((await viewer.call('GET', '/api/v1/agents/chart-1/payouts?since=yesterday')).status, 400);
    assert.equal((await viewer.call('GET', '/api/v1/agents/chart-1/payouts', { token: null })).status, 401);
  });

  it('a long range is thinned on the server to at most 300 points, keeping the worst spike and the newest', async () => {
    await connect('chart-2');
    const base = start - 100 * DAY;
    for (let i = 0; i < 2000; i++) {
      const age = i === 1234 ? 80 : i % 5;
      s.app.store.payouts.add({
        agentId: 'chart-2',
        at: base + i * 60_000 * 30,
        stash: null,
        activeEra: 2000 + i,
        unclaimedCount: age === 0 ? 0 : 1,
        oldestUnclaimedEra: age === 0 ? null : 2000 + i - age,
        erasLeft: null,
        digest: `d${i}`,
        payoutInfo: {},
      });
    }
    const r = await viewer.call('GET', `/api/v1/agents/chart-2/payouts?since=${new Date(base).toISOString()}&until=${new Date(base + 2000 * 30 * 60_000).toISOString()}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.stored, 2000);
    assert.equal(r.body.downsampled, true);
    assert.ok(r.body.points.length <= 300 && r.body.points.length > 200, `${r.body.points.length} points`);
    const spike = r.body.points.filter((p: { oldestAge: number; level: string }) => p.oldestAge === 80);
    assert.equal(spike.length, 1);
    assert.equal(spike[0].level, 'critical');
    assert.equal(r.body.points.at(-1).at, new Date(base + 1999 * 30 * 60_000).toISOString());
    const times = r.body.points.map((p: { at: string }) => Date.parse(p.at));
    assert.deepEqual(times, [...times].sort((a: number, b: number) => a - b));
  });

  it('history filtered on the server by outcome and time range, paged by the cursor', async () => {
    const agent = await connect('hist-1');
    // Days 20 to 25: success on even days, failed on odd ones.
    await fleet.commandDays(agent, 'hist-1', [20, 21, 22, 23, 24, 25]);
    type H = { commandId: string; state: string; sentAt: string; agentId: string };
    const dayOf = (h: H) => Math.round((Date.parse(h.sentAt) - start) / DAY);
    const all = async (query: string, limit: number) => {
      const seen: H[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = await viewer.call('GET', `/api/v1/history?agent=hist-1&limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        seen.push(...(r.body.items as H[]));
        cursor = r.body.next;
        pages += 1;
      } while (cursor && pages < 20);
      return { seen, pages };
    };

    const failed = await all('state=failed', 1);
    assert.deepEqual(failed.seen.map((h) => [dayOf(h), h.state]), [[25, 'failed'], [23, 'failed'], [21, 'failed']]);
    assert.ok(failed.pages >= 3);

    const iso = (day: number) => new Date(start + day * DAY - 60_000).toISOString();
    const ranged = await all(`since=${iso(21)}&until=${iso(24)}`, 2);
    assert.deepEqual(ranged.seen.map(dayOf), [23, 22, 21]);

    const both = await all(`state=success&since=${iso(21)}&until=${iso(26)}`, 50);
    assert.deepEqual(both.seen.map((h) => [dayOf(h), h.state]), [[24, 'success'], [22, 'success']]);
    assert.equal(both.pages, 1);

    assert.equal((await all(`since=${iso(40)}`, 5)).seen.length, 0);
    assert.equal((await viewer.call('GET', '/api/v1/history?state=exploded')).status, 400);
    assert.equal((await viewer.call('GET', `/api/v1/history?since=${iso(24)}&until=${iso(21)}`)).status, 400);
  });
});
