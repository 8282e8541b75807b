// i18n-exempt-file: the OpenAPI schemas of the API: descriptions written for developers in English, and schema names
// The shapes the API shows of mserver's records, as zod schemas (served and documented in the OpenAPI
// document; views.ts builds them). Only zod here, no Node: the dashboard's client derives its types from
// these with a type-only import (web/src/types.ts). Times are ISO 8601 strings.
import { z } from 'zod';

const time = z.string().nullable();

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
