// The dashboard's translator: the chosen language (remembered in localStorage), `t(key, vars)`, dates
// and durations through Intl in the reader's language.
import { signal } from '../signal.ts';
import type { MessageText, PluralForms, VarValue, VarsOf } from '../../../src/i18n/catalogue.ts';
import { en, type WebMessages } from './en.ts';
import { ko } from './ko.ts';

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export type WebKey = keyof WebMessages;

const CATALOGUES: Record<Locale, Readonly<Record<WebKey, MessageText>>> = { en, ko };
const STORAGE_KEY = 'mserver.locale';

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'ko') return saved;
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export const locale = signal<Locale>(initialLocale());

export function setLocale(l: Locale): void {
  localStorage.setItem(STORAGE_KEY, l);
  document.documentElement.lang = l;
  locale.set(l);
}

type Args<K extends WebKey> = keyof VarsOf<WebMessages[K]> extends never ? [] : [VarsOf<WebMessages[K]>];

export function t<K extends WebKey>(key: K, ...vars: Args<K>): string {
  const l = locale.get();
  const values = (vars[0] ?? {}) as Record<string, VarValue>;
  const text: MessageText = CATALOGUES[l][key] ?? en[key];
  const template: string = typeof text === 'string' ? text : (text[new Intl.PluralRules(l).select(Number(values.count ?? 0)) as keyof PluralForms] ?? text.other);
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? new Intl.NumberFormat(l).format(v) : v;
  });
}

/** A time shown in the reader's language, in the reader's zone or the one given (a schedule's own). */
export function formatTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' };
  try {
    // timeStyle 'long' names the zone (dateStyle cannot be combined with timeZoneName).
    return new Intl.DateTimeFormat(locale.get(), timeZone ? { dateStyle: 'medium', timeStyle: 'long', timeZone } : opts).format(new Date(iso));
  } catch {
    // A zone the browser does not know: the reader's own.
    return new Intl.DateTimeFormat(locale.get(), opts).format(new Date(iso));
  }
}

/** A duration rounded to its largest unit: "3 minutes", "42 seconds". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('time.seconds', { count: s });
  if (s < 3600) return t('time.minutes', { count: Math.floor(s / 60) });
  return t('time.hours', { count: Math.floor(s / 3600) });
}

export function ago(iso: string | null | undefined, now: number): string {
  if (!iso) return t('fleet.never');
  const ms = now - Date.parse(iso);
  return ms < 5000 ? t('fleet.now') : t('time.ago', { time: formatDuration(ms) });
}
