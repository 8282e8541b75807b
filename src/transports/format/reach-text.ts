import type { HistoryReach } from '../../store/history-reach.ts';
import type { Translator } from '../../i18n/translate.ts';
import { timeText } from './time-text.ts';


function daysText(ms: number, t: Translator): string {
  const days = ms / 86_400_000;
  if (days >= 1) return t('discord.reach.days', { count: Number(days.toFixed(1)) });
  const hours = ms / 3_600_000;
  if (hours >= 1) return t('discord.reach.hours', { n: Number(hours.toFixed(1)) });
  return t('discord.duration.s', { n: Math.max(1, Math.round(ms / 1000)) });
}

/** `Commands are kept 90 days (RETENTION_COMMANDS_DAYS); the oldest stored was sent 2026-09-07 14:03:00 UTC.` */
export function reachText(r: HistoryReach, t: Translator): string {
  const keep = r.keepMs === undefined ? undefined : r.keepMs === 0 ? t('discord.reach.forever') : t('discord.reach.kept', { duration: daysText(r.keepMs, t) });
  const oldest = r.oldest === undefined ? t('discord.reach.noneYet') : t('discord.reach.oldest', { at: timeText(r.oldest) });
  return keep ? t('discord.reach.keepAndOldest', { keep, oldest }) : t('discord.reach.back', { to: r.oldest === undefined ? t('discord.reach.nothingYet') : timeText(r.oldest) });
}
