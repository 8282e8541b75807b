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
}

export interface RouteResult {
  status: number;
  /** JSON body; none for 204. */
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  /** Needs `Authorization: Bot <token>`; interaction callbacks and webhook routes do not, as on Discord. */
  auth: boolean;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}
