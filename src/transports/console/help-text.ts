import { ruleOf, type Catalog } from '../../core/catalog.ts';
import type { Translator } from '../../i18n/translate.ts';
import { translator } from '../../i18n/translate.ts';

export function helpText(catalog: Catalog, t: Translator = translator('en')): string {
  const out = [t('console.help.verbs')];
  for (const c of catalog.commands) {
    out.push(`  ${c.name.padEnd(17)} ${c.risk.padEnd(8)} ${c.description}`);
    for (const p of c.params) {
      const dflt = p.default !== undefined ? t('console.help.default', { value: String(p.default) }) : '';
      out.push(`      ${p.required ? '' : '['}${p.name}${p.required ? '' : ']'}: ${ruleOf(p)}${dflt}`);
    }
  }
  return out.join('\n');
}
