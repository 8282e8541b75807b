// i18n-exempt-file: the OpenAPI schemas of the API: descriptions written for developers in English, and schema names
// What the API shows of mserver's records, as zod schemas (served and documented in the OpenAPI
// document) and the functions that build them. Times are ISO 8601 strings.
import { z } from 'zod';
import type { AgentView } from '../../core/agent-directory.ts';
import type { ApiTokenRecord } from '../../core/api-tokens.ts';
import type { CommandUpdate } from '../../core/ports.ts';
import type { Run } from '../../core/run.ts';
import type { AuditPageRow, HistoryPageRow } from '../../store/api-pages-repo.ts';
import type { Locale } from '../../i18n/locale.ts';
import { render } from '../../i18n/message.ts';
import type { CommandRecord } from '../../store/commands-repo.ts';
import type { SessionKeyRecord } from '../../store/keys-repo.ts';
import type { RequestRecord } from '../../store/requests-repo.ts';
import type { ScheduleView } from '../../scheduler/scheduler.ts';

export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const time = z.string().nullable();

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (1-500, default 50)'),
  cursor: z.string().max(100).optional().describe('The `next` value of the previous page'),
});

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      next: z.string().nullable().describe('Cursor of the next page; null on the last page'),
      total: z.number().int().optional().describe('How many there are in all, where counting is cheap'),
    })
    .meta({ id });

export function encodeCursor(value: number | string): string {
  return Buffer.from(JSON.stringify([value])).toString('base64url');
}

/** The position a cursor stands for, or undefined for the first page; a cursor not made here is refused by the caller. */
export function decodeCursor(cursor: string | undefined): number | string | undefined | null {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 1 && (typeof v[0] === 'number' || typeof v[0] === 'string')) return v[0] as number | string;
  } catch {
    // falls through: not a cursor of ours
  }
  return null;
}

export const OutcomeSchema = z
  .object({
    agentId: z.string(),
    commandId: z.string(),
    state: z.string().describe('sent, progress, success, failed, timeout, not_connected, disconnected, interrupted'),
    progress: z.string().nullable(),
    sentAt: time,
    finishedAt: time,
    result: z.unknown().optional(),
    error: z.string().nullable(),
  })
  .meta({ id: 'Outcome' });

export const RequestSchema = z
  .object({
    id: z.number().int(),
    command: z.string(),
    target: z.string(),
    agents: z.array(z.string()),
    params: z.record(z.string(), z.unknown()),
    risk: z.string(),
    state: z.string().describe('awaiting_confirmation, awaiting_approval, dispatched, done, cancelled, denied, expired, refused'),
    reason: z.string().nullable(),
    approvalsNeeded: z.number().int(),
    approvals: z.number().int(),
    expiresAt: time,
    actor: z.object({ id: z.string(), name: z.string(), via: z.string() }),
    createdAt: time,
    updatedAt: time,
    outcomes: z.array(OutcomeSchema),
  })
  .meta({ id: 'Request' });
export type RequestJson = z.infer<typeof RequestSchema>;

const FINISHED_STATES = new Set(['success', 'failed', 'timeout', 'not_connected', 'disconnected', 'interrupted']);

/**
 * An outcome as `locale`'s reader sees it: mserver's own progress and error lines (a Message beside the
 * English) in that language; an agent's own words as it wrote them.
 */
export function outcomeFromUpdate(u: CommandUpdate, locale: Locale = 'en'): z.infer<typeof OutcomeSchema> {
  return {
    agentId: u.agentId,
    commandId: u.commandId,
    state: u.state,
    progress: u.progressText ? render(locale, u.progressText) : (u.progress ?? null),
    sentAt: iso(u.sentAt),
    finishedAt: FINISHED_STATES.has(u.state) ? iso(u.at) : null,
    ...(u.result !== undefined ? { result: u.result } : {}),
    error: u.errorText ? render(locale, u.errorText) : (u.error ?? null),
  };
}

