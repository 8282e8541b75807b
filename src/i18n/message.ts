// A message not yet in any language: a key and its values. The core speaks in these (a refusal, an
// error) because it cannot know who will read them; each transport renders them for its reader.
import type { Locale } from './locale.ts';
import { translate, type MessageKey, type VarsFor } from './translate.ts';

export interface Message<K extends MessageKey = MessageKey> {
  readonly key: K;
  readonly vars: Readonly<Record<string, string | number>>;
}

export function msg<K extends MessageKey>(key: K, ...vars: keyof VarsFor<K> extends never ? [] : [VarsFor<K>]): Message<K> {
  return { key, vars: (vars[0] ?? {}) as Record<string, string | number> };
}

export function render(locale: Locale, m: Message): string {
  return (translate as (l: Locale, k: MessageKey, v: unknown) => string)(locale, m.key, m.vars);
}

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && typeof (v as Message).key === 'string' && typeof (v as Message).vars === 'object';
}
