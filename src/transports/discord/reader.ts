// Which language a member reads: Discord tells us with every interaction (`interaction.locale`), so a
// reply, a refusal or a confirmation follows the member who pressed or typed, not the server.
import type { Locale } from '../../i18n/locale.ts';
import { localeOfDiscord } from '../../i18n/locale.ts';
import { translator, type Translator } from '../../i18n/translate.ts';

export function localeOf(i: { locale?: string | null }): Locale {
  return localeOfDiscord(i.locale);
}

/** The translator for the member behind an interaction. */
export function readerOf(i: { locale?: string | null }): Translator {
  return translator(localeOf(i));
}