/** A live run's outcomes for a reader of `locale`, in the request's agent order. */
export function runOutcomes(run: Pick<Run, 'request' | 'states'>, locale: Locale): z.infer<typeof OutcomeSchema>[] {
  return run.request.agents.flatMap((a) => {
    const u = run.states.get(a);
    return u ? [outcomeFromUpdate(u, locale)] : [];
  });
}

export function outcomeFromRecord(c: CommandRecord): z.infer<typeof OutcomeSchema> {
  return {
    agentId: c.agentId,
    commandId: c.id,
    state: c.state,
    progress: c.progress,
    sentAt: iso(c.sentAt),
    finishedAt: iso(c.finishedAt),
    ...(c.result !== undefined && c.result !== null ? { result: c.result } : {}),
    error: c.error,
  };
}

export function requestJson(r: RequestRecord, approvals: number, outcomes: z.infer<typeof OutcomeSchema>[]): RequestJson {
  return {
    id: r.id,
    command: r.command,
    target: r.target,
    agents: r.agents,
    params: r.params,
    risk: r.risk,
    state: r.state,
    reason: r.reason,
    approvalsNeeded: r.approvalsNeeded,
    approvals,
    expiresAt: iso(r.expiresAt),
    actor: { id: r.actorId, name: r.actorName, via: r.via },
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    outcomes,
  };
}

export const AgentSchema = z
  .object({
    id: z.string(),
    hostName: z.string().nullable(),
    state: z.enum(['online', 'offline', 'waiting']).describe('waiting: connected, not yet identified'),
    address: z.string().nullable(),
    firstSeen: time,
    lastSeen: time,
    connectedAt: time,
    version: z.string().nullable(),
    containers: z.array(z.string()),
    lastSummaryAt: time,
    payout: z
      .object({
        stash: z.string().nullable(),
        chain: z.string().nullable(),
        activeEra: z.number().nullable(),
        unclaimedEras: z.array(z.number()),
        oldestUnclaimedEra: z.number().nullable(),
        erasLeft: z.number().nullable().describe('Eras before the oldest unclaimed era\'s rewards are lost'),
      })
      .nullable(),
    keys: z.array(z.object({ container: z.string(), sessionKey: z.string(), receivedAt: time, solicited: z.boolean() })),
  })
  .meta({ id: 'Agent' });

export function agentJson(a: AgentView, keys: SessionKeyRecord[]): z.infer<typeof AgentSchema> {
  const current = new Map<string, SessionKeyRecord>();
  for (const k of keys) if (!current.has(k.container)) current.set(k.container, k);
  const p = a.payout;
  return {
    id: a.id,
    hostName: a.hostName,
    state: a.connected ? 'online' : a.provisional ? 'waiting' : 'offline',
    address: a.address,
    firstSeen: iso(a.firstSeen),
    lastSeen: iso(a.lastSeen || null),
    connectedAt: iso(a.connectedAt),
    version: a.version,
    containers: a.containers,
    lastSummaryAt: iso(a.lastSummaryAt),
    payout: p
      ? {
          stash: p.stash ?? null,
          chain: p.chain ?? null,
          activeEra: p.activeEra ?? null,
          unclaimedEras: p.unclaimed.map((u) => u.era),
          oldestUnclaimedEra: p.oldestUnclaimedEra ?? null,
          erasLeft: p.erasLeft ?? null,
        }
      : null,
    keys: [...current.values()].map((k) => ({ container: k.container, sessionKey: k.sessionKey, receivedAt: iso(k.receivedAt), solicited: k.solicited })),
  };
}

export const HistorySchema = z
  .object({
    commandId: z.string(),
    requestId: z.number().int().nullable(),
    agentId: z.string(),
    command: z.string(),
    params: z.unknown(),
    state: z.string(),
    sentAt: time,
    finishedAt: time,
    result: z.unknown().optional(),
    error: z.string().nullable(),
    truncated: z.boolean(),
    actor: z.object({ id: z.string().nullable(), name: z.string().nullable(), via: z.string().nullable() }),
  })
  .meta({ id: 'HistoryEntry' });

