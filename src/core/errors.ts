// Two kinds of errors. A UserError carries a code and a message written for the person who asked and
// safe to show anywhere (Discord, console). Everything else is a fault: it is logged whole under a short
// reference, and the person sees only that reference.
import { randomBytes } from 'node:crypto';
import type { Locale } from '../i18n/locale.ts';
import { msg, render, type Message } from '../i18n/message.ts';

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
  /** The message as a key and values, for readers of any language; `message` is its English text. */
  readonly text: Message | undefined;
  constructor(code: UserErrorCode, message: Message) {
    super(render('en', message));
    this.name = 'UserError';
    this.code = code;
    this.text = message;
  }

  /** The message in the reader's language. */
  localized(locale: Locale): string {
    return this.text ? render(locale, this.text) : this.message;
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

/** The text to show a user for any error, in their language; faults are logged with the reference shown. */
export function describeError(err: unknown, log: ErrorLog, context: Record<string, unknown> = {}, locale: Locale): string {
  if (isUserError(err)) return err.localized(locale);
  const ref = newReference();
  log.error({ err, ref, ...context }, 'unexpected error');
  return render(locale, msg('common.fault', { ref }));
}
