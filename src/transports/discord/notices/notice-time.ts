// Durations and ages in a notice, in the channel's language: the numbers through Intl, the units from
// the catalogue (English keeps the short `1.5 s`, `3 min 4 s` forms operators already grep for).
import type { Locale } from '../../../i18n/locale.ts';
import { translate } from '../../../i18n/translate.ts';

const oneDecimal = new Map<Locale, Intl.NumberFormat>();

function decimal(locale: Locale, n: number): string {
  let f = oneDecimal.get(locale);
  if (!f) oneDecimal.set(locale, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })));
  return f.format(n);
}

export function durationIn(locale: Locale, ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return translate(locale, 'notices.duration.ms', { n: Math.round(ms) });
  if (ms < 60_000) return translate(locale, 'notices.duration.s', { n: decimal(locale, ms / 1000) });
  if (ms < 3_600_000) return translate(locale, 'notices.duration.minS', { m: Math.floor(ms / 60_000), s: Math.round((ms % 60_000) / 1000) });
  if (ms < 86_400_000) return translate(locale, 'notices.duration.hMin', { h: Math.floor(ms / 3_600_000), m: Math.round((ms % 3_600_000) / 60_000) });
  return translate(locale, 'notices.duration.dH', { d: Math.floor(ms / 86_400_000), h: Math.round((ms % 86_400_000) / 3_600_000) });
}

export function agoIn(locale: Locale, at: number | null | undefined, now: number): string {
  if (at === null || at === undefined || at <= 0) return translate(locale, 'notices.time.never');
  const d = now - at;
  return d < 5000 ? translate(locale, 'notices.time.justNow') : translate(locale, 'notices.time.ago', { duration: durationIn(locale, d) });
}
