// Transport-neutral events for the SSE streams, taken from the dispatcher's and the hub's event buses:
// agents online and offline, requests (waiting for approval, decided, started, each agent's outcome,
// finished), payout changes and key updates. Each event gets an id and the level a reader needs, and
// the last few thousand are kept so a client can resume after a dropped connection (Last-Event-ID).
import { randomBytes } from 'node:crypto';
import type { Catalog } from '../../core/catalog.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Run } from '../../core/run.ts';
import type { EventBus } from '../../core/event-bus.ts';
import type { Level, Policy } from '../../core/policy.ts';
import type { HubEvents } from '../../hub/hub-events.ts';
import type { CommandUpdate } from '../../core/ports.ts';
import { isRolling } from '../../core/rolling-restart.ts';
import type { Locale } from '../../i18n/locale.ts';
import { render } from '../../i18n/message.ts';
import type { RequestRecord } from '../../store/requests-repo.ts';
import { iso, outcomeFromUpdate } from './views.ts';
import { noticeReaderLevel } from '../../core/notice-level.ts';
import type { NoticeRecord } from '../../store/notices-repo.ts';
import { noticeJson } from './notice-view.ts';

export interface FeedEvent {
  /** `<boot>.<seq>`: an id from before a restart never matches, so the reader gets a fresh snapshot. */
  id: string;
  seq: number;
  type: string;
  /** Set on events about one request: its own stream follows these. */
  requestId?: number | undefined;
  /** False for per-agent outcomes: too many for the fleet stream, which has the request's tally. */
  fleet: boolean;
  minLevel: Exclude<Level, 'none'>;
  data: Record<string, unknown>;
  /**
   * The event as one reader reads it (mserver's own texts in their language), when it has such texts;
   * `data` is the English one. Kept once, rendered at send time: nothing is stored per language.
   */
  render?: ((locale: Locale, data: Record<string, unknown>) => Record<string, unknown>) | undefined;
}

/** An event's data in the reader's language. */
export function dataFor(e: Pick<FeedEvent, 'data' | 'render'>, locale: Locale): Record<string, unknown> {
  return e.render ? e.render(locale, e.data) : e.data;
}

/** An outcome's progress and error lines in the reader's language, when mserver wrote them (a Message beside the English). */
const outcomeRender = (u: CommandUpdate): FeedEvent['render'] =>
  u.progressText || u.errorText
    ? (locale, data) =>
        locale === 'en' ? data : { ...data, ...(u.progressText ? { progress: render(locale, u.progressText) } : {}), ...(u.errorText ? { error: render(locale, u.errorText) } : {}) }
    : undefined;

/** Finished rolling restarts whose outcomes stay readable: their verdicts are not the stored command rows. */
const RECENT_ROLLING = 100;

export interface EventFeedDeps {
  dispatcher: Pick<Dispatcher, 'events'>;
  hubEvents: EventBus<HubEvents>;
  catalog: Catalog;
  policy: Policy;
  capacity?: number;
  /** Notices as they are recorded (src/notify/notice-log.ts): each becomes a `notice` event. */
  notices?: Pick<EventBus<{ recorded: NoticeRecord }>, 'on'> | undefined;
}

export interface EventFeed {
  subscribe(listener: (e: FeedEvent) => void): () => void;
  /** Events after `lastEventId`, or undefined when it is unknown or too old (the reader needs a snapshot). */
  since(lastEventId: string | undefined): FeedEvent[] | undefined;
  /** The id of the newest event (a snapshot stands at this point). */
  lastId(): string;
  /**
   * Each agent's latest update, in the request's agent order, while its run is live (or, for a rolling
   * restart, soon after), or undefined: then the stored rows tell it.
   */
  liveOutcomes(requestId: number): CommandUpdate[] | undefined;
  close(): void;
}

