// The outbox: Discord posts stored before they are sent, taken in id order per channel, marked sent
// with Discord's message id right after Discord accepts them.
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

export interface OutboxRow {
  id: number;
  channelKind: string | null;
  channelId: string;
  payload: unknown;
  dedupeKey: string | null;
  replyTo: string | null;
  nonce: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
  messageId: string | null;
  failedAt: number | null;
}

export interface NewOutboxRow {
  channelKind: string | null;
  channelId: string;
  payload: unknown;
  dedupeKey?: string | undefined;
  replyTo?: string | undefined;
  nonce: string;
  at: number;
}

interface Row {
  id: number;
  channel_kind: string | null;
  channel_id: string;
  payload: string;
  dedupe_key: string | null;
  reply_to: string | null;
  nonce: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
  message_id: string | null;
  failed_at: number | null;
}

const toRow = (r: Row): OutboxRow => ({
  id: r.id,
  channelKind: r.channel_kind,
  channelId: r.channel_id,
  payload: fromJsonColumn(r.payload),
  dedupeKey: r.dedupe_key,
  replyTo: r.reply_to,
  nonce: r.nonce,
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  sentAt: r.sent_at,
  messageId: r.message_id,
  failedAt: r.failed_at,
});

const PENDING = 'sent_at IS NULL AND failed_at IS NULL';

export function createOutboxRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO outbox (channel_kind, channel_id, payload, dedupe_key, reply_to, nonce, created_at, next_attempt_at)
    VALUES (@channel_kind, @channel_id, @payload, @dedupe_key, @reply_to, @nonce, @at, @at)
    ON CONFLICT (dedupe_key) DO NOTHING`);
  const channels = db.prepare(`SELECT DISTINCT channel_id FROM outbox WHERE ${PENDING}`).pluck();
  const head = db.prepare(`SELECT * FROM outbox WHERE channel_id = ? AND ${PENDING} ORDER BY id LIMIT 1`);
  const sent = db.prepare('UPDATE outbox SET sent_at = @at, message_id = @message_id, last_error = NULL WHERE id = @id AND sent_at IS NULL');
  const later = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id');
  const failed = db.prepare('UPDATE outbox SET attempts = attempts + 1, failed_at = @at, last_error = @error WHERE id = @id');
  const byKey = db.prepare('SELECT message_id FROM outbox WHERE dedupe_key = ?').pluck();
  const get = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const recent = db.prepare('SELECT * FROM outbox ORDER BY id DESC LIMIT ?');
  const pendingCount = db.prepare(`SELECT COUNT(*) FROM outbox WHERE ${PENDING}`).pluck();
  const prune = db.prepare('DELETE FROM outbox WHERE COALESCE(sent_at, failed_at) < ?');
  const due = db.prepare(`UPDATE outbox SET next_attempt_at = @at WHERE ${PENDING} AND next_attempt_at > @at`);

  return {
    /** The new row's id, or undefined when a row with this dedupe key already exists. */
    add(r: NewOutboxRow): number | undefined {
      const info = insert.run({
        channel_kind: r.channelKind,
        channel_id: r.channelId,
        payload: JSON.stringify(r.payload),
        dedupe_key: r.dedupeKey ?? null,
        reply_to: r.replyTo ?? null,
        nonce: r.nonce,
        at: r.at,
      });
      return info.changes === 1 ? Number(info.lastInsertRowid) : undefined;
    },
    /** Channels with rows still to send. */
    pendingChannels(): string[] {
      return channels.all() as string[];
    },
    /** The oldest row of the channel not yet sent nor refused: the only one that may be sent now. */
    head(channelId: string): OutboxRow | undefined {
      const r = head.get(channelId) as Row | undefined;
      return r ? toRow(r) : undefined;
    },
    markSent(id: number, messageId: string, at: number): void {
      sent.run({ id, message_id: messageId, at });
    },
    retryLater(id: number, nextAttemptAt: number, error: string): void {
      later.run({ id, next: nextAttemptAt, error: error.slice(0, 1000) });
    },
    markFailed(id: number, at: number, error: string): void {
      failed.run({ id, at, error: error.slice(0, 1000) });
    },
    /** Discord's id of the post stored under this dedupe key: null while unsent, undefined when there is none. */
    messageIdOf(dedupeKey: string): string | null | undefined {
      return byKey.get(dedupeKey) as string | null | undefined;
    },
    get(id: number): OutboxRow | undefined {
      const r = get.get(id) as Row | undefined;
      return r ? toRow(r) : undefined;
    },
    /** Newest first. */
    recent(limit = 50): OutboxRow[] {
      return (recent.all(limit) as Row[]).map(toRow);
    },
    pendingCount(): number {
      return pendingCount.get() as number;
    },
    /** Forgets rows sent (or refused) before `before`; rows still waiting are kept whatever their age. */
    prune(before: number): number {
      return prune.run(before).changes;
    },
    /** Every waiting row is due now: a back-off from before a restart says nothing about Discord today. */
    dueNow(at: number): void {
      due.run({ at });
    },
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
