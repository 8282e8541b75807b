// Errors as RFC 9457 problem details (application/problem+json), carrying the UserError code so a script
// can branch on `code` while a person reads `detail` (the same text Discord and the console show).
import { z } from 'zod';
import type { UserErrorCode } from '../../core/errors.ts';

export const PROBLEM_TYPE = 'application/problem+json';

/** Codes of the HTTP layer itself, beside the UserError codes of the core. */
export type HttpProblemCode = UserErrorCode | 'rate_limited' | 'too_large' | 'idempotency_mismatch' | 'fault' | 'unsupported_media_type';

const STATUS: Record<HttpProblemCode, number> = {
  unknown_command: 400,
  bad_params: 400,
  unknown_agent: 400,
  no_agents: 409,
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  expired: 410,
  too_large: 413,
  unsupported_media_type: 415,
  idempotency_mismatch: 422,
  rate_limited: 429,
  fault: 500,
  unavailable: 503,
};

const TITLE: Record<HttpProblemCode, string> = {
  unknown_command: 'Unknown command',
  bad_params: 'Bad parameters',
  unknown_agent: 'Unknown agent',
  no_agents: 'No agent connected',
  bad_input: 'Bad input',
  unauthorized: 'Not authenticated',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  expired: 'Expired',
  too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  idempotency_mismatch: 'Idempotency-Key reused with another body',
  rate_limited: 'Too many requests',
  fault: 'Internal error',
  unavailable: 'Unavailable',
};

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('The mserver error code (UserError code): bad_params, forbidden, conflict, ...'),
    instance: z.string().optional(),
    reference: z.string().optional().describe('For a fault: the reference to look up in mserver\'s log'),
    checks: z.record(z.string(), z.string()).optional().describe('/readyz: each part and its state'),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof ProblemSchema>;

export function statusOf(code: HttpProblemCode): number {
  return STATUS[code] ?? 500;
}

export function problem(code: HttpProblemCode, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `urn:mserver:problem:${code}`, title: TITLE[code] ?? 'Error', status: statusOf(code), detail, code, ...extra };
}

/** A refusal raised inside the HTTP layer (the core raises UserError). */
export class HttpProblem extends Error {
  readonly code: HttpProblemCode;
  readonly headers: Record<string, string>;
  constructor(code: HttpProblemCode, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'HttpProblem';
    this.code = code;
    this.headers = headers;
  }
}

/** The problem responses a route may give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries([401, 429, ...statuses].map((s) => [s, ProblemSchema]));
}
