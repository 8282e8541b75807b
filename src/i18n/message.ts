// A message not yet in any language: a key and its values. The core speaks in these (a refusal, an
// error) because it cannot know who will read them; each transport renders them for its reader.
import type { Locale } from './locale.ts';
import { translate, type MessageKey, type VarsFor } from './translate.ts';

/**
 * A value of a message: text and numbers as the catalogue says, or another Message (a reason inside a
 * refusal, a rule inside a parameter error) or a list of them, rendered in the same language as the
 * message around them so a Korean refusal never quotes an English reason.
 */
export type MessageVar = string | number | Message | readonly Message[];

export interface Message<K extends MessageKey = MessageKey> {
  readonly key: K;
  readonly vars: Readonly<Record<string, MessageVar>>;
}

/** A placeholder may be given as its text or number, or as a Message rendered in the reader's language. */
type Nestable<V> = { readonly [P in keyof V]: V[P] | Message | readonly Message[] };

export function msg<K extends MessageKey>(key: K, ...vars: keyof VarsFor<K> extends never ? [] : [Nestable<VarsFor<K>>]): Message<K> {
  return { key, vars: (vars[0] ?? {}) as Record<string, MessageVar> };
}

/** The separator of a list of messages given as one value. */
const LIST_SEPARATOR = '; '; // i18n-exempt: punctuation, the same in both languages

export function render(locale: Locale, m: Message): string {
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(m.vars)) {
    if (Array.isArray(v)) values[name] = (v as readonly Message[]).map((x) => render(locale, x)).join(LIST_SEPARATOR);
    else if (isMessage(v)) values[name] = render(locale, v);
    else values[name] = v as string | number;
  }
  return (translate as (l: Locale, k: MessageKey, v: unknown) => string)(locale, m.key, values);
}

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && typeof (v as Message).key === 'string' && typeof (v as Message).vars === 'object';
}
