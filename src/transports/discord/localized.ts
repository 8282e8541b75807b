// Slash command definitions in every language mserver speaks. Names stay English (people type them and
// share them); descriptions and choice names carry the other languages as Discord localizations, so a
// member whose client is Korean reads the Korean text while the English text stays the default.
import { Locale as DiscordLocale, type LocalizationMap } from 'discord.js';
import { LOCALES, type Locale } from '../../i18n/locale.ts';
import { translator, type Translator } from '../../i18n/translate.ts';

/** Discord's locale codes for each of our languages other than English. */
const DISCORD_LOCALE: Record<Exclude<Locale, 'en'>, DiscordLocale> = { ko: DiscordLocale.Korean };

const EN = translator('en');
const OTHERS = LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en').map((l) => [DISCORD_LOCALE[l], translator(l)] as const);

function localizationsOf(text: (t: Translator) => string): LocalizationMap {
  return Object.fromEntries(OTHERS.map(([code, t]) => [code, text(t)]));
}

interface Describable<B> {
  setDescription(description: string): B;
  setDescriptionLocalizations(localizations: LocalizationMap | null): B;
}

/** Sets the description in English and its translations: `described(o.setName('target'), (t) => t('commands.x'))`. */
export function described<B extends Describable<B>>(builder: B, text: (t: Translator) => string): B {
  return builder.setDescription(text(EN)).setDescriptionLocalizations(localizationsOf(text));
}

/** A choice whose shown name is translated; its value stays what the code reads. */
export function localizedChoice<V extends string | number>(text: (t: Translator) => string, value: V): { name: string; name_localizations: LocalizationMap; value: V } {
  return { name: text(EN), name_localizations: localizationsOf(text), value };
}
