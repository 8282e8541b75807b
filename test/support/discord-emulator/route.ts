// The shape of one REST route of the emulator.

import type { UploadedFile } from './parse-request-body.ts';

export interface RouteContext {
  method: string;
  /** Path after /api/v10, segments URL-decoded (`%40original` arrives as `@original`). */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  /** The request's headers (OAuth2 routes read `Authorization: Bearer` and Basic themselves). */
  headers: Record<string, string | string[] | undefined>;
}

export interface RouteResult {
  status: number;
  /** JSON body; none for 204. */
  body?: unknown;
  /** Extra headers, e.g. Location of the OAuth2 authorize redirect. */
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  /** Needs `Authorization: Bot <token>`; interaction callbacks and webhook routes do not, as on Discord. */
  auth: boolean;
  /** Taken only by requests with `Authorization: Bearer` (an OAuth2 user token), which no other route takes. */
  bearer?: boolean;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}
