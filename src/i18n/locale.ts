// The languages mserver speaks. English is the default and the fallback for any reader whose language
// is not here; Korean is for the team that wrote the original note.
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Discord's `interaction.locale` (`ko`, `en-US`, `de`...): Korean for `ko`, English for anything else. */
export function localeOfDiscord(discordLocale: string | null | undefined): Locale {
  return typeof discordLocale === 'string' && discordLocale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** A POSIX `LANG`/`LC_ALL` value (`ko_KR.UTF-8`): Korean when it names Korean, else English. */
export function localeOfPosix(lang: string | null | undefined): Locale {
  return typeof lang === 'string' && /^ko([_.@-]|$)/i.test(lang.trim()) ? 'ko' : 'en';
}

/** An HTTP `Accept-Language` header: the first of our languages it names (quality order), else English. */
export function localeOfAcceptLanguage(header: string | null | undefined): Locale {
  if (typeof header !== 'string') return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find((m) => m)?.[1];
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}