export function createEventFeed(deps: EventFeedDeps): EventFeed {
  const capacity = deps.capacity ?? 20_000;
  const boot = randomBytes(4).toString('hex');
  const ring: FeedEvent[] = [];
  let seq = 0;
  const listeners = new Set<(e: FeedEvent) => void>();

  const levelOf = (command: string): Exclude<Level, 'none'> => {
    const spec = deps.catalog.get(command);
    return spec ? deps.policy.rule(spec).minLevel : 'admin';
  };
  const head = (r: RequestRecord) => ({ requestId: r.id, command: r.command, target: r.target, state: r.state, agents: r.agents.length, actor: r.actorName, via: r.via });

  /**
   * `data` may be given as a function: it is built when a stream first sends the event. A broadcast's
   * outcomes (two per agent) are mostly read by nobody, and building and keeping each one's JSON for the
   * ring was a fifth of mserver's cost of a broadcast beyond the floor's (CPU and garbage collection).
   */
  function push(type: string, data: Record<string, unknown> | (() => Record<string, unknown>), opts: { requestId?: number; fleet?: boolean; minLevel: Exclude<Level, 'none'>; render?: FeedEvent['render'] }): void {
    seq += 1;
    const head = { id: `${boot}.${seq}`, seq, type, requestId: opts.requestId, fleet: opts.fleet ?? true, minLevel: opts.minLevel, render: opts.render };
    let made: Record<string, unknown> | undefined;
    const e: FeedEvent =
      typeof data === 'function'
        ? {
            ...head,
            get data() {
              return (made ??= data());
            },
          }
        : { ...head, data };
    ring.push(e);
    // Trimmed in batches: a splice per event would move the whole ring on every outcome of a broadcast.
    if (ring.length > capacity + (capacity >> 2)) ring.splice(0, ring.length - capacity);
    for (const l of listeners) l(e);
  }

  // Runs in flight, so a snapshot can show every agent (a rolling restart's later agents have no stored
  // row yet) with mserver's own words as Messages; finished rolling restarts are kept a little longer.
  const live = new Map<number, Run>();
  const recent = new Map<number, CommandUpdate[]>();
  const outcome = (requestId: number, u: CommandUpdate, minLevel: Exclude<Level, 'none'>) =>
    push('outcome', () => ({ requestId, ...outcomeFromUpdate(u) }), { requestId, fleet: false, minLevel, render: outcomeRender(u) });

  const ev = deps.dispatcher.events;
  const hub = deps.hubEvents;
  const offs = [
    ev.on('approval_requested', ({ request }) => push('approval_waiting', { ...head(request), reason: request.reason, approvalsNeeded: request.approvalsNeeded, expiresAt: iso(request.expiresAt) }, { requestId: request.id, minLevel: levelOf(request.command) })),
    ev.on('request_decided', ({ request, decision, actor, at, approvals }) =>
      push('request_decided', { ...head(request), decision, by: actor?.name ?? null, at: iso(at), approvals }, { requestId: request.id, minLevel: levelOf(request.command) }),
    ),
    ev.on('run_started', ({ request, run }) => {
      const minLevel = levelOf(request.command);
      push('request_started', head(request), { requestId: request.id, minLevel });
      live.set(request.id, run);
      for (const u of run.states.values()) outcome(request.id, u, minLevel);
      run.onUpdate((u) => outcome(request.id, u, minLevel));
    }),
    ev.on('run_finished', ({ request, outcomes }) => {
      live.delete(request.id);
      if (isRolling(request)) {
        recent.set(request.id, outcomes);
        if (recent.size > RECENT_ROLLING) recent.delete(recent.keys().next().value!);
      }
      const tally: Record<string, number> = {};
      for (const o of outcomes) tally[o.state] = (tally[o.state] ?? 0) + 1;
      push('request_finished', { ...head(request), state: 'done', tally }, { requestId: request.id, minLevel: levelOf(request.command) });
    }),
    hub.on('agent_connected', (e) => push('agent_online', { agentId: e.agentId, hostName: e.hostName ?? null, at: iso(e.at), replaced: e.replaced }, { minLevel: 'viewer' })),
    hub.on('agent_disconnected', (e) => push('agent_offline', { agentId: e.agentId, at: iso(e.at), code: e.code }, { minLevel: 'viewer' })),
    hub.on('summary', (e) => {
      if (!e.payoutChanged || !e.payout) return;
      const p = e.payout;
      push('payout', { agentId: e.agentId, at: iso(e.at), unclaimedEras: p.unclaimed.map((u) => u.era), oldestUnclaimedEra: p.oldestUnclaimedEra ?? null, erasLeft: p.erasLeft ?? null }, { minLevel: 'viewer' });
    }),
    hub.on('key_update', (e) =>
      push('key_update', { agentId: e.agentId, container: e.container, sessionKey: e.sessionKey, solicited: e.solicited, requestId: e.requestId, at: iso(e.at) }, { minLevel: 'operator' }),
    ),
    // A notice: the same item as GET /notices, its title and text written in each reader's language.
    ...(deps.notices ? [deps.notices.on('recorded', (n) => push('notice', noticeJson(n, 'en'), { minLevel: noticeReaderLevel(n.kind), render: (locale) => noticeJson(n, locale) }))] : []),
  ];

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since(lastEventId) {
      if (!lastEventId) return undefined;
      const m = /^([0-9a-f]{8})\.(\d{1,15})$/.exec(lastEventId.trim());
      if (!m || m[1] !== boot) return undefined;
      const after = Number(m[2]);
      if (after > seq) return undefined;
      const first = ring[0]?.seq ?? seq + 1;
      // Events between the one the reader has and the oldest kept are lost: it needs a snapshot.
      if (after < first - 1) return undefined;
      // Sequence numbers in the ring are consecutive, so the position is arithmetic.
      return ring.slice(Math.max(0, after - first + 1));
    },
    lastId: () => `${boot}.${seq}`,
    liveOutcomes(requestId) {
      const run = live.get(requestId);
      if (!run) return recent.get(requestId);
      return run.request.agents.flatMap((a) => run.states.get(a) ?? []);
    },
    close() {
      live.clear();
      recent.clear();
      for (const off of offs) off();
      listeners.clear();
    },
  };
}
