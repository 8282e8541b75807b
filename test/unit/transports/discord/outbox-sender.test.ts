// The outbox and its sender with a scripted Discord (post) and hand-moved time: order per channel,
// back-off, Retry-After, refusals for good, replies, dedupe, and rows left from before a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import { createOutbox } from '../../../../src/notify/outbox.ts';
import { openDatabase } from '../../../../src/store/database.ts';
import { createOutboxRepo } from '../../../../src/store/outbox-repo.ts';
import { createOutboxSender, type PostFn } from '../../../../src/transports/discord/outbox-sender.ts';
import type { OutboxMessage } from '../../../../src/transports/discord/notices/notice-messages.ts';
import { fakeTime } from '../../core/notifications/fake-time.ts';
import { renderNotice } from '../../../../src/transports/discord/notices/render-notice.ts';

const dir = mkdtempSync(join(tmpdir(), 'mserver-outbox-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const A = '1300000000000000302';
const B = '1300000000000000304';
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function setup() {
  const db = openDatabase(join(dir, `o${++n}.db`));
  const repo = createOutboxRepo(db);
  const time = fakeTime();
  const calls: Array<{ channelId: string; content: string | undefined; nonce: string; replyTo: string | undefined }> = [];
  /** Errors the next posts of a content throw, in order; without one a post succeeds. */
  const script: Array<[string, Error]> = [];
  let nextId = 1000;
  const post: PostFn = async (channelId, message: OutboxMessage, extras) => {
    calls.push({ channelId, content: message.content, ...extras });
    const i = script.findIndex(([content]) => content === message.content);
    if (i >= 0) throw script.splice(i, 1)[0]![1];
    return String(nextId++);
  };
  const log = pino({ level: 'silent' });
  const sender = createOutboxSender({ repo, post, clock: time, timers: time, log, retry: { minMs: 100, maxMs: 400 } });
  const outbox = createOutbox({
    repo,
    channels: { alerts: A, keys: B },
    transaction: (fn) => db.transaction(fn)(),
    now: () => time.now(),
    stored: () => sender.kick(),
    log,
    render: renderNotice,
  });
  return { db, repo, time, calls, script, sender, outbox };
}

const err = (status: number | undefined, extra: Record<string, unknown> = {}) => Object.assign(new Error(`status ${status}`), { status, ...extra });

describe('outbox sender', () => {
  test('posts in id order per channel, marks each sent with its message id, replies to the parent post', async () => {
    const { outbox, sender, calls, repo } = setup();
    outbox.enqueue('alerts', { content: 'a1' }, { dedupeKey: 'parent' });
    outbox.enqueue('alerts', { content: 'a2' }, { replyTo: 'parent' });
    outbox.enqueue('keys', { content: 'b1' });
    assert.equal(calls.length, 0, 'nothing before start');
    sender.start();
    await settle();
    assert.deepEqual(calls.map((c) => c.content).sort(), ['a1', 'a2', 'b1']);
    assert.deepEqual(calls.filter((c) => c.channelId === A).map((c) => c.content), ['a1', 'a2']);
    assert.equal(calls.find((c) => c.content === 'a2')?.replyTo, repo.messageIdOf('parent'));
    assert.equal(repo.pendingCount(), 0);
    assert.equal(new Set(calls.map((c) => c.nonce)).size, 3, 'a nonce per row');
  });

  test('a failing post backs off, doubling, and the rows behind it wait; another channel goes on', async () => {
    const { outbox, sender, calls, script, time, repo } = setup();
    sender.start();
    script.push(['a1', err(503)], ['a1', err(503)], ['a1', err(undefined)], ['a1', err(503)]);
    const first = outbox.enqueue('alerts', { content: 'a1' })!;
    outbox.enqueue('alerts', { content: 'a2' });
    await settle();
    assert.deepEqual(calls.map((c) => c.content), ['a1']);
    outbox.enqueue('keys', { content: 'b1' });
    await settle();
    assert.deepEqual(calls.map((c) => c.content), ['a1', 'b1'], 'the other channel is not held up');
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const row = repo.get(first)!;
      waits.push(row.nextAttemptAt - time.now());
      time.advance(row.nextAttemptAt - time.now());
      await settle();
    }
    assert.deepEqual(waits, [100, 200, 400, 400], 'doubling up to the maximum');
    assert.deepEqual(calls.filter((c) => c.channelId === A).map((c) => c.content), ['a1', 'a1', 'a1', 'a1', 'a1', 'a2']);
    assert.equal(repo.get(first)!.attempts, 4);
    assert.equal(new Set(calls.filter((c) => c.content === 'a1').map((c) => c.nonce)).size, 1, 'the same nonce on every attempt');
  });

  test('a Retry-After longer than the back-off is waited out', async () => {
    const { outbox, sender, script, repo, time } = setup();
    sender.start();
    script.push(['a1', err(429, { retryAfter: 5000 })]);
    const id = outbox.enqueue('alerts', { content: 'a1' })!;
    await settle();
    assert.equal(repo.get(id)!.nextAttemptAt - time.now(), 5000);
  });

  test('a refusal for good (400) sets the row aside and the next one goes', async () => {
    const { outbox, sender, script, calls, repo } = setup();
    sender.start();
    script.push(['bad', err(400, { code: 50035 })]);
    const bad = outbox.enqueue('alerts', { content: 'bad' })!;
    outbox.enqueue('alerts', { content: 'next' });
    await settle();
    assert.deepEqual(calls.map((c) => c.content), ['bad', 'next']);
    assert.notEqual(repo.get(bad)!.failedAt, null);
    assert.match(repo.get(bad)!.lastError!, /400/);
  });

  test('a 403 (missing permission) is retried: an admin can mend it', async () => {
    const { outbox, sender, script, repo } = setup();
    sender.start();
    script.push(['a1', err(403)]);
    const id = outbox.enqueue('alerts', { content: 'a1' })!;
    await settle();
    assert.equal(repo.get(id)!.failedAt, null);
    assert.equal(repo.get(id)!.attempts, 1);
  });

  test('rows waiting from before a restart are due at start, not after their old back-off', async () => {
    const first = setup();
    first.sender.start();
    first.script.push(['a1', err(503)]);
    const id = first.outbox.enqueue('alerts', { content: 'a1' })!;
    await settle();
    await first.sender.stop();
    assert.ok(first.repo.get(id)!.nextAttemptAt > first.time.now());
    const again = createOutboxSender({ repo: first.repo, post: async () => 'm-1', clock: first.time, timers: first.time, log: pino({ level: 'silent' }), retry: { minMs: 100, maxMs: 400 } });
    again.start();
    await settle();
    assert.equal(first.repo.get(id)!.messageId, 'm-1');
  });

  test('rows sent more than 30 days before a start are forgotten; waiting ones are kept whatever their age', async () => {
    const { outbox, sender, repo, time } = setup();
    const old = outbox.enqueue('alerts', { content: 'old' })!;
    repo.markSent(old, 'm-old', time.now());
    const waiting = outbox.enqueue('alerts', { content: 'waiting' })!;
    time.advance(31 * 86_400_000);
    sender.start();
    assert.equal(repo.get(old), undefined);
    assert.notEqual(repo.get(waiting), undefined);
    await settle();
    assert.notEqual(repo.get(waiting)!.sentAt, null);
  });

  test('a dedupe key stores a notification once; an unconfigured channel stores nothing', () => {
    const { outbox, repo } = setup();
    assert.equal(typeof outbox.enqueue('alerts', { content: 'x' }, { dedupeKey: 'k' }), 'number');
    assert.equal(outbox.enqueue('alerts', { content: 'x' }, { dedupeKey: 'k' }), undefined);
    assert.equal(outbox.enqueue('payouts', { content: 'x' }), undefined);
    // A notice too long for one Discord message: its parts are stored together, each with its own key.
    const commands = Array.from({ length: 300 }, (_, i) => ({ id: 'z'.repeat(80), agentId: `agent-${i}`, command: 'restart', requestId: i }));
    const notice = { facts: { kind: 'interrupted', commands } } as const;
    const parts = renderNotice(notice, 'en').length;
    assert.ok(parts > 2);
    assert.equal(outbox.enqueueNotice('alerts', notice, { dedupeKey: 'long' }).length, parts);
    assert.deepEqual(repo.recent(parts).map((r) => r.dedupeKey).reverse(), ['long', ...Array.from({ length: parts - 1 }, (_, i) => `long#${i + 2}`)]);
  });
});
