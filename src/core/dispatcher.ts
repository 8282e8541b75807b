// The one door to the fleet. Every transport (console, Discord, schedules) builds a CommandRequest and
// calls dispatch(); validation, permissions, confirmation, approval and the audit trail happen here once.
import { createHash } from 'node:crypto';
import { msg, render, type Message } from '../i18n/message.ts';
import type { Logger } from '../log.ts';
import type { AuditEvent, RequestRecord, RequestState, RequestsPort } from './records.ts';
import type { AgentDirectory } from './agent-directory.ts';
import { createApprovalRoom } from './approvals.ts';
import type { Catalog, CommandSpec } from './catalog.ts';
import { UserError } from './errors.ts';
import { createEventBus, type EventBus } from './event-bus.ts';
import type { MemberRoles } from './member-roles.ts';
import { gate, unattendedRefusal, type DispatchGuard } from './guard-gate.ts';
import type { Policy } from './policy.ts';
import type { Actor, Clock, CommandRequest, CommandUpdate, HubPort, Via } from './ports.ts';
import { createRun, type Run } from './run.ts';
import { quoted } from './quote.ts';
import { stateText } from './state-text.ts';

/** The audit trail keeps reasons in English (it is searched and exported); readers get the Message. */
const auditText = (m: Message): string => render('en', m);

/** A time as the refusal shows it: UTC, to the second, the same in every language. */
const utc = (at: number): string => new Date(at).toISOString().slice(0, 19).replace('T', ' ');

export interface CoreStore {
  requests: RequestsPort;
  audit: { add(e: AuditEvent): number };
  queue: { push(write: () => void, after?: () => void): void; flush(): void };
  health: { lastError: string | undefined; recheck(): string | undefined };
}

export interface DispatcherDeps {
  catalog: Catalog;
  policy: Policy;
  hub: HubPort;
  store: CoreStore;
  directory: Pick<AgentDirectory, 'resolve'>;
  log: Logger;
  clock: Clock;
  confirmTtlMs?: number;
  approvalTtlMs?: number;
  /** The chat platform's word on a requester now, asked again when their request is approved. */
  members?: MemberRoles;
  /** The key guard (issue 19): may refuse a start/restart or escalate a stop; see guard-gate.ts. */
  guard?: DispatchGuard;
}

export type DispatchOutcome =
  | { kind: 'running'; request: RequestRecord; run: Run }
  | { kind: 'needs_confirmation'; request: RequestRecord }
  /** `request.reason` is null until the requester gives one; only then do approvers see it. */
  | { kind: 'needs_approval'; request: RequestRecord };

/** `withdrawn`: the requester no longer holds what the request needs (left the server, lost the level). */
export type Decision = 'confirmed' | 'cancelled' | 'approved' | 'denied' | 'expired' | 'withdrawn';

export type AuthorizeOutcome =
  | { kind: 'granted'; request: RequestRecord }
  /** `request.reason` is null until the requester gives one (submitReason). */
  | { kind: 'needs_approval'; request: RequestRecord };

export interface CoreEvents {
  /** A request waits for approvers: post it where they will see it. */
  approval_requested: { request: RequestRecord };
  /** A confirmation or an approval changed: update what shows it. */
  request_decided: { request: RequestRecord; decision: Decision; actor: Actor | undefined; at: number; approvals: number; reason?: Message };
  run_started: { request: RequestRecord; run: Run };
  run_finished: { request: RequestRecord; outcomes: CommandUpdate[] };
  /** An authorization (a request with a purpose, such as a schedule) was approved and may now be used. */
  authorization_granted: { request: RequestRecord; actor: Actor };
}

