// What /api/v1 and /auth answer, as the client reads it. Where the server's zod schema sits in a file free
// of Node (src/transports/http/api-schemas.ts), the type is derived from it (a type-only import: nothing
// of the server is bundled). The rest are written out here because their schemas live in route files that
// pull in fastify and Node's types, which the client's typecheck (`types: []`) keeps out: /auth/me
// (transports/web/auth-routes.ts), CommandSpec (routes/fleet.ts), RequestAnswer (routes/requests.ts),
// KeyHandover (routes/handovers.ts), the schedule answers (routes/schedules.ts) and the generic page.
import type { z } from 'zod';
import type { AgentSchema, AuditSchema, HistorySchema, KeySchema, OutcomeSchema, RequestSchema, ScheduleSchema } from '../../src/transports/http/api-schemas.ts';

export type Level = 'viewer' | 'operator' | 'admin' | 'none';

export interface Me {
  actor: { id: string; name: string };
  level: Level;
  approver: boolean;
  csrfToken: string;
  expiresAt: number;
}

export type Agent = z.infer<typeof AgentSchema>;

export interface Page<T> {
  items: T[];
  next: string | null;
  total?: number;
}

export interface CommandSpecJson {
  name: string;
  risk: string;
  description: string;
  level: string;
  guard: 'none' | 'confirmation' | 'approval';
  params: Array<{ name: string; required: boolean; description: string; rule: string }>;
}

export type Outcome = z.infer<typeof OutcomeSchema>;

/** A request; a page of requests (GET /requests) leaves the outcomes out. */
export type RequestJson = Omit<z.infer<typeof RequestSchema>, 'outcomes'> & { outcomes?: Outcome[] };

export interface Answer {
  status: 'running' | 'needs_confirmation' | 'needs_approval' | 'granted' | 'cancelled' | 'denied';
  request: RequestJson;
}

export type HistoryEntry = z.infer<typeof HistorySchema>;

export type AuditEntry = z.infer<typeof AuditSchema>;

/** A session key an agent reported (GET /keys). */
export type SessionKey = z.infer<typeof KeySchema>;

export type Schedule = z.infer<typeof ScheduleSchema>;
