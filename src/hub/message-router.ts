// i18n-exempt-file: its words are log lines, audit details and frames sent to mclient (the wire protocol stays English); agents' own text passes through as a value
// What the hub does with each frame an agent sends (PROTOCOL.md, "Agent -> mserver" and "Bad input").
import type { EventBus } from '../core/event-bus.ts';
import { msg } from '../i18n/message.ts';
import { payoutDigest, readPayout } from '../core/payout.ts';
import type { Clock } from '../core/ports.ts';
import type { SanitizedResult } from '../core/result-sanitizer.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { AgentAuth } from './agent-auth.ts';
import { frameRefusal, type FrameRefusal } from './frame-guard.ts';
import { createAgentQuotas, type QuotaOptions } from './agent-quotas.ts';
import { readFrame } from './frame-reader.ts';
import type { HubEvents } from './hub-events.ts';
import type { ThrottledLog } from './log-throttle.ts';
import type { PendingCommands } from './pending-commands.ts';
import {
  classifyStatus,
  commandAckFrame,
  CommandResponseData,
  containerNames,
  errorText,
  identityOf,
  keyUpdateAckFrame,
  KeyUpdateData,
  RegisterData,
} from './protocol.ts';
import type { Session } from './session.ts';

export interface RouterCounters {
  framesIn: number;
  malformed: number;
  unknownTypes: number;
  unknownResponses: number;
  foreignResponses: number;
  lateResponses: number;
  handlerErrors: number;
  /** Frames naming an id, a host or a container that is not a plain name (frame-guard.ts). */
  refusedFrames: number;
  /** Frames ignored because their agent was over a quota (agent-quotas.ts). */
  quotaRefusals: number;
  /** Frames read, by type: the protocol's types by name, anything else as `other` (a bounded set for metrics). */
  framesByType?: Record<string, number>;
}

const COUNTED_TYPES = new Set(['register', 'summary', 'command_response', 'key_update', 'heartbeat', 'ping', 'pong', 'log', 'error']);

export interface RouterDeps {
  /** Everything kept from an agent passes through these first (secrets, backup contents). */
  sanitizeResult: (command: string, result: unknown) => SanitizedResult;
  sanitizeText: (text: string) => string;
  sanitizeValue: <T>(value: T) => T;
  store: Store;
  log: Logger;
  clock: Clock;
  pending: PendingCommands;
  counters: RouterCounters;
  throttle: ThrottledLog;
  events: EventBus<HubEvents>;
  auth: AgentAuth;
  identify(session: Session, id: string, hostName: string | undefined): void;
  /** False when the frame names an id the connection does not hold: the connection is closed (4403). */
  checkClaims(session: Session, frame: Record<string, unknown>): boolean;
  refuse(session: Session, reason: string): void;
  /** Per-agent quotas; the defaults when not given. */
  quotas?: QuotaOptions | undefined;
}

const DEFAULT_QUOTAS: QuotaOptions = { maxMessageTypes: 16, payoutSnapshotMinMs: 60_000, keyUpdatesPerHour: 10 };

const MAX_KEPT_BODY = 64 * 1024;

