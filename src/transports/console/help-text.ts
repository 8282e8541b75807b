import { ruleOf, type Catalog } from '../../core/catalog.ts';
import type { Translator } from '../../i18n/translate.ts';
import { isMessage, render } from '../../i18n/message.ts';

export function helpText(catalog: Catalog, t: Translator): string {
  // The catalog's descriptions and rules: text, or the core's messages rendered in the console's language.
  const text = (v: unknown): string => (isMessage(v) ? render(t.locale, v) : String(v));
  const out = [t('console.help.verbs')];
  for (const c of catalog.commands) {
    out.push(`  ${c.name.padEnd(17)} ${c.risk.padEnd(8)} ${text(c.description)}`);
    for (const p of c.params) {
      const dflt = p.default !== undefined ? t('console.help.default', { value: String(p.default) }) : '';
      out.push(`      ${p.required ? '' : '['}${p.name}${p.required ? '' : ']'}: ${text(ruleOf(p))}${dflt}`);
    }
  }
  return out.join('\n');
}
