// Scheduled commands. A schedule is checked by the policy when it is created or changed, exactly as if
// its command ran now (dispatcher.authorize): allowed at once, or waiting for an approval that covers
// its exact command. Each tick then calls the same dispatcher as every transport, acting for the
// schedule's owner under that standing authorization. Schedules live in SQLite and are armed again at
// start-up; what fell while mserver was down is reported, not replayed.
import type { AuthorizeOutcome, Dispatcher } from '../core/dispatcher.ts';
import type { Catalog } from '../core/catalog.ts';
import { UserError } from '../core/errors.ts';
import { LEVELS, type Policy } from '../core/policy.ts';
import type { Actor, Clock, Via } from '../core/ports.ts';
import type { Run } from '../core/run.ts';
import type { MemberRoles } from '../core/member-roles.ts';
import { msg, render, type Message } from '../i18n/message.ts';
import type { Logger } from '../log.ts';
import type { AuditEvent } from '../store/audit-repo.ts';
import type { RequestRecord, RequestsRepo } from '../store/requests-repo.ts';
import type { ScheduleDefinition, ScheduleRecord, ScheduleRunRecord, SchedulesRepo, ScheduleState } from '../store/schedules-repo.ts';
import { zonedTimeText } from '../transports/format/time-text.ts';
import { nextRuns, startCronJob, type CronJob } from './cron.ts';
import { reportMissedRuns, type Gap } from './missed-runs.ts';
import { readDefinition, checkName, checkTiming, type ScheduleInput, type TimingCheck } from './schedule-input.ts';
import { notice, type ScheduleNotice, type ScheduleNotify } from './schedule-notice.ts';
import { createScheduleRunner } from './schedule-runner.ts';
import { checkOwner } from './owner-authority.ts';
import { quoted } from '../core/quote.ts';
import { createStandingApprovals, DAY_MS } from './standing-approvals.ts';
import { stateText } from '../core/state-text.ts';

/** What a person may do to a schedule, each refused in its own words when their level is too low. */
type ScheduleAction = 'change' | 'remove' | 'pause' | 'resume' | 'run';
const ACTION_REFUSED = {
  change: 'core.schedule.refused.change',
  remove: 'core.schedule.refused.remove',
  pause: 'core.schedule.refused.pause',
  resume: 'core.schedule.refused.resume',
  run: 'core.schedule.refused.run',
} as const satisfies Record<ScheduleAction, string>;

export interface SchedulerDeps {
  dispatcher: Pick<Dispatcher, 'authorize' | 'revoke' | 'dispatch' | 'getRequest' | 'events'>;
  catalog: Catalog;
  policy: Policy;
  store: {
    schedules: SchedulesRepo;
    requests: Pick<RequestsRepo, 'latestWithPurpose'>;
    audit: { add(e: AuditEvent): number };
    queue: { push(write: () => void): void; flush(): void };
  };
  log: Logger;
  clock: Clock;
  /** SCHEDULE_TIMEZONE: the zone of a schedule that names none. */
  defaultTimezone: string;
  notify: ScheduleNotify;
  /** SCHEDULE_MIN_INTERVAL_S: an expression firing more often is refused (default 60). */
  minIntervalS?: number;
  /** The owner as the chat platform sees them now, checked at every tick, run and resume. */
  members?: MemberRoles;
  /** SCHEDULE_APPROVAL_TTL_DAYS in ms: how long a standing approval lasts (default 90 days). */
  approvalTtlMs?: number;
  /** How often standing approvals are reviewed besides each tick (default hourly). */
  reviewEveryMs?: number;
  /** What is wrong with posting outcomes in a channel (another server, no permission), if anything. */
  channels?: { problem(channelId: string): Promise<Message | undefined> };
}

/** "Runs now", or a fresh request waiting for an approval (a critical command run once, now). */
export type RunNowResult =
  | { kind: 'running'; schedule: ScheduleRecord; request: RequestRecord; run: Run }
  | { kind: 'needs_approval' | 'needs_confirmation'; schedule: ScheduleRecord; request: RequestRecord };

/** Who is asking, and from where (Discord keeps its channel here, to tell the requester about approvals). */
export interface Requester {
  actor: Actor;
  via: Via;
  origin?: unknown;
}

