// Errors as RFC 9457 problem details (application/problem+json), carrying the UserError code so a script
// can branch on `code` while a person reads `title` and `detail` (the same text Discord and the console
// show), in the language the request's Accept-Language asks for.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UserErrorCode } from '../../core/errors.ts';
import { localeOfAcceptLanguage, type Locale } from '../../i18n/locale.ts';
import { isMessage, msg, render, type Message } from '../../i18n/message.ts';

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


export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    // i18n-exempt: OpenAPI descriptions are written for developers, in English
    code: z.string().describe('The mserver error code (UserError code): bad_params, forbidden, conflict, ...'),
    instance: z.string().optional(),
    // i18n-exempt: OpenAPI descriptions are written for developers, in English
    reference: z.string().optional().describe('For a fault: the reference to look up in mserver\'s log'),
    // i18n-exempt: OpenAPI descriptions are written for developers, in English
    checks: z.record(z.string(), z.string()).optional().describe('/readyz: each part and its state'),
  })
  .meta({ id: 'Problem' }); // i18n-exempt: a schema name in the OpenAPI document

export type Problem = z.infer<typeof ProblemSchema>;

export function statusOf(code: HttpProblemCode): number {
  return STATUS[code] ?? 500;
}

/** The reader's language: the request's Accept-Language (English when it names none of ours). */
export function localeOf(req: Pick<FastifyRequest, 'headers'>): Locale {
  return localeOfAcceptLanguage(req.headers['accept-language']);
}

/** A problem body; `detail` is already in `locale`, the title is written in it here. */
export function problem(code: HttpProblemCode, detail: string, extra: Partial<Problem> = {}, locale: Locale): Problem {
  return { type: `urn:mserver:problem:${code}`, title: render(locale, msg(`http.title.${code}`)), status: statusOf(code), detail, code, ...extra };
}

/** A refusal raised inside the HTTP layer (the core raises UserError); said in the reader's language by the error handler. */
export class HttpProblem extends Error {
  readonly code: HttpProblemCode;
  readonly headers: Record<string, string>;
  readonly text: Message | undefined;
  constructor(code: HttpProblemCode, detail: Message | string, headers: Record<string, string> = {}) {
    super(isMessage(detail) ? render('en', detail) : detail);
    this.name = 'HttpProblem';
    this.code = code;
    this.headers = headers;
    this.text = isMessage(detail) ? detail : undefined;
  }

  localized(locale: Locale): string {
    return this.text ? render(locale, this.text) : this.message;
  }
}

/** The problem responses a route may give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries([401, 429, ...statuses].map((s) => [s, ProblemSchema]));
}