export function createMessageRouter(deps: RouterDeps) {
  const { store, log, clock, pending, counters, throttle, events } = deps;
  const payoutDigests = store.payouts.latestDigests();
  const latestSummary = new Map<string, { data: Record<string, unknown>; at: number }>();
  const quotas = createAgentQuotas({
    options: deps.quotas ?? DEFAULT_QUOTAS,
    clock,
    storedTypes: (agentId) => store.agents.messages(agentId).map((m) => m.type),
    audit: (agentId, at, detail) => store.queue.push(() => store.audit.add({ at, kind: 'agent_quota', via: 'hub', agentId, detail })),
    warn: (agentId, fields, msg) => log.warn({ agent: agentId, ...fields }, msg),
  });

  function warn(session: Session, kind: string, fields: Record<string, unknown>, msg: string): void {
    throttle(
      `${kind}:${session.id}`,
      () => log.warn({ agent: session.id, ...fields }, msg),
      (n) => log.warn({ agent: session.id, suppressed: n }, `${msg} (repeated)`),
    );
  }

  /**
   * Agent-chosen text bound for a log line, a row or a refusal reason: redacted whole, then cut, so a cut
   * never leaves part of a secret the redactor would have recognised.
   */
  function said(text: string, max: number): string {
    return deps.sanitizeText(text).slice(0, max);
  }

  /**
   * An agent's error as bounded text, redacted before the final cut (see said()). The first cut only
   * bounds the redaction's work: whatever a secret across it leaves falls beyond the final cut.
   */
  function agentText(value: unknown, max = 4000): string {
    const text = errorText(value, Number.POSITIVE_INFINITY);
    const head = deps.sanitizeText(text.slice(0, max + 4096));
    return head.length > max || text.length > max + 4096 ? `${head.slice(0, max)}... [${text.length - max} more characters]` : head;
  }

  function send(session: Session, frame: string): void {
    if (session.ws.readyState === session.ws.OPEN) session.ws.send(frame);
  }

  function dataOf(frame: Record<string, unknown>): unknown {
    return frame.data;
  }

  function onCommandResponse(session: Session, frame: Record<string, unknown>): void {
    const parsed = CommandResponseData.safeParse(dataOf(frame));
    if (!parsed.success) {
      counters.malformed += 1;
      warn(session, 'bad_response', {}, 'command_response without data.id: ignored');
      return;
    }
    const { id, status, result, error } = parsed.data;
    send(session, commandAckFrame(id, clock.now()));
    const p = pending.get(id);
    if (p && p.agentId !== session.id) {
      counters.foreignResponses += 1;
      warn(session, 'foreign', { command: said(id, 128), owner: p.agentId }, 'command_response for a command sent to another agent: refused');
      const at = clock.now();
      store.queue.push(() =>
        store.audit.add({ at, kind: 'foreign_response', via: 'hub', agentId: session.id, detail: { commandId: id, owner: p.agentId } }),
      );
      return;
    }
    if (!p) {
      onLateOrUnknown(session, id, status, result, error);
      return;
    }
    const kind = classifyStatus(status, result !== undefined, error !== undefined);
    if (kind === 'progress') pending.progress(id, said(status ?? 'working', 64));
    else if (kind === 'success') pending.finish(id, 'success', { result });
    else pending.finish(id, 'failed', error === undefined ? { message: msg('core.run.noReason') } : { error: agentText(error) });
  }

  function onLateOrUnknown(session: Session, id: string, status: string | undefined, result: unknown, error: unknown): void {
    const stored = store.commands.get(id);
    if (!stored || stored.agentId !== session.id) {
      if (stored) counters.foreignResponses += 1;
      else counters.unknownResponses += 1;
      warn(session, 'unknown_response', { command: said(id, 128) }, 'command_response for an unknown command id: ignored');
      return;
    }
    // The command ended without this answer (timeout, disconnect, restart): keep it beside the outcome.
    counters.lateResponses += 1;
    const at = clock.now();
    const word = status === undefined ? undefined : said(status, 64);
    const detail = errorText(
      {
        status: word,
        ...(result !== undefined ? { result: deps.sanitizeResult(stored.command, result).value } : {}),
        ...(error !== undefined ? { error: agentText(error) } : {}),
      },
      16_000,
    );
    store.queue.push(() => store.commands.addEvent(id, 'late_response', at, detail));
    log.info({ agent: session.id, command: id, state: stored.state }, 'late answer recorded for a command that had already ended');
    events.emit('late_response', { agentId: session.id, commandId: id, status: word, at });
  }

  function onKeyUpdate(session: Session, frame: Record<string, unknown>): void {
    const now = clock.now();
    const parsed = KeyUpdateData.safeParse(dataOf(frame));
    if (!parsed.success) {
      counters.malformed += 1;
      warn(session, 'bad_key_update', {}, 'key_update without container and session_key: not stored');
      send(session, keyUpdateAckFrame(now, false, 'key_update needs data.container and data.session_key'));
      return;
    }
    const { session_key: sessionKey } = parsed.data;
    const action = parsed.data.action === undefined ? undefined : said(parsed.data.action, 64);
    // The frame guard has refused any container that is not a plain name.
    const container = parsed.data.container;
    // Solicited only by a rotate_keys mserver sent to this same agent for this same container: keys for
    // another container are the agent's word alone, and never shown as verified.
    const cause = pending.findOpen(session.id, 'rotate_keys', (p) => p.params.container === container);
    if (!cause && !quotas.allowUnsolicitedKeyUpdate(session.id)) {
      counters.quotaRefusals += 1;
      send(session, keyUpdateAckFrame(now, false, 'too many key_update frames that no rotate_keys asked for: not stored'));
      return;
    }
    const record = {
      agentId: session.id,
      container,
      sessionKey,
      action: action ?? null,
      commandId: cause?.id ?? null,
      solicited: cause !== undefined,
      receivedAt: now,
    };
    const keyId = store.keys.add(record);
    if (!cause) log.warn({ agent: session.id, container }, 'key_update that no rotate_keys asked for: stored and flagged');
    log.info({ agent: session.id, container, command: cause?.id }, 'session keys updated');
    send(session, keyUpdateAckFrame(clock.now(), true, 'session key update stored'));
    events.emit('key_update', {
      keyId,
      agentId: session.id,
      container,
      sessionKey,
      action,
      commandId: cause?.id,
      requestId: cause?.requestId ?? null,
      solicited: cause !== undefined,
      at: now,
    });
  }

  function onSummary(session: Session, frame: Record<string, unknown>): void {
    const raw = dataOf(frame);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      counters.malformed += 1;
      warn(session, 'bad_summary', {}, 'summary without a data object: ignored');
      return;
    }
    // Redacted before it is read, kept, logged or shown: a summary can carry a node's command line
    // (--node-key) or a payout_info an agent filled carelessly, like any result.
    const data = deps.sanitizeValue(raw as Record<string, unknown>);
    const at = clock.now();
    const agentId = session.id;
    const containers = containerNames(data.containers);
    const containersChanged = containers !== undefined && containers.join('\n') !== (session.containers ?? []).join('\n');
    if (containersChanged) session.containers = containers;
    const payout = readPayout(data.payout_info);
    const digest = payout ? payoutDigest(payout) : undefined;
    let payoutChanged = digest !== undefined && payoutDigests.get(agentId) !== digest;
    // A change too soon after the last one stored waits: the newest state is stored once the interval has passed.
    if (payoutChanged && !quotas.allowPayoutSnapshot(agentId)) {
      counters.quotaRefusals += 1;
      payoutChanged = false;
    }
    if (payoutChanged && digest !== undefined) payoutDigests.set(agentId, digest);
    // Only the newest summary of an agent outlives a batch (each UPDATE overwrites the row), so the ones
    // that arrive before the batch commits are folded into one write, serialized once: under a flood
    // this is most of the ingest cost; at one summary a minute it changes nothing.
    const first = !latestSummary.has(agentId);
    latestSummary.set(agentId, { data, at });
    if (first) {
      store.queue.push(() => {
        const latest = latestSummary.get(agentId);
        latestSummary.delete(agentId);
        if (latest) store.agents.saveSummary(agentId, JSON.stringify(latest.data), latest.at);
      });
    }
    if (containersChanged || payoutChanged) store.queue.push(() => {
      if (containersChanged) store.agents.update({ id: agentId, containers, at });
      if (payoutChanged && payout && digest !== undefined) {
        store.payouts.add({
          agentId,
          at,
          stash: payout.stash ?? null,
          activeEra: payout.activeEra ?? null,
          unclaimedCount: payout.unclaimed.length,
          oldestUnclaimedEra: payout.oldestUnclaimedEra ?? null,
          erasLeft: payout.erasLeft ?? null,
          digest,
          payoutInfo: payout.raw,
        });
      }
    });
    events.emit('summary', { agentId, at, data, payout, payoutChanged });
  }

  /** Version and containers go on the session before identity, so the first stored row has them. */
  function readRegister(session: Session, frame: Record<string, unknown>): void {
    const parsed = RegisterData.safeParse(dataOf(frame) ?? {});
    if (!parsed.success) {
      counters.malformed += 1;
      warn(session, 'bad_register', {}, 'register with unusable data: ignored');
      return;
    }
    const { version, containers } = parsed.data;
    if (version !== undefined) session.version = version;
    const names = containerNames(containers);
    if (names !== undefined) session.containers = names;
  }

  function persistIdentity(session: Session): void {
    const at = clock.now();
    const update = { id: session.id, hostName: session.hostName, version: session.version, containers: session.containers, at };
    store.queue.push(() => store.agents.update(update));
  }

  function onOther(session: Session, frame: Record<string, unknown> & { type: string }): void {
    counters.unknownTypes += 1;
    log.debug({ agent: session.id, type: said(frame.type, 64) }, 'message of a type mserver does not handle: kept');
    if (session.provisional) return;
    const at = clock.now();
    const type = said(frame.type, 64);
    if (!quotas.allowMessageType(session.id, type)) {
      counters.quotaRefusals += 1;
      return;
    }
    const body = JSON.stringify(deps.sanitizeValue(frame));
    const kept = body.length > MAX_KEPT_BODY ? JSON.stringify({ truncated: true, bytes: body.length, head: body.slice(0, MAX_KEPT_BODY) }) : body;
    store.queue.push(() => store.agents.recordMessage(session.id, type, kept, at));
  }

  /** A frame naming something that is not a plain name: ignored, counted, audited, never kept or shown. */
  function refuseFrame(session: Session, frame: Record<string, unknown> & { type: string }, refusal: FrameRefusal): void {
    counters.refusedFrames += 1;
    const type = said(frame.type, 64);
    const detail = { type, field: refusal.field, reason: refusal.reason };
    warn(session, 'refused_frame', { type, field: refusal.field }, `${refusal.field} is ${refusal.reason}: frame refused`);
    // One row per refusal, up to the throttle's share: an agent refused in a loop cannot fill the disk.
    const at = clock.now();
    throttle(
      `refused_frame_row:${session.id}`,
      () => store.queue.push(() => store.audit.add({ at, kind: 'agent_frame_refused', via: 'hub', agentId: session.id, detail })),
      (count) => {
        const end = clock.now();
        store.queue.push(() => store.audit.add({ at: end, kind: 'agent_frame_refused', via: 'hub', agentId: session.id, detail: { ...detail, more: count } }));
      },
    );
    if (frame.type === 'key_update') send(session, keyUpdateAckFrame(clock.now(), false, `key_update refused: ${refusal.field} is ${refusal.reason}`));
  }

  function authenticate(session: Session, frame: Record<string, unknown> & { type: string }): boolean {
    if (session.authenticated) return true;
    const data = frame.data && typeof frame.data === 'object' ? (frame.data as Record<string, unknown>) : {};
    const token = typeof data.token === 'string' ? data.token : typeof frame.token === 'string' ? frame.token : undefined;
    const proved = frame.type === 'register' ? deps.auth.present(token) : undefined;
    if (!proved) {
      deps.refuse(session, frame.type === 'register' ? 'wrong or missing token in register' : `first message was ${said(frame.type, 32)}, not an authenticated register`);
      return false;
    }
    session.authenticated = true;
    session.presented = proved;
    clearTimeout(session.authTimer);
    return true;
  }

  return {
    refuse: deps.refuse,
    /** Writes the quota audit rows of minutes that have ended (every one with `all`, at shutdown). */
    sweep(all = false): void {
      quotas.sweep(all);
    },
    handle(session: Session, data: Buffer, _isBinary: boolean): void {
      counters.framesIn += 1;
      const read = readFrame(data);
      if (!read.ok) {
        counters.malformed += 1;
        // Only an agent that proved itself gets the benefit of the doubt; a stranger could fill the log.
        if (!session.authenticated) deps.refuse(session, `first message was malformed (${read.reason}), not an authenticated register`);
        else warn(session, 'malformed', { reason: read.reason, bytes: data.length }, 'malformed frame ignored');
        return;
      }
      const frame = read.frame;
      if (counters.framesByType) {
        const type = typeof frame.type === 'string' && COUNTED_TYPES.has(frame.type) ? frame.type : 'other';
        counters.framesByType[type] = (counters.framesByType[type] ?? 0) + 1;
      }
      try {
        if (!authenticate(session, frame)) return;
        const refusal = frameRefusal(frame);
        if (refusal) return refuseFrame(session, frame, refusal);
        if (!deps.checkClaims(session, frame)) return;
        const wasProvisional = session.provisional;
        if (frame.type === 'register') readRegister(session, frame);
        if (wasProvisional && !session.pending) {
          const who = identityOf(frame);
          // A token of its own names the agent; its host_name is then only a host name.
          const id = session.presented?.kind === 'own' ? session.presented.agentId : (who.clientId ?? who.hostName);
          if (id) deps.identify(session, id, who.hostName);
          if (session.pending || session.ws.readyState !== session.ws.OPEN) return;
        } else if (session.hostName === undefined) {
          const hostName = identityOf(frame).hostName;
          if (hostName !== undefined) {
            session.hostName = hostName;
            persistIdentity(session);
          }
        }
        switch (frame.type) {
          case 'command_response':
            if (session.provisional) {
              counters.unknownResponses += 1;
              warn(session, 'anon_response', {}, 'command_response from an agent that has not identified itself: ignored');
              return;
            }
            return onCommandResponse(session, frame);
          case 'key_update':
            if (session.provisional) {
              warn(session, 'anon_key', {}, 'key_update from an agent that has not identified itself: not stored');
              send(session, keyUpdateAckFrame(clock.now(), false, 'identify with client_id or host_name first'));
              return;
            }
            return onKeyUpdate(session, frame);
          case 'summary':
            if (session.pending || session.ws.readyState !== session.ws.OPEN) return;
            return onSummary(session, frame);
          case 'register':
            if (!wasProvisional) persistIdentity(session);
            return;
          default:
            return onOther(session, frame);
        }
      } catch (err) {
        counters.handlerErrors += 1;
        log.error({ err, agent: session.id, type: frame.type }, 'handling an agent message failed');
      }
    },
  };
}