export interface Dispatcher {
  /** `override`: an admin asks to run past the key guard's refusal (needs `reason`, then a critical approval). */
  dispatch(req: CommandRequest, opts?: { reason?: string; origin?: unknown; authorization?: number; override?: boolean }): Promise<DispatchOutcome>;
  /**
   * Checks a command as if it ran now and records a standing permission for `purpose` (a schedule):
   * granted at once when the policy allows it (confirmation is the act of creating it), or after
   * approval when the command is critical. Runs then pass `authorization` to dispatch().
   */
  authorize(req: CommandRequest, opts: { purpose: string; reason?: string; origin?: unknown }): AuthorizeOutcome;
  /** Withdraws an authorization (what it covered changed or was removed). */
  revoke(requestId: number, actor: Actor, via: Via): void;
  /** The requester's reason for a request that needs approval; announces it to approvers. */
  submitReason(requestId: number, actor: Actor, reason: string): RequestRecord;
  confirm(requestId: number, actor: Actor, via: Via): Run;
  cancel(requestId: number, actor: Actor, via: Via): RequestRecord;
  /**
   * Gives up waiting on a running request: its open commands are recorded as cancelled by `actor` and
   * the run ends. Kept apart from cancel(), so a stale Cancel button can never stop a running command.
   */
  abandon(requestId: number, actor: Actor, via: Via): RequestRecord;
  /** Returns the run when this approval was the last one needed, else the request still waiting. */
  /** The requester is checked again first (still a member, still holding the level): if not, the request is withdrawn. */
  approve(requestId: number, actor: Actor, via: Via): Promise<{ request: RequestRecord; run?: Run; approvals: number }>;
  deny(requestId: number, actor: Actor, via: Via): RequestRecord;
  /** Marks requests whose time ran out; returns them so transports can say so. */
  expireDue(): RequestRecord[];
  getRequest(id: number): RequestRecord | undefined;
  setOrigin(requestId: number, origin: unknown): void;
  readonly events: EventBus<CoreEvents>;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** What a standing authorization is bound to: the command, the target as written, the parameters. */
export function authorizationDigest(command: string, target: string, params: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify(['authorization', command, target.trim().toLowerCase(), canonical(params)]))
    .digest('hex');
}

