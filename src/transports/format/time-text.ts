export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
  return `${Math.floor(ms / 86_400_000)} d ${Math.round((ms % 86_400_000) / 3_600_000)} h`;
}

export function agoText(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined || at <= 0) return 'never';
  const d = now - at;
  return d < 5000 ? 'just now' : `${durationText(d)} ago`;
}

/** `2026-11-27 21:05:23 UTC`: what operators paste into incident notes. */
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
export function expiryText(at: number, now: number): string {
  return at <= now ? `expired at ${timeText(at)}` : `expires in ${durationText(at - now)}, at ${timeText(at)}`;
}
