// Eras as ranges, the same in Discord's embeds and the API's plain-text notices. Era numbers are names
// of eras, not quantities: shown without digit grouping.
import type { Locale } from '../../i18n/locale.ts';
import { translate } from '../../i18n/translate.ts';

/** `998-1000, 1003`: eras as ranges, at most `max` ranges shown. */
export function eraList(eras: readonly number[], max = 8, locale: Locale): string {
  const sorted = [...new Set(eras)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return ranges.length > max ? translate(locale, 'notices.eras.more', { list: ranges.slice(0, max).join(', '), count: sorted.length }) : ranges.join(', ');
}
