// The database's disk is nearly full: said early, because a full disk refuses every command and stops
// the alerts themselves.
import type { Locale } from '../../../i18n/locale.ts';
import { translator } from '../../../i18n/translate.ts';
import type { Notice } from './notice.ts';

export function diskLowNotice(freeMb: number, warnMb: number, path: string, locale: Locale): Notice {
  const t = translator(locale);
  return {
    title: t('notices.disk.title', { free: freeMb }),
    level: 'critical',
    content: t('notices.disk.content', { free: freeMb }),
    lines: [t('notices.disk.where', { path: path.slice(0, 200).replace(/`/g, "'"), free: freeMb, warn: warnMb }), t('notices.disk.whenFull'), t('notices.disk.todo')],
    footer: t('notices.disk.footer'),
  };
}
