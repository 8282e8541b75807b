// i18n-exempt-file: the OpenAPI schemas of the API: descriptions written for developers in English, and schema names
// What the API shows of mserver's records: the functions that build them (their zod schemas, served and
// documented in the OpenAPI document, are in api-schemas.ts), paging and cursors. Times are ISO 8601 strings.
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
import type { AgentSchema, AuditSchema, HistorySchema, KeySchema, OutcomeSchema, RequestJson, ScheduleSchema, TokenSchema } from './api-schemas.ts';

// The schemas live in api-schemas.ts, free of Node, so the dashboard's client can derive its types from them.
export { AgentSchema, AuditSchema, HistorySchema, KeySchema, OutcomeSchema, RequestSchema, ScheduleSchema, TokenSchema, type RequestJson } from './api-schemas.ts';

export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

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

export const keyJson = (k: SessionKeyRecord): z.infer<typeof KeySchema> => ({ ...k, receivedAt: iso(k.receivedAt) });

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
