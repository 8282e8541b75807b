// What a Discord member without a role is told they need: the roles that give the viewer level or more,
// by name when the bot knows the guild's roles.
import type { Locale } from '../../i18n/locale.ts';
import { translator } from '../../i18n/translate.ts';

export function roleNeededText(
  roles: { viewer: readonly string[]; operator: readonly string[]; admin: readonly string[] },
  nameOf: (id: string) => string | undefined,
  locale: Locale,
): string {
  const t = translator(locale);
  const ids = [...roles.viewer, ...roles.operator, ...roles.admin];
  if (ids.length === 0) return t('web.role.admin_permission');
  const names = [...new Set(ids)].map((id) => {
    const name = nameOf(id);
    return name ? JSON.stringify(name) : t('web.role.id', { id });
  });
  return t('web.role.one_of', { roles: names.join(', ') });
}
