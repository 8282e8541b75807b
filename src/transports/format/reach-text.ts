import type { HistoryReach } from '../../store/history-reach.ts';
import { timeText } from './time-text.ts';

function daysText(ms: number): string {
  const days = ms / 86_400_000;
  if (days >= 1) return `${Number(days.toFixed(1))} day${days === 1 ? '' : 's'}`;
  const hours = ms / 3_600_000;
  if (hours >= 1) return `${Number(hours.toFixed(1))} h`;
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

/** `Commands are kept 90 days (RETENTION_COMMANDS_DAYS); the oldest stored was sent 2026-09-07 14:03:00 UTC.` */
export function reachText(r: HistoryReach): string {
  const keep =
    r.keepMs === undefined ? undefined : r.keepMs === 0 ? 'Commands are kept forever (RETENTION_COMMANDS_DAYS=0)' : `Commands are kept ${daysText(r.keepMs)} (RETENTION_COMMANDS_DAYS)`;
  const oldest = r.oldest === undefined ? 'none is stored yet' : `the oldest stored was sent ${timeText(r.oldest)}`;
  return keep ? `${keep}; ${oldest}.` : `History reaches back to ${r.oldest === undefined ? 'nothing yet' : timeText(r.oldest)}.`;
}
