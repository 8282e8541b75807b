// Durations and times as people read them, in the reader's language. Times keep their zone (UTC, or the
// schedule's own) and the sortable `2026-11-27 21:05:23` shape operators paste into incident notes;
// durations and their numbers go through Intl for the reader.
import type { Translator } from '../../i18n/translate.ts';

const oneDecimal = new Map<string, Intl.NumberFormat>();

function decimal(t: Translator, n: number): string {
  let f = oneDecimal.get(t.locale);
  if (!f) oneDecimal.set(t.locale, (f = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })));
  return f.format(n);
}

export function durationText(ms: number, t: Translator): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return t('discord.duration.ms', { n: Math.round(ms) });
  if (ms < 60_000) return t('discord.duration.s', { n: decimal(t, ms / 1000) });
  if (ms < 3_600_000) return t('discord.duration.minS', { min: Math.floor(ms / 60_000), s: Math.round((ms % 60_000) / 1000) });
  if (ms < 86_400_000) return t('discord.duration.hMin', { h: Math.floor(ms / 3_600_000), min: Math.round((ms % 3_600_000) / 60_000) });
  return t('discord.duration.dH', { d: Math.floor(ms / 86_400_000), h: Math.round((ms % 86_400_000) / 3_600_000) });
}

export function agoText(at: number | null | undefined, now: number, t: Translator): string {
  if (at === null || at === undefined || at <= 0) return t('discord.time.never');
  const d = now - at;
  return d < 5000 ? t('discord.time.justNow') : t('discord.time.ago', { duration: durationText(d, t) });
}

/** `2026-11-27 21:05:23 UTC`: what operators paste into incident notes, the same in every language. */
export function timeText(at: number | null | undefined): string {
  if (!at) return '-';
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `2026-11-28 03:00:00 Europe/Berlin`: a schedule's times, read in the zone its cron expression uses. */
export function zonedTimeText(at: number | Date | null | undefined, timezone: string): string {
  if (at === null || at === undefined) return '-';
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '??';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')} ${timezone}`;
}

/** How every deadline reads (confirmations, approvals): `expires in 60 s, at 2026-11-27 21:05:23 UTC`. */
export function expiryText(at: number, now: number, t: Translator): string {
  return at <= now ? t('discord.time.expiredAt', { at: timeText(at) }) : t('discord.time.expiresIn', { duration: durationText(at - now, t), at: timeText(at) });
}
