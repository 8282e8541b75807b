import type { Locale } from './i18n/locale.ts';
import { isMessage, render, type Message } from './i18n/message.ts';

/** One problem: a catalogue message, or a function for one built of several (a cause inside a sentence). */
export type StartupProblemText = Message | ((locale: Locale) => string) | string;

const textOf = (p: StartupProblemText, locale: Locale): string => (typeof p === 'function' ? p(locale) : isMessage(p) ? render(locale, p) : p);

/** A problem with what the operator configured: reported as plain lines, exit code 2, no stack. */
export class StartupError extends Error {
  /** The problems in English (the log's language). */
  readonly problems: string[];
  private readonly texts: readonly StartupProblemText[];
  constructor(problems: readonly StartupProblemText[]) {
    const english = problems.map((p) => textOf(p, 'en'));
    super(english.join('; '));
    this.name = 'StartupError';
    this.problems = english;
    this.texts = problems;
  }

  /** The problems in the operator's language (MSERVER_LOCALE). */
  localized(locale: Locale): string[] {
    return this.texts.map((p) => textOf(p, locale));
  }
}
