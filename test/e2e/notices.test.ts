// Notices without Discord (architecture point 3): a team running mserver with only the dashboard and the
// API gets its alerts. An agent gone past the grace is a `notice` event on the fleet stream and a row of
// GET /api/v1/notices, each in its reader's language; a duplicate session key seen by two agents is one
// critical notice though it goes to two channels; a viewer sees no key notice; old notices are pruned.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { TestAgent } from '../support/agent.ts';
import { apiClient, openSse, type ApiClient, type SseReader } from '../support/http-client.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const KEY = `0x${'5e'.repeat(96)}`;
const KEY_KINDS = ['key_rotated', 'key_verdict', 'duplicate_key', 'handover'];

describe('notices with Discord off', () => {
  let s: TestServer;
  let operator: ApiClient;
  let viewer: ApiClient;
  let operatorToken: string;
  let viewerToken: string;
  const agents: TestAgent[] = [];

  const connect = async (id: string) => {
    const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, containers: ['polkadot'] } });
    agents.push(a);
    await waitUntil(() => s.app.hub.isConnected(id), `${id} connected`);
    return a;
  };

  before(async () => {
    s = await startTestServer({ http: true, env: { AGENT_OFFLINE_GRACE_S: '1', AGENT_ALERT_WINDOW_MS: '10' } });
    const token = (name: string, level: 'viewer' | 'operator') =>
      s.app.apiTokens.add({ name, level, approver: false, ownerId: `console:${name}`, ownerName: name, createdBy: 't', expiresInMs: null }).token;
    operatorToken = token('notices-operator', 'operator');
    viewerToken = token('notices-viewer', 'viewer');
    operator = apiClient(s.httpUrl, operatorToken);
    viewer = apiClient(s.httpUrl, viewerToken);
  });
  after(async () => {
    for (const a of agents) await a.close();
    await s.dispose();
  });

  it('an agent offline past the grace: a notice event on the stream and a row of /notices, in English and in Korean', async () => {
    assert.equal(s.config.discord, undefined, 'this test is about mserver without a bot');
    const english = await openSse(`${s.httpUrl}/api/v1/events`, operatorToken);
    const korean = await openSse(`${s.httpUrl}/api/v1/events`, operatorToken, undefined, { 'accept-language': 'ko' });
    await english.next((e) => e.event === 'ready');
    await korean.next((e) => e.event === 'ready');
    const agent = await connect('gone-1');
    await agent.close();

    const live = await english.next((e) => e.event === 'notice' && e.data.kind === 'host_events', 10_000);
    assert.equal(live.data.level, 'critical');
    assert.equal(live.data.agentId, 'gone-1');
    assert.equal(live.data.channel, 'alerts');
    assert.equal(live.data.title, 'gone-1 is offline');
    assert.match(live.data.text, /gone-1 is offline: disconnected \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    assert.doesNotMatch(live.data.text, /\*\*|`|<t:/, 'plain text, no Discord markup');
    const liveKo = await korean.next((e) => e.event === 'notice' && e.data.kind === 'host_events');
    assert.equal(liveKo.data.id, live.data.id, 'one event, written for each reader');
    assert.equal(liveKo.data.title, 'gone-1 오프라인');
    english.close();
    korean.close();

    const listed = await operator.call('GET', '/api/v1/notices?limit=10');
    assert.equal(listed.status, 200);
    const row = listed.body.items.find((n: { id: number }) => n.id === live.data.id);
    assert.ok(row, JSON.stringify(listed.body));
    assert.deepEqual({ ...row }, { ...live.data });
    assert.equal(row.facts.events[0].kind, 'offline');
    const ko = await operator.call('GET', '/api/v1/notices?level=critical&agent=gone-1', { headers: { 'accept-language': 'ko' } });
    assert.equal(ko.status, 200);
    assert.deepEqual(
      ko.body.items.map((n: { title: string }) => n.title),
      ['gone-1 오프라인'],
    );
    const none = await operator.call('GET', '/api/v1/notices?level=info&agent=gone-1');
    assert.deepEqual(none.body.items, []);
  });

  it('a duplicate session key seen by two agents: one critical notice, recorded once though it goes to keys and alerts', async () => {
    const viewerStream = await openSse(`${s.httpUrl}/api/v1/events`, viewerToken);
    await viewerStream.next((e) => e.event === 'ready');
    const operatorStream = await openSse(`${s.httpUrl}/api/v1/events`, operatorToken);
    await operatorStream.next((e) => e.event === 'ready');
    const a = await connect('dup-a');
    const b = await connect('dup-b');
    for (const agent of [a, b]) {
      agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: KEY, action: 'rotate_keys' } });
      const check = await agent.nextCommand();
      assert.equal(check.command, 'has_session_keys');
      agent.respond(check.id, 'success', { result: { has_session_keys: true } });
    }
    const dup = await operatorStream.next((e) => e.event === 'notice' && e.data.kind === 'duplicate_key', 10_000);
    assert.equal(dup.data.level, 'critical');
    assert.equal(dup.data.channel, 'keys');
    assert.equal(dup.data.agentId, null, 'about two agents');
    assert.match(dup.data.title, /Duplicate session key on dup-a \/ polkadot and dup-b \/ polkadot/);
    assert.ok(dup.data.text.includes(KEY), 'the public key in full');

    const ro = new Database(s.dbPath, { readonly: true });
    try {
      assert.equal(ro.prepare("SELECT COUNT(*) FROM notices WHERE kind = 'duplicate_key'").pluck().get(), 1, 'one notice for two channels');
    } finally {
      ro.close();
    }
    const listed = await operator.call('GET', '/api/v1/notices?level=critical');
    assert.equal(listed.body.items.filter((n: { kind: string }) => n.kind === 'duplicate_key').length, 1);
    const agentPage = await operator.call('GET', '/api/v1/notices?agent=dup-a');
    assert.ok(agentPage.body.items.some((n: { kind: string }) => n.kind === 'key_rotated'), 'the rotation is on dup-a\'s page');

    // The viewer: no key notice in the list, none on its stream (a later host notice shows the stream ran past them).
    const seen = await viewer.call('GET', '/api/v1/notices?limit=100');
    assert.equal(seen.status, 200);
    assert.ok(seen.body.items.length > 0, 'the viewer sees the host notices');
    assert.deepEqual(seen.body.items.filter((n: { kind: string }) => KEY_KINDS.includes(n.kind)), []);
    await a.close();
    await viewerStream.next((e) => e.event === 'notice' && e.data.kind === 'host_events' && e.data.agentId === 'dup-a', 10_000);
    assert.deepEqual(noticeKinds(viewerStream).filter((k) => KEY_KINDS.includes(k)), []);
    assert.ok(noticeKinds(operatorStream).includes('key_rotated'), 'the operator got the key notices');
    viewerStream.close();
    operatorStream.close();
  });

  it('pages newest first with a cursor, and refuses a cursor it did not make', async () => {
    const first = await operator.call('GET', '/api/v1/notices?limit=1');
    assert.equal(first.body.items.length, 1);
    assert.ok(first.body.next);
    const second = await operator.call('GET', `/api/v1/notices?limit=1&cursor=${first.body.next}`);
    assert.ok(second.body.items[0].id < first.body.items[0].id);
    const bad = await operator.call('GET', '/api/v1/notices?cursor=nope');
    assert.equal(bad.status, 400);
  });
});

function noticeKinds(stream: SseReader): string[] {
  return stream.events.filter((e) => e.event === 'notice').map((e) => String(e.data.kind));
}

describe('notices retention', () => {
  it('prunes notices older than RETENTION_NOTICES_DAYS (seconds here)', async () => {
    const s = await startTestServer({ env: { RETENTION_NOTICES_DAYS: String(2 / 86_400), RETENTION_SWEEP_S: '1' } });
    const ro = new Database(s.dbPath, { readonly: true });
    try {
      s.app.notifications.outbox.enqueueNotice('alerts', { facts: { kind: 'disk_low', freeMb: 10, warnMb: 100, path: s.dbPath } }, { dedupeKey: 'disk-low:test' });
      const count = () => ro.prepare("SELECT COUNT(*) FROM notices WHERE kind = 'disk_low'").pluck().get() as number;
      assert.equal(count(), 1, 'recorded with Discord off');
      await waitUntil(() => count() === 0, 'the old notice pruned', 8000);
      assert.ok(s.logs.some((l) => l.msg === 'retention: old history pruned' && (l as { notices?: number }).notices === 1));
    } finally {
      ro.close();
      await s.dispose();
    }
  });
});