export interface ScheduleResult {
  schedule: ScheduleRecord;
  /** `granted`: armed (or kept paused); `needs_approval`: `request` waits for its reason and an approver. */
  authorization: AuthorizeOutcome['kind'];
  request: RequestRecord;
}

export interface ScheduleView extends ScheduleRecord {
  nextRun: Date | undefined;
  lastRun: ScheduleRunRecord | undefined;
  running: boolean;
}

export interface ScheduleDetail {
  schedule: ScheduleView;
  nextRuns: Date[];
  runs: ScheduleRunRecord[];
}

const NEXT_RUNS = 5;
const SYSTEM: Requester = { actor: { id: 'mserver', name: 'mserver' }, via: 'system' };

export function createScheduler(deps: SchedulerDeps) {
  const { dispatcher, catalog, policy, store, log, clock } = deps;
  const schedules = store.schedules;
  const limits = { minIntervalS: deps.minIntervalS ?? 60 };
  const members: MemberRoles = deps.members ?? { lookup: async () => ({ kind: 'unknown', reason: msg('core.members.noPlatform') }) };
  const standing = createStandingApprovals({
    dispatcher,
    requests: store.requests,
    schedules,
    clock,
    log,
    ttlMs: deps.approvalTtlMs ?? 90 * DAY_MS,
    announce: (s, notice) => announce(s, notice),
    revoke: (requestId, actor) => revokeQuietly(requestId, { actor, via: 'system' }),
  });
  let reviewTimer: NodeJS.Timeout | undefined;
  /** Schedules whose owner could not be checked at their last tick: told once per outage, not every tick. */
  const unchecked = new Set<number>();
  const jobs = new Map<number, CronJob>();
  let stopped = false;

  function announce(s: ScheduleRecord, notice: ScheduleNotice): void {
    log[notice.level]({ schedule: s.name }, notice.text);
    try {
      deps.notify(s.channelId ?? undefined, notice);
    } catch (err) {
      log.warn({ err, schedule: s.name }, 'could not post a schedule notice');
    }
  }

  const runner = createScheduleRunner({ dispatcher, schedules, clock, log, announce });

  function audit(kind: string, s: ScheduleRecord, who: Requester, detail?: Record<string, unknown>): void {
    const at = clock.now();
    store.queue.push(() =>
      store.audit.add({ at, kind, requestId: s.authorizationId, actorId: who.actor.id, actorName: who.actor.name, via: who.via, command: s.command, detail: { schedule: s.name, ...detail } }),
    );
  }

  function load(name: string): ScheduleRecord {
    store.queue.flush();
    const s = schedules.byName(checkName(name));
    if (!s) throw new UserError('not_found', msg('core.schedule.notFound', { name: quoted(name.trim()) }));
    return s;
  }

  /** Pausing, resuming, removing, changing or running a schedule needs the level its command needs. */
  function requireLevel(s: ScheduleRecord, who: Requester, action: ScheduleAction): void {
    const spec = catalog.get(s.command);
    const needed = spec ? policy.rule(spec).minLevel : 'admin';
    const held = policy.levelOf(who.actor, who.via);
    if (LEVELS.indexOf(held) >= LEVELS.indexOf(needed)) return;
    audit('refused', s, who, { action, needs: needed, held });
    throw new UserError('forbidden', msg(ACTION_REFUSED[action], { name: s.name, command: s.command, needed, level: held }));
  }

  function arm(s: ScheduleRecord): void {
    disarm(s.id);
    jobs.set(
      s.id,
      startCronJob(
        s.cron,
        s.timezone,
        async (firedAt) => {
          // The row is the truth: a schedule paused, changed or removed since it was armed does not run.
          const current = () => {
            const now = schedules.get(s.id);
            return stopped || !now || now.state !== 'active' || now.updatedAt !== s.updatedAt ? undefined : now;
          };
          const now = current();
          if (!now) return;
          // An overlapping tick runs nothing: the runner records the skip without asking anyone.
          if (runner.isRunning(now.id)) return runner.tick(now, firedAt.getTime());
          const verdict = await review(now, firedAt.getTime());
          // Asking Discord took a moment: the schedule may have been paused or changed meanwhile.
          const still = current();
          if (verdict && still) await runner.tick(still, firedAt.getTime());
        },
        (err) => log.error({ err, schedule: s.name }, 'a schedule tick failed'),
        `schedule-${s.name}`,
      ),
    );
  }

  /** Stops a schedule that may no longer run, saying why where its outcomes go; a tick is kept as refused. */
  // The run row and the audit trail keep the reason in English (stored, searched); the notice carries the Message.
  function pauseFor(s: ScheduleRecord, reason: Message, firedAt?: number): void {
    const stored = render('en', reason);
    if (firedAt !== undefined) {
      schedules.fired(s.id, firedAt);
      schedules.addRun({ scheduleId: s.id, firedAt, state: 'refused', error: stored, finishedAt: clock.now() });
    }
    setState(s, 'paused', false);
    audit('schedule_paused', s, SYSTEM, { reason: stored });
    announce(s, notice('warn', [msg('core.schedule.paused', { name: s.name, command: s.command, target: s.target, reason })]));
  }

  /**
   * Whether this tick may run: the standing approval still holds (and its renewal is asked in time), and
   * the owner holds the level with the roles and the policy of now. A schedule that may not is paused.
   */
  async function review(s: ScheduleRecord, firedAt?: number): Promise<boolean> {
    const auth = s.authorizationId ? dispatcher.getRequest(s.authorizationId) : undefined;
    const ends = standing.ends(auth);
    if (ends !== undefined && clock.now() >= ends) {
      pauseFor(s, standing.expiredReason(auth!), firedAt);
      return false;
    }
    const owner = await checkOwner(s, { catalog, policy, members });
    const fresh = schedules.get(s.id);
    if (!fresh || fresh.state !== 'active') return false;
    if (owner.kind === 'lost') {
      pauseFor(fresh, owner.reason, firedAt);
      return false;
    }
    if (owner.kind === 'unknown') {
      if (firedAt !== undefined) {
        schedules.fired(s.id, firedAt);
        schedules.addRun({ scheduleId: s.id, firedAt, state: 'refused', error: render('en', owner.reason), finishedAt: clock.now() });
        const said = notice('warn', [msg('core.schedule.ownerUnchecked', { name: s.name, command: s.command, target: s.target, at: zonedTimeText(firedAt, s.timezone), reason: owner.reason })]);
        if (unchecked.has(s.id)) log.warn({ schedule: s.name }, said.text);
        else announce(s, said);
        unchecked.add(s.id);
      }
      return false;
    }
    unchecked.delete(s.id);
    if (ends !== undefined && auth) standing.renewIfDue(fresh, auth, owner.actor, ends);
    return true;
  }

  function disarm(id: number): void {
    jobs.get(id)?.stop();
    jobs.delete(id);
  }

  function setState(s: ScheduleRecord, state: ScheduleState, armed: boolean): ScheduleRecord {
    const at = clock.now();
    schedules.setState(s.id, state, at, armed ? at : undefined);
    const fresh = schedules.get(s.id)!;
    if (state === 'active') arm(fresh);
    else disarm(s.id);
    return fresh;
  }

  /** The policy's word on this definition, as if it ran now, for this requester. */
  function authorize(def: ScheduleDefinition, who: Requester): AuthorizeOutcome {
    return dispatcher.authorize(
      { command: def.command, target: def.target, params: def.params, actor: who.actor, via: who.via },
      // i18n-exempt: the authorization's purpose, stored in requests.purpose and matched as it is
      { purpose: `schedule ${def.name} (${def.cron}, ${def.timezone})`, origin: who.origin },
    );
  }

  /** Writes a definition under a new authorization, arming it when the authorization is granted. */
  function save(existing: ScheduleRecord | undefined, def: ScheduleDefinition, who: Requester, keepPaused: boolean): ScheduleResult {
    const auth = authorize(def, who);
    const at = clock.now();
    const granted = auth.kind === 'granted';
    const state: ScheduleState = !granted ? 'awaiting_approval' : keepPaused ? 'paused' : 'active';
    const row = {
      name: def.name,
      cron: def.cron,
      timezone: def.timezone,
      target: def.target,
      command: def.command,
      channelId: def.channelId,
      params: auth.request.params,
      ownerId: who.actor.id,
      ownerName: who.actor.name,
      via: who.via,
      state,
      authorizationId: auth.request.id,
      armedAt: state === 'active' ? at : null,
      at,
    };
    store.queue.flush();
    let id: number;
    try {
      if (existing) {
        schedules.change(existing.id, row);
        id = existing.id;
      } else {
        id = schedules.add(row);
      }
    } catch (err) {
      dispatcher.revoke(auth.request.id, who.actor, who.via);
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UserError('conflict', msg('core.schedule.exists', { name: def.name }));
      throw err;
    }
    if (existing?.authorizationId && existing.authorizationId !== auth.request.id) revokeQuietly(existing.authorizationId, who);
    const schedule = schedules.get(id)!;
    if (state === 'active') arm(schedule);
    else disarm(id);
    return { schedule, authorization: auth.kind, request: auth.request };
  }

  function revokeQuietly(requestId: number, who: Requester): void {
    try {
      dispatcher.revoke(requestId, who.actor, who.via);
    } catch (err) {
      log.warn({ err, request: requestId }, 'could not revoke a schedule authorization');
    }
  }

  function view(s: ScheduleRecord, latest: Map<number, ScheduleRunRecord>): ScheduleView {
    return { ...s, nextRun: s.state === 'active' ? nextRuns(s.cron, s.timezone, 1)[0] : undefined, lastRun: latest.get(s.id), running: runner.isRunning(s.id) };
  }

  function whenText(s: ScheduleRecord): Message {
    const next = nextRuns(s.cron, s.timezone, 1)[0];
    return next ? msg('core.schedule.nextRun', { at: zonedTimeText(next, s.timezone) }) : msg('core.schedule.noNextRun');
  }

  // An approval (or its refusal) arrives later, from whoever decides: arm the schedule, or say it stays unarmed.
  dispatcher.events.on('authorization_granted', ({ request, actor }) => {
    if (stopped) return;
    if (standing.onGranted(request, actor)) return;
    const s = schedules.byAuthorization(request.id);
    if (!s) return;
    if (s.state === 'awaiting_approval') {
      const armed = setState(s, 'active', true);
      announce(armed, notice('info', [msg('core.schedule.approvedArmed', { name: s.name, command: s.command, target: s.target, by: actor.name, when: whenText(s) })]));
    } else if (s.state === 'paused') {
      announce(s, notice('info', [msg('core.schedule.approvedPaused', { name: s.name, command: s.command, target: s.target, by: actor.name })]));
    }
  });

  dispatcher.events.on('request_decided', ({ request, decision, actor, reason }) => {
    if (request.purpose === null || (decision !== 'denied' && decision !== 'expired' && decision !== 'cancelled' && decision !== 'withdrawn') || stopped) return;
    const s = schedules.byAuthorization(request.id);
    if (!s || (s.state !== 'awaiting_approval' && s.state !== 'paused')) return;
    setState(s, 'not_approved', false);
    const how =
      decision === 'denied'
        ? actor ? msg('core.schedule.deniedBy', { name: actor.name }) : msg('core.schedule.deniedByApprover')
        : decision === 'expired'
          ? msg('core.schedule.noDecision')
          : decision === 'withdrawn'
            ? msg('core.schedule.withdrawnBecause', { reason: reason ?? msg('core.schedule.requesterLostLevel') })
            : msg('core.schedule.withdrawnByRequester');
    announce(s, notice('warn', [msg('core.schedule.notApproved', { name: s.name, command: s.command, target: s.target, how })]));
  });

  return {
    add(input: ScheduleInput, who: Requester): ScheduleResult {
      const def = readDefinition(input, { timezone: deps.defaultTimezone, channelId: null }, limits);
      store.queue.flush();
      const clash = schedules.byName(def.name);
      if (clash) throw new UserError('conflict', msg('core.schedule.existsHint', { name: clash.name }));
      const result = save(undefined, { ...def, params: input.params as Record<string, unknown> }, who, false);
      audit('schedule_added', result.schedule, who, { cron: def.cron, timezone: def.timezone, target: def.target, state: result.schedule.state });
      return result;
    },

    /**
     * The next NEXT_RUNS times a cron expression would fire in a zone (SCHEDULE_TIMEZONE when none), or
     * why add and update would refuse it: the same check, so a preview never accepts what saving refuses.
     */
    preview(cron: string, timezone?: string): (TimingCheck & { ok: false }) | { ok: true; cron: string; zone: string; runs: Date[] } {
      const timing = checkTiming(cron, timezone?.trim() || deps.defaultTimezone, limits);
      return timing.ok ? { ...timing, runs: nextRuns(timing.cron, timing.zone, NEXT_RUNS) } : timing;
    },

    /** A new definition for an existing schedule; the old authorization is revoked and a new one is asked. */
    update(input: ScheduleInput, who: Requester): ScheduleResult {
      const s = load(input.name);
      requireLevel(s, who, 'change');
      const def = readDefinition(input, { timezone: s.timezone, channelId: s.channelId }, limits);
      const result = save(s, { ...def, name: s.name, params: input.params as Record<string, unknown> }, who, s.state === 'paused');
      audit('schedule_changed', result.schedule, who, { cron: def.cron, timezone: def.timezone, target: def.target, state: result.schedule.state });
      return result;
    },

    remove(name: string, who: Requester): ScheduleRecord {
      const s = load(name);
      requireLevel(s, who, 'remove');
      disarm(s.id);
      schedules.remove(s.id);
      if (s.authorizationId) revokeQuietly(s.authorizationId, who);
      audit('schedule_removed', s, who);
      return s;
    },

    pause(name: string, who: Requester): ScheduleRecord {
      const s = load(name);
      requireLevel(s, who, 'pause');
      if (s.state === 'paused') throw new UserError('conflict', msg('core.schedule.alreadyPaused', { name: s.name }));
      if (s.state === 'not_approved') throw new UserError('conflict', msg('core.schedule.nothingToPause', { name: s.name }));
      const paused = setState(s, 'paused', false);
      audit('schedule_paused', s, who);
      return paused;
    },

    /**
     * Arms a paused schedule again once its owner is checked again. One whose owner lost the level, or
     * whose authorization is gone or ran out, asks for a new one for this requester, who becomes its owner.
     */
    async resume(name: string, who: Requester): Promise<ScheduleResult> {
      const checkState = (s: ScheduleRecord) => {
        requireLevel(s, who, 'resume');
        if (s.state === 'active') throw new UserError('conflict', msg('core.schedule.alreadyActive', { name: s.name, when: whenText(s) }));
        if (s.state === 'awaiting_approval') throw new UserError('conflict', msg('core.schedule.awaitingApproval', { name: s.name, id: String(s.authorizationId) }));
      };
      checkState(load(name));
      const asked = load(name);
      const auth = asked.authorizationId ? dispatcher.getRequest(asked.authorizationId) : undefined;
      const ends = standing.ends(auth);
      const usable = asked.state === 'paused' && auth?.state === 'granted' && (ends === undefined || clock.now() < ends);
      const owner = usable ? await checkOwner(asked, { catalog, policy, members }) : undefined;
      if (owner?.kind === 'unknown') throw new UserError('unavailable', msg('core.schedule.staysPaused', { name: asked.name, reason: owner.reason }));
      const s = load(name);
      checkState(s);
      if (owner?.kind === 'holds' && s.updatedAt === asked.updatedAt) {
        const resumed = setState(s, 'active', true);
        audit('schedule_resumed', s, who);
        return { schedule: resumed, authorization: 'granted', request: auth! };
      }
      const result = save(s, s, who, false);
      audit('schedule_resumed', result.schedule, who, { reauthorized: true, state: result.schedule.state });
      return result;
    },

    /**
     * Runs the schedule's command once, now, like a tick (acting for its owner), for someone allowed to.
     * A command that needs approval asks a fresh one from this requester: the standing approval covers
     * the cron's ticks only.
     */
    async runNow(name: string, who: Requester): Promise<RunNowResult> {
      const s = load(name);
      requireLevel(s, who, 'run');
      if (s.state === 'awaiting_approval' || s.state === 'not_approved') {
        throw new UserError('conflict', msg('core.schedule.notApprovedRun', { name: s.name }));
      }
      if (runner.isRunning(s.id)) throw new UserError('conflict', msg('core.schedule.running', { name: s.name }));
      const spec = catalog.get(s.command);
      if (spec && policy.evaluate({ spec, params: s.params, actor: who.actor, via: who.via }).kind === 'approve') {
        const out = await dispatcher.dispatch({ command: s.command, target: s.target, params: s.params, actor: who.actor, via: who.via }, { origin: who.origin });
        audit('schedule_run_now', s, who, { request: out.request.id, needs: out.kind });
        return out.kind === 'running' ? { kind: 'running', schedule: s, request: out.request, run: out.run } : { kind: out.kind, schedule: s, request: out.request };
      }
      const owner = await checkOwner(s, { catalog, policy, members });
      if (owner.kind === 'unknown') throw new UserError('unavailable', msg('core.schedule.didNotRunRetry', { name: s.name, reason: owner.reason }));
      if (owner.kind === 'lost') {
        if (s.state === 'active') pauseFor(s, owner.reason);
        throw new UserError('forbidden', msg('core.schedule.didNotRun', { name: s.name, reason: owner.reason }));
      }
      audit('schedule_run_now', s, who);
      const { request, run } = await runner.start(s, clock.now(), who.actor.name);
      return { kind: 'running', schedule: s, request, run };
    },

    /**
     * Refuses a channel outcomes cannot go to: one of another server, or one the bot cannot post in.
     * Transports call it before add or update when a channel is named.
     */
    async checkChannel(name: string, channelId: string | null | undefined): Promise<void> {
      if (!channelId || !deps.channels) return;
      const problem = await deps.channels.problem(channelId.trim());
      if (problem !== undefined) throw new UserError('bad_input', msg('core.schedule.problem', { name: name.trim().slice(0, 64), problem }));
    },

    list(): ScheduleView[] {
      store.queue.flush();
      const latest = schedules.latestRuns();
      return schedules.list().map((s) => view(s, latest));
    },

    /** Names only, from the database: what autocomplete offers. */
    names(): string[] {
      return schedules.list().map((s) => s.name);
    },

    show(name: string, runs = 10): ScheduleDetail {
      const s = load(name);
      return { schedule: view(s, schedules.latestRuns()), nextRuns: nextRuns(s.cron, s.timezone, NEXT_RUNS), runs: schedules.runs(s.id, runs) };
    },

    /**
     * Arms every active schedule again. Resolves once the runs missed while mserver was down are
     * reported (that scan yields to the event loop; the schedules are armed before it starts).
     */
    start(): Promise<number> {
      const now = clock.now();
      const interrupted = schedules.markInterrupted(now);
      if (interrupted > 0) log.warn({ count: interrupted }, 'schedule runs that were going when mserver stopped are marked interrupted');
      const gaps: Gap[] = [];
      const counts: Record<string, number> = {};
      for (const s of schedules.list()) {
        counts[s.state] = (counts[s.state] ?? 0) + 1;
        if (s.state !== 'active') continue;
        const auth = s.authorizationId ? dispatcher.getRequest(s.authorizationId) : undefined;
        if (auth?.state !== 'granted') {
          setState(s, 'not_approved', false);
          const state = auth ? stateText(auth.state) : msg('core.schedule.authorizationMissing');
          announce(s, notice('warn', [msg('core.schedule.notArmed', { name: s.name, id: String(s.authorizationId ?? '-'), state })]));
          continue;
        }
        try {
          setState(s, 'active', true);
        } catch (err) {
          // One schedule node-cron will not take (a newer version reading its expression differently)
          // must not keep mserver or the other schedules from starting.
          log.error({ err, schedule: s.name }, `schedule ${s.name} could not be armed`);
          continue;
        }
        gaps.push({ schedule: s, after: Math.max(s.armedAt ?? s.createdAt, s.lastFiredAt ?? 0), until: now });
      }
      // Said once, in the message: the counts as fields too read "schedules armed: 0 armed=0".
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const states = Object.entries(counts).map(([state, n]) => `${n} ${state.replace('_', ' ')}`).join(', ');
      log.info(total === 0 ? 'schedules armed: none (no schedule yet)' : `schedules armed: ${jobs.size} of ${total} (${states})`);
      // Standing approvals run out between ticks too (a monthly schedule): review them regularly.
      reviewTimer = setInterval(() => {
        for (const s of schedules.list()) {
          if (s.state !== 'active' || runner.isRunning(s.id)) continue;
          review(s).catch((err: unknown) => log.error({ err, schedule: s.name }, 'reviewing a schedule approval failed'));
        }
      }, deps.reviewEveryMs ?? 3_600_000);
      reviewTimer.unref();
      return reportMissedRuns(gaps, { schedules, log, notify: deps.notify, isStopped: () => stopped });
    },

    stop(): void {
      stopped = true;
      clearInterval(reviewTimer);
      runner.stop();
      for (const id of [...jobs.keys()]) disarm(id);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
