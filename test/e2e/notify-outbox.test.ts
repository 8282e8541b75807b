// Nothing lost: notifications are stored before they are sent, and delivered later, in order, exactly
// once, while Discord answers 429 or 503, loses an answer, is unreachable, and across an mserver restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DiscordEmulator } from '../support/discord-emulator/index.ts';
import { IDS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import { drained } from '../support/outbox-drain.ts';
import { waitUntil } from '../support/wait.ts';

const ALERTS = IDS.channels.alerts;
const KEYS = IDS.channels.keys;
const ENV = { NOTIFY_RETRY_MIN_MS: '100', NOTIFY_RETRY_MAX_MS: '400' };

describe('notifications: the outbox', () => {
  let emu: DiscordEmulator;
  let st: DiscordStack;
  const dir = mkdtempSync(join(tmpdir(), 'mserver-outbox-'));

  const contents = (channelId: string, prefix: string) => emu.messages(channelId).map((m) => m.content).filter((c) => c.startsWith(prefix));
  const posts = (channelId: string) => emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
  const enqueue = (target: string, content: string) => st.s.app.notifications.outbox.enqueue(target, { content });
  const delivered = (channelId: string, prefix: string, n: number) =>
    emu.waitFor(() => contents(channelId, prefix).length >= n && st.s.app.store.outbox.pendingCount() === 0, 10_000);

  before(async () => {
    emu = await startEmulator();
    st = await startDiscordStack({ emu, dir, env: ENV });
  });
  after(async () => {
    await st.stop();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores before sending and waits out 429s with their Retry-After, in order, once each', async () => {
    emu.rateLimitNext(3, { match: new RegExp(`^POST /channels/${ALERTS}/messages$`), retryAfterMs: 150 });
    const seen = posts(ALERTS).length;
    const started = Date.now();
    const ids = ['rl-1', 'rl-2', 'rl-3'].map((c) => enqueue('alerts', c));
    assert.ok(ids.every((id) => id !== undefined && st.s.app.store.outbox.get(id)?.sentAt === null), 'stored, not yet sent');
    await delivered(ALERTS, 'rl-', 3);
    assert.deepEqual(contents(ALERTS, 'rl-'), ['rl-1', 'rl-2', 'rl-3']);
    assert.ok(Date.now() - started >= 450, 'three Retry-After waits');
    assert.deepEqual(posts(ALERTS).slice(seen).map((r) => r.status), [429, 429, 429, 200, 200, 200]);
    const rows = ids.map((id) => st.s.app.store.outbox.get(id!)!);
    assert.deepEqual(rows.map((r) => r.messageId), emu.messages(ALERTS).filter((m) => m.content.startsWith('rl-')).map((m) => m.id));
  });

  it('backs off on 503s past discord.js retries, keeps the channel in order, and lets other channels go on', async () => {
    emu.failNext(7, { status: 503, match: new RegExp(`^POST /channels/${ALERTS}/messages$`) });
    for (const c of ['5xx-1', '5xx-2', '5xx-3']) enqueue('alerts', c);
    enqueue('keys', '5xx-other-channel');
    await emu.waitFor(() => contents(KEYS, '5xx-').length === 1, 5000);
    assert.equal(contents(ALERTS, '5xx-').length, 0, 'the alerts channel was still failing when the keys channel got its post');
    await delivered(ALERTS, '5xx-', 3);
    assert.deepEqual(contents(ALERTS, '5xx-'), ['5xx-1', '5xx-2', '5xx-3']);
    const first = st.s.app.store.outbox.recent(10).find((r) => (r.payload as { content?: string }).content === '5xx-1')!;
    assert.ok(first.attempts >= 1, 'the sender retried after discord.js gave up');
    assert.ok(st.s.logs.some((l) => l.msg === 'could not post a notification: it waits in the outbox, with the ones behind it'));
  });

  it('posts once when Discord took a message but its answer was lost (nonce with enforce_nonce)', async () => {
    emu.failNext(1, { status: 503, match: new RegExp(`^POST /channels/${ALERTS}/messages$`), afterHandling: true });
    enqueue('alerts', 'lost-answer');
    await delivered(ALERTS, 'lost-answer', 1);
    // A repeat would come before a marker stored now: the channel's messages go out in order.
    await drained(st, 'alerts', ALERTS);
    assert.deepEqual(contents(ALERTS, 'lost-answer'), ['lost-answer']);
  });

  it('sets aside a message Discord refuses for good, and goes on with the next', async () => {
    const bad = enqueue('alerts', `refused-${'x'.repeat(2000)}`)!;
    enqueue('alerts', 'refused-next');
    await delivered(ALERTS, 'refused-next', 1);
    const row = st.s.app.store.outbox.get(bad)!;
    assert.notEqual(row.failedAt, null);
    assert.match(row.lastError!, /^400 50035/);
  });

  it('keeps what Discord could not take across a restart, then delivers it in order, once each', async () => {
    // Only REST is out: a discord.js client destroyed while its gateway reconnects keeps reconnecting.
    emu.setUnreachable(true, { gateway: false });
    const ids = ['rs-1', 'rs-2', 'rs-3'].map((c) => enqueue('alerts', c)!);
    await waitUntil(() => (st.s.app.store.outbox.get(ids[0]!)?.attempts ?? 0) >= 1, 'a failed attempt while Discord is away', 8000);
    await st.s.stop();
    emu.setUnreachable(false);
    st = await startDiscordStack({ emu, dir, env: ENV });
    enqueue('alerts', 'rs-4');
    await delivered(ALERTS, 'rs-', 4);
    await drained(st, 'alerts', ALERTS);
    assert.deepEqual(contents(ALERTS, 'rs-'), ['rs-1', 'rs-2', 'rs-3', 'rs-4']);
    assert.ok(st.s.logs.some((l) => l.msg === 'posting notifications stored while Discord was away or mserver was stopped'));
  });

  it('enqueue takes a channel id too, and drops what has nowhere to go', () => {
    assert.equal(typeof enqueue(IDS.channels.ops, 'by-id'), 'number');
    assert.equal(enqueue('nowhere', 'lost'), undefined);
  });
});