export function historyJson(r: HistoryPageRow): z.infer<typeof HistorySchema> {
  return {
    commandId: r.id,
    requestId: r.requestId,
    agentId: r.agentId,
    command: r.command,
    params: r.params,
    state: r.state,
    sentAt: iso(r.sentAt),
    finishedAt: iso(r.finishedAt),
    ...(r.result !== undefined && r.result !== null ? { result: r.result } : {}),
    error: r.error,
    truncated: r.truncated,
    actor: { id: r.actorId, name: r.actorName, via: r.via },
  };
}

export const AuditSchema = z
  .object({
    id: z.number().int(),
    at: time,
    kind: z.string(),
    requestId: z.number().int().nullable(),
    actor: z.object({ id: z.string().nullable(), name: z.string().nullable(), via: z.string().nullable() }),
    agentId: z.string().nullable(),
    command: z.string().nullable(),
    detail: z.unknown().optional(),
  })
  .meta({ id: 'AuditEvent' });

export function auditJson(e: AuditPageRow): z.infer<typeof AuditSchema> {
  return {
    id: e.id,
    at: iso(e.at),
    kind: e.kind,
    requestId: e.requestId,
    actor: { id: e.actorId, name: e.actorName, via: e.via },
    agentId: e.agentId,
    command: e.command,
    ...(e.detail !== undefined && e.detail !== null ? { detail: e.detail } : {}),
  };
}

export const KeySchema = z
  .object({
    id: z.number().int(),
    agentId: z.string(),
    container: z.string(),
    sessionKey: z.string(),
    action: z.string().nullable(),
    commandId: z.string().nullable(),
    solicited: z.boolean().describe('false: no rotate_keys asked for this key'),
    receivedAt: time,
  })
  .meta({ id: 'SessionKey' });

export const keyJson = (k: SessionKeyRecord): z.infer<typeof KeySchema> => ({ ...k, receivedAt: iso(k.receivedAt) });

export const ScheduleSchema = z
  .object({
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    target: z.string(),
    command: z.string(),
    params: z.record(z.string(), z.unknown()),
    channelId: z.string().nullable(),
    state: z.string().describe('active, paused, awaiting_approval, not_approved'),
    owner: z.object({ id: z.string(), name: z.string(), via: z.string() }),
    authorizationId: z.number().int().nullable(),
    nextRun: time,
    lastRun: z.object({ firedAt: time, state: z.string(), requestId: z.number().int().nullable(), error: z.string().nullable() }).nullable(),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'Schedule' });

export function scheduleJson(s: ScheduleView): z.infer<typeof ScheduleSchema> {
  return {
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    target: s.target,
    command: s.command,
    params: s.params,
    channelId: s.channelId,
    state: s.state,
    owner: { id: s.ownerId, name: s.ownerName, via: s.via },
    authorizationId: s.authorizationId,
    nextRun: s.nextRun ? s.nextRun.toISOString() : null,
    lastRun: s.lastRun ? { firedAt: iso(s.lastRun.firedAt), state: s.lastRun.state, requestId: s.lastRun.requestId, error: s.lastRun.error } : null,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

export const TokenSchema = z
  .object({
    name: z.string(),
    level: z.string(),
    approver: z.boolean(),
    owner: z.object({ id: z.string(), name: z.string() }),
    createdAt: time,
    expiresAt: time,
    revokedAt: time,
    lastUsedAt: time,
  })
  .meta({ id: 'ApiToken' });

export const tokenJson = (t: ApiTokenRecord): z.infer<typeof TokenSchema> => ({
  name: t.name,
  level: t.level,
  approver: t.approver,
  owner: { id: t.ownerId, name: t.ownerName },
  createdAt: iso(t.createdAt),
  expiresAt: iso(t.expiresAt),
  revokedAt: iso(t.revokedAt),
  lastUsedAt: iso(t.lastUsedAt),
});
