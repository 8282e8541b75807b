// Two kinds of errors. A UserError carries a code and a message written for the person who asked and
// safe to show anywhere (Discord, console). Everything else is a fault: it is logged whole under a short
// reference, and the person sees only that reference.
import { randomBytes } from 'node:crypto';

export type UserErrorCode =
  | 'unknown_command'
  | 'bad_params'
  | 'unknown_agent'
  | 'no_agents'
  | 'forbidden'
  | 'not_found'
  | 'expired'
  | 'conflict'
  | 'bad_input'
  | 'unavailable'
  /** No, a wrong, a revoked or an expired API token. */
  | 'unauthorized';

export class UserError extends Error {
  readonly code: UserErrorCode;
  constructor(code: UserErrorCode, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

export function newReference(): string {
  return `E-${randomBytes(4).toString('hex').toUpperCase()}`;
}

interface ErrorLog {
  error(obj: object, msg: string): void;
}

/** The text to show a user for any error; faults are logged with the reference shown. */
export function describeError(err: unknown, log: ErrorLog, context: Record<string, unknown> = {}): string {
  if (isUserError(err)) return err.message;
  const ref = newReference();
  log.error({ err, ref, ...context }, 'unexpected error');
  return `Something went wrong on our side (reference ${ref}). The details are in mserver's log.`;
}
