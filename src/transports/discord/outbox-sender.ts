// Posts the outbox: per channel, the oldest row not yet sent, then the next, strictly in order. A row is
// marked sent with Discord's message id as soon as Discord accepts it. When Discord is away, answers 5xx
// or the network fails (after discord.js's own retries, which also wait out 429s with their
// Retry-After), the row waits with a doubling back-off and the rows behind it wait with it. Each row
// carries a nonce sent with enforce_nonce, so a row re-sent because mserver stopped between Discord's
// answer and the commit (or a lost answer) returns the first post instead of posting twice.
import type { Client } from 'discord.js';
import type { TimerHandle, Timers } from '../../core/notifications/timers.ts';
import type { Clock } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import type { OutboxRepo, OutboxRow } from '../../store/outbox-repo.ts';
import { postToChannel } from './message-targets.ts';
import type { EditPayload } from './run-presenter.ts';
import { NO_MENTIONS } from './message-text.ts';
import type { OutboxMessage } from './notices/notice-messages.ts';

export type PostFn = (channelId: string, message: OutboxMessage, extras: { nonce: string; replyTo: string | undefined }) => Promise<string>;

export interface OutboxSenderDeps {
  repo: OutboxRepo;
  post: PostFn;
  clock: Clock;
  timers: Timers;
  log: Logger;
  retry: { minMs: number; maxMs: number };
}

export interface OutboxSender {
  /** Starts posting (once Discord is ready); rows stored while it was stopped go first. */
  start(): void;
  /** Something was enqueued: post it as soon as its channel allows. */
  kick(): void;
  /** Stops after the posts in flight (bounded wait); unsent rows stay for the next start. */
  stop(): Promise<void>;
}

/** Discord's posting through the bot's current client (a new one after each failed login). */
export function discordPost(client: () => Client): PostFn {
  return async (channelId, message, { nonce, replyTo }) => {
    const { components, ...rest } = message;
    const sent = await postToChannel(client(), channelId, {
      ...rest,
      // Stored as plain JSON (API objects), which discord.js sends as they are.
      ...(components ? { components: components as unknown as EditPayload['components'] } : {}),
      allowedMentions: NO_MENTIONS,
      nonce,
      enforceNonce: true,
      ...(replyTo ? { reply: { messageReference: replyTo, failIfNotExists: false } } : {}),
    });
    return sent.id;
  };
}

/** 4xx answers no retry can mend (a malformed message, an unknown channel). 401/403 can be mended by an admin. */
function refusedForGood(err: unknown): boolean {
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);
}

function describe(err: unknown): string {
  const e = err as { status?: number; code?: number | string; message?: string };
  return [e.status, e.code, e.message ?? String(err)].filter((x) => x !== undefined && x !== '').join(' ');
}

const STOP_WAIT_MS = 3000;
/** Sent rows are kept a while (to look into, and for replies to find their alert), then forgotten. */
const KEEP_SENT_MS = 30 * 86_400_000;

export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const { repo, clock, timers, log, retry } = deps;
  const workers = new Map<string, { running: boolean; timer: TimerHandle | undefined }>();
  const inFlight = new Set<Promise<unknown>>();
  let started = false;
  let stopped = false;

  function backoff(attempts: number, err: unknown): number {
    const doubled = Math.min(retry.maxMs, retry.minMs * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
    const retryAfter = (err as { retryAfter?: unknown }).retryAfter;
    return typeof retryAfter === 'number' && retryAfter > doubled ? retryAfter : doubled;
  }

  async function attempt(row: OutboxRow): Promise<void> {
    const replyTo = row.replyTo ? (repo.messageIdOf(row.replyTo) ?? undefined) : undefined;
    const posting = deps.post(row.channelId, row.payload as OutboxMessage, { nonce: row.nonce, replyTo });
    inFlight.add(posting);
    try {
      const messageId = await posting;
      repo.markSent(row.id, messageId, clock.now());
      if (row.attempts > 0) log.info({ outbox: row.id, channel: row.channelId, attempts: row.attempts + 1 }, 'notification delivered after retries');
    } catch (err) {
      if (stopped) return;
      const why = describe(err);
      if (refusedForGood(err)) {
        repo.markFailed(row.id, clock.now(), why);
        log.error({ outbox: row.id, channel: row.channelId, error: why }, 'Discord refused a notification for good: it is kept in the outbox, marked failed');
        return;
      }
      const delay = backoff(row.attempts + 1, err);
      repo.retryLater(row.id, clock.now() + delay, why);
      const fields = { outbox: row.id, channel: row.channelId, attempts: row.attempts + 1, retryInMs: delay, error: why };
      // The first failure and every tenth after it, not one line per retry.
      if (row.attempts % 10 === 0) log.warn(fields, 'could not post a notification: it waits in the outbox, with the ones behind it');
      else log.debug(fields, 'notification still waiting for Discord');
    } finally {
      inFlight.delete(posting);
    }
  }

  async function pump(channelId: string): Promise<void> {
    let w = workers.get(channelId);
    if (!w) {
      w = { running: false, timer: undefined };
      workers.set(channelId, w);
    }
    if (w.running || stopped) return;
    timers.clear(w.timer);
    w.timer = undefined;
    w.running = true;
    try {
      while (!stopped) {
        const row = repo.head(channelId);
        if (!row) return;
        const wait = row.nextAttemptAt - clock.now();
        if (wait > 0) {
          const worker = w;
          worker.timer = timers.set(() => {
            worker.timer = undefined;
            void pump(channelId);
          }, wait);
          return;
        }
        await attempt(row);
      }
    } catch (err) {
      if (!stopped) log.error({ err, channel: channelId }, 'the outbox sender failed; it resumes at the next notification');
    } finally {
      w.running = false;
    }
  }

  function kick(): void {
    if (!started || stopped) return;
    for (const channelId of repo.pendingChannels()) void pump(channelId);
  }

  return {
    start() {
      if (started) return;
      started = true;
      repo.prune(clock.now() - KEEP_SENT_MS);
      const waiting = repo.pendingCount();
      if (waiting > 0) {
        repo.dueNow(clock.now());
        log.info({ waiting }, 'posting notifications stored while Discord was away or mserver was stopped');
      }
      kick();
    },
    kick() {
      // After the caller's transaction: the rows it stored are committed by then.
      queueMicrotask(kick);
    },
    async stop() {
      stopped = true;
      for (const w of workers.values()) timers.clear(w.timer);
      if (inFlight.size === 0) return;
      let timer: TimerHandle | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((resolve) => (timer = timers.set(resolve, STOP_WAIT_MS))),
      ]);
      timers.clear(timer);
    },
  };
}