/** What a confirmation or approval is bound to: this command, on these agents, with these parameters. */
export function requestDigest(command: string, agents: readonly string[], params: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify([command, [...agents].sort(), canonical(params)]))
    .digest('hex');
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { catalog, policy, hub, store, directory, log, clock } = deps;
  const members: MemberRoles = deps.members ?? { lookup: async () => ({ kind: 'unknown', reason: msg('core.members.noPlatform') }) };
  const confirmTtlMs = deps.confirmTtlMs ?? 60_000;
  const approvalTtlMs = deps.approvalTtlMs ?? 15 * 60_000;
  const events = createEventBus<CoreEvents>((err, name) => log.error({ err, event: name }, 'core event listener failed'));

  function audit(kind: string, r: { id: number | null; command: string | null }, actor: Actor, via: Via, detail?: unknown): void {
    const at = clock.now();
    store.queue.push(() =>
      store.audit.add({ at, kind, requestId: r.id, actorId: actor.id, actorName: actor.name, via, command: r.command, detail }),
    );
  }

  function load(requestId: number): RequestRecord {
    const r = store.requests.get(requestId);
    if (!r) throw new UserError('not_found', msg('core.request.notFound', { id: String(requestId) }));
    return r;
  }

  function requireWritable(): void {
    const error = store.health.recheck();
    if (error !== undefined) {
      throw new UserError(
        'unavailable',
        msg('core.store.unwritable', { error }),
      );
    }
  }

  /** A failed write (disk full, read-only file) refuses the request clearly instead of a fault reference. */
  function storeFailure(err: unknown): never {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      store.health.lastError = `${code}: ${(err as Error).message}`;
      log.error({ err }, 'database write failed: commands are refused until writes succeed again');
      throw new UserError(
        'unavailable',
        msg('core.store.writeFailed', { code }),
      );
    }
    throw err;
  }

  function move(r: RequestRecord, from: RequestState, to: RequestState): RequestRecord {
    store.queue.flush();
    if (!store.requests.transition(r.id, from, to, clock.now())) {
      const now = load(r.id);
      throw new UserError('conflict', msg('core.request.already', { id: String(r.id), state: stateText(now.state) }));
    }
    return load(r.id);
  }

  function checkNotExpired(r: RequestRecord): void {
    if (r.expiresAt !== null && clock.now() >= r.expiresAt) {
      expire(r);
      throw new UserError('expired', msg('core.request.expired', { id: String(r.id), at: utc(r.expiresAt) }));
    }
  }

  function expire(r: RequestRecord): RequestRecord | undefined {
    if (!store.requests.transition(r.id, r.state, 'expired', clock.now())) return undefined;
    const done = load(r.id);
    store.queue.push(() =>
      store.audit.add({ at: clock.now(), kind: 'expired', requestId: r.id, actorId: r.actorId, actorName: r.actorName, via: r.via, command: r.command }),
    );
    events.emit('request_decided', { request: done, decision: 'expired', actor: undefined, at: clock.now(), approvals: countApprovals(r.id) });
    return done;
  }

  function countApprovals(requestId: number): number {
    return store.requests.votes(requestId).filter((v) => v.decision === 'approve').length;
  }

  function specOf(r: RequestRecord): CommandSpec {
    const spec = catalog.get(r.command);
    if (!spec) throw new UserError('unknown_command', msg('core.request.commandGone', { command: r.command }));
    return spec;
  }

  /** Roles can change between the request and the click: the requester's level is checked again. */
  function recheck(r: RequestRecord, actor: Actor, via: Via): void {
    const decision = policy.evaluate({ spec: specOf(r), params: r.params, actor, via });
    if (decision.kind === 'deny') {
      audit('refused', r, actor, via, { reason: auditText(decision.reason), at: 'decision' });
      throw new UserError('forbidden', decision.reason);
    }
  }

  function execute(r: RequestRecord, actor: Actor, via: Via): Run {
    requireWritable();
    // A duplicate key that appeared while the request waited still refuses it, unless it was an approved override.
    const guardCheck = r.warning === null ? deps.guard?.check({ command: r.command, agents: r.agents, params: r.params }) : undefined;
    if (guardCheck?.kind === 'refuse') throw new UserError('forbidden', guardCheck.reason);
    const dispatched = r.state === 'dispatched' ? r : move(r, r.state, 'dispatched');
    if (requestDigest(dispatched.command, dispatched.agents, dispatched.params) !== dispatched.digest) {
      throw new UserError('conflict', msg('core.request.digestMismatch', { id: String(r.id) }));
    }
    audit('dispatched', dispatched, actor, via, { agents: dispatched.agents.length });
    const run = createRun(
      dispatched,
      (onUpdate) =>
        hub.send({ agentIds: dispatched.agents, command: dispatched.command, params: dispatched.params, requestId: dispatched.id, onUpdate }),
      (err) => log.error({ err, request: dispatched.id }, 'run listener failed'),
    );
    events.emit('run_started', { request: dispatched, run });
    void run.done.then((outcomes) => {
      const tally: Record<string, number> = {};
      for (const o of outcomes) tally[o.state] = (tally[o.state] ?? 0) + 1;
      const at = clock.now();
      store.queue.push(
        () => {
          store.requests.transition(dispatched.id, 'dispatched', 'done', at);
          store.audit.add({ at, kind: 'completed', requestId: dispatched.id, actorId: dispatched.actorId, actorName: dispatched.actorName, via: dispatched.via, command: dispatched.command, detail: tally });
        },
        () => events.emit('run_finished', { request: { ...dispatched, state: 'done' }, outcomes }),
      );
    });
    return run;
  }

  /**
   * Gives up waiting on a running request: its open commands are recorded as cancelled, by whom, and
   * the run ends. The agent may still finish; its late answer is kept with the command's events. The
   * requester may do it, and so may whoever holds the server's console (the local admin).
   */
  function abandon(r: RequestRecord, actor: Actor, via: Via): RequestRecord {
    if (r.state !== 'dispatched') throw new UserError('conflict', msg('core.request.notRunning', { id: String(r.id), state: stateText(r.state) }));
    if (r.actorId !== actor.id && via !== 'console') {
      audit('refused', r, actor, via, { reason: 'cancel of a running request by someone else' }); // i18n-exempt: an audit word, searched in English
      throw new UserError('forbidden', msg('core.request.onlyRequesterCancel', { name: r.actorName, id: String(r.id) }));
    }
    const reason = msg('core.run.abandoned', { name: actor.name, via });
    const n = hub.abandon(r.id, reason);
    if (n === 0) throw new UserError('conflict', msg('core.request.finished', { id: String(r.id) }));
    audit('cancelled', r, actor, via, { running: true, commands: n });
    return r;
  }

  /** Command and parameters checked against the catalog, or a UserError naming what is wrong. */
  function validate(req: CommandRequest): { spec: CommandSpec; params: Record<string, unknown> } {
    const spec = catalog.get(req.command);
    if (!spec) {
      audit('invalid', { id: null, command: null }, req.actor, req.via, { command: req.command.slice(0, 64), problem: 'unknown command' }); // i18n-exempt: an audit word
      const names = catalog.commands.map((c) => c.name).join(', ');
      throw new UserError('unknown_command', msg('core.command.unknown', { command: quoted(req.command), names }));
    }
    const parsed = catalog.parseParams(spec, req.params);
    if (!parsed.ok) {
      audit('invalid', { id: null, command: spec.name }, req.actor, req.via, { problems: parsed.problems.map(auditText) });
      throw new UserError('bad_params', msg('core.params.refused', { command: spec.name, problems: parsed.problems }));
    }
    return { spec, params: parsed.params };
  }

  /** The fields every new request row shares, whatever it is waiting for. */
  function requestRow(req: CommandRequest, spec: CommandSpec, params: Record<string, unknown>, agents: string[], digest: string, origin: unknown) {
    return {
      command: spec.name,
      target: req.target.trim(),
      agents,
      params,
      risk: spec.risk,
      digest,
      actorId: req.actor.id,
      actorName: req.actor.name,
      via: req.via,
      origin,
      at: clock.now(),
    };
  }

  /** A run under a standing authorization: no new confirmation or approval, but still recorded. */
  function runAuthorized(req: CommandRequest, authorizationId: number, origin: unknown): DispatchOutcome {
    const { spec, params } = validate(req);
    const auth = load(authorizationId);
    if (auth.state !== 'granted' || auth.purpose === null) {
      throw new UserError('forbidden', msg('core.authorization.notGranted', { id: String(authorizationId), state: stateText(auth.state) }));
    }
    if (authorizationDigest(spec.name, req.target, params) !== auth.digest) {
      audit('refused', { id: auth.id, command: spec.name }, req.actor, req.via, { reason: 'run does not match its authorization' }); // i18n-exempt: an audit word
      throw new UserError('forbidden', msg('core.authorization.mismatch', { id: String(authorizationId) }));
    }
    requireWritable();
    const agents = directory.resolve(req.target);
    const unsafe = unattendedRefusal(deps.guard, { command: spec.name, agents, params });
    if (unsafe !== undefined) {
      audit('refused', { id: auth.id, command: spec.name }, req.actor, req.via, { reason: auditText(unsafe), guard: true });
      throw new UserError('forbidden', unsafe);
    }
    const id = store.requests.add({ ...requestRow(req, spec, params, agents, requestDigest(spec.name, agents, params), origin), state: 'dispatched' });
    audit('requested', { id, command: spec.name }, req.actor, req.via, { target: req.target, params, authorization: authorizationId });
    const request = load(id);
    return { kind: 'running', request, run: execute(request, req.actor, req.via) };
  }

  const approvals = createApprovalRoom({ policy, members, store, clock, events, load, audit, move, checkNotExpired, execute, countApprovals, specOf });

  const api: Dispatcher = {
    events,
    ...approvals,

    authorize(req, opts) {
      const at = clock.now();
      const { spec, params } = validate(req);
      const decision = policy.evaluate({ spec, params, actor: req.actor, via: req.via });
      const base = { ...requestRow(req, spec, params, [], authorizationDigest(spec.name, req.target, params), opts.origin), purpose: opts.purpose };
      if (decision.kind === 'deny') {
        const id = store.requests.add({ ...base, state: 'refused' });
        audit('refused', { id, command: spec.name }, req.actor, req.via, { reason: auditText(decision.reason), purpose: opts.purpose });
        throw new UserError('forbidden', decision.reason);
      }
      // Only once the policy allows it: a refused member learns nothing about the fleet ("did you mean").
      // Unknown agents are refused now rather than at the first run; `all` is resolved at each run.
      if (req.target.trim().toLowerCase() !== 'all') directory.resolve(req.target);
      requireWritable();
      if (decision.kind === 'approve') {
        const reason = opts.reason?.trim() || null;
        const id = store.requests.add({ ...base, state: 'awaiting_approval', reason, approvalsNeeded: decision.rule.approvals, expiresAt: at + approvalTtlMs });
        audit('requested', { id, command: spec.name }, req.actor, req.via, { target: base.target, params, needs: 'approval', purpose: opts.purpose, reason });
        const request = load(id);
        if (reason) events.emit('approval_requested', { request });
        return { kind: 'needs_approval', request };
      }
      const id = store.requests.add({ ...base, state: 'granted' });
      audit('granted', { id, command: spec.name }, req.actor, req.via, { target: base.target, params, purpose: opts.purpose });
      return { kind: 'granted', request: load(id) };
    },

    revoke(requestId, actor, via) {
      const r = load(requestId);
      if (r.purpose === null) throw new UserError('conflict', msg('core.authorization.notOne', { id: String(r.id) }));
      for (const from of ['granted', 'awaiting_approval'] as const) {
        if (store.requests.transition(r.id, from, 'revoked', clock.now())) {
          audit('revoked', r, actor, via, { purpose: r.purpose });
          return;
        }
      }
    },

    async dispatch(req, opts = {}) {
      if (opts.authorization !== undefined) return runAuthorized(req, opts.authorization, opts.origin);
      const at = clock.now();
      const { spec, params } = validate(req);
      const decision = policy.evaluate({ spec, params, actor: req.actor, via: req.via });
      if (decision.kind === 'deny') {
        // Refused before the target is resolved: a member without the level learns nothing about the fleet.
        const id = store.requests.add({ ...requestRow(req, spec, params, [], requestDigest(spec.name, [], params), opts.origin), state: 'refused' });
        audit('refused', { id, command: spec.name }, req.actor, req.via, { reason: auditText(decision.reason) });
        throw new UserError('forbidden', decision.reason);
      }
      const agents = directory.resolve(req.target);
      const gated = gate(deps.guard, policy, { command: spec.name, agents, params, decision, actor: req.actor, via: req.via, override: opts.override === true, reason: opts.reason });
      const row = requestRow(req, spec, params, agents, requestDigest(spec.name, agents, params), opts.origin);
      if (gated.kind === 'refuse') {
        const id = store.requests.add({ ...row, state: 'refused' });
        audit('refused', { id, command: spec.name }, req.actor, req.via, { reason: auditText(gated.reason), guard: true });
        throw new UserError('forbidden', gated.reason);
      }
      const decided = gated.decision;
      const base = { ...row, warning: gated.warning };
      requireWritable();
      if (decided.kind === 'confirm') {
        const id = store.requests.add({ ...base, state: 'awaiting_confirmation', expiresAt: at + confirmTtlMs });
        audit('requested', { id, command: spec.name }, req.actor, req.via, { target: base.target, params, needs: 'confirmation' });
        return { kind: 'needs_confirmation', request: load(id) };
      }
      if (decided.kind === 'approve') {
        const reason = opts.reason?.trim() || null;
        const id = store.requests.add({
          ...base,
          state: 'awaiting_approval',
          reason,
          approvalsNeeded: decided.rule.approvals,
          expiresAt: at + approvalTtlMs,
        });
        audit('requested', { id, command: spec.name }, req.actor, req.via, { target: base.target, params, needs: 'approval', reason });
        const request = load(id);
        if (reason) events.emit('approval_requested', { request });
        return { kind: 'needs_approval', request };
      }
      const id = store.requests.add({ ...base, state: 'dispatched' });
      audit('requested', { id, command: spec.name }, req.actor, req.via, { target: base.target, params });
      const request = load(id);
      return { kind: 'running', request, run: execute(request, req.actor, req.via) };
    },

    confirm(requestId, actor, via) {
      const r = load(requestId);
      if (r.actorId !== actor.id) {
        audit('refused', r, actor, via, { reason: 'confirm pressed by someone else' }); // i18n-exempt: an audit word
        throw new UserError('forbidden', msg('core.request.onlyRequesterConfirm', { name: r.actorName, id: String(r.id) }));
      }
      if (r.state !== 'awaiting_confirmation') throw new UserError('conflict', msg('core.request.already', { id: String(r.id), state: stateText(r.state) }));
      checkNotExpired(r);
      recheck(r, actor, via);
      audit('confirmed', r, actor, via);
      const run = execute(r, actor, via);
      events.emit('request_decided', { request: run.request, decision: 'confirmed', actor, at: clock.now(), approvals: 0 });
      return run;
    },

    abandon(requestId, actor, via) {
      return abandon(load(requestId), actor, via);
    },

    cancel(requestId, actor, via) {
      const r = load(requestId);
      if (r.actorId !== actor.id) {
        audit('refused', r, actor, via, { reason: 'cancel pressed by someone else' }); // i18n-exempt: an audit word
        throw new UserError('forbidden', msg('core.request.onlyRequesterCancel', { name: r.actorName, id: String(r.id) }));
      }
      if (r.state !== 'awaiting_confirmation' && r.state !== 'awaiting_approval') {
        throw new UserError('conflict', msg('core.request.already', { id: String(r.id), state: stateText(r.state) }));
      }
      const done = move(r, r.state, 'cancelled');
      audit('cancelled', r, actor, via);
      events.emit('request_decided', { request: done, decision: 'cancelled', actor, at: clock.now(), approvals: countApprovals(r.id) });
      return done;
    },

    expireDue() {
      store.queue.flush();
      const out: RequestRecord[] = [];
      for (const r of store.requests.due(clock.now())) {
        const done = expire(r);
        if (done) out.push(done);
      }
      return out;
    },

    getRequest(id) {
      store.queue.flush();
      return store.requests.get(id);
    },

    setOrigin(requestId, origin) {
      store.requests.setOrigin(requestId, origin);
    },
  };

  // Every entry point turns a database failure into a clear refusal (see storeFailure).
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (...a: A): R => {
      try {
        const r = fn(...a);
        return (r instanceof Promise ? r.catch(storeFailure) : r) as R;
      } catch (err) {
        return storeFailure(err);
      }
    };
  return {
    events,
    dispatch: guard(api.dispatch),
    authorize: guard(api.authorize),
    revoke: guard(api.revoke),
    submitReason: guard(api.submitReason),
    confirm: guard(api.confirm),
    cancel: guard(api.cancel),
    abandon: guard(api.abandon),
    approve: guard(api.approve),
    deny: guard(api.deny),
    expireDue: guard(api.expireDue),
    getRequest: api.getRequest,
    setOrigin: guard(api.setOrigin),
  };
}
