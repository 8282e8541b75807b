// One function turns a key and its values into text in a language. Anything typed in by a member or
// sent by an agent arrives as a value and is inserted as it is: escaping for Markdown or a terminal is
// the transport's job, after translation.
import type { VarsOf, VarValue, MessageText } from './catalogue.ts';
import { en } from './en/index.ts';
import { ko } from './ko/index.ts';
import type { Locale } from './locale.ts';

export type Messages = typeof en;
export type MessageKey = keyof Messages;
export type VarsFor<K extends MessageKey> = VarsOf<Messages[K]>;

const CATALOGUES: Record<Locale, Readonly<Record<MessageKey, MessageText>>> = { en, ko };

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function pluralOf(locale: Locale): Intl.PluralRules {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })));
  return f.format(n);
}

function pick(locale: Locale, text: MessageText, vars: Record<string, VarValue>): string {
  if (typeof text === 'string') return text;
  const count = typeof vars.count === 'number' ? vars.count : 0;
  const category = pluralOf(locale).select(count) as keyof typeof text;
  return text[category] ?? text.other;
}

function fill(locale: Locale, template: string, vars: Record<string, VarValue>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(locale, v) : v;
  });
}

/** The message `key` in `locale`, its placeholders filled. */
export function translate<K extends MessageKey>(locale: Locale, key: K, ...vars: keyof VarsFor<K> extends never ? [] : [VarsFor<K>]): string {
  const values = (vars[0] ?? {}) as Record<string, VarValue>;
  const text = CATALOGUES[locale][key] ?? en[key];
  return fill(locale, pick(locale, text, values), values);
}

/** A translator bound to one reader's language: `t('key', { name })`. */
export type Translator = (<K extends MessageKey>(key: K, ...vars: keyof VarsFor<K> extends never ? [] : [VarsFor<K>]) => string) & { readonly locale: Locale };

export function translator(locale: Locale): Translator {
  const t = <K extends MessageKey>(key: K, ...vars: keyof VarsFor<K> extends never ? [] : [VarsFor<K>]) => translate(locale, key, ...vars);
  return Object.assign(t, { locale });
}

/** The catalogue of a language, for the tests that walk every key. */
export function catalogueOf(locale: Locale): Readonly<Record<MessageKey, MessageText>> {
  return CATALOGUES[locale];
}
