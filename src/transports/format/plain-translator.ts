// The catalogue's notice messages are written for Discord (`**bold**`, `code`). Read as plain text (the
// API, the dashboard's text nodes), the template's own marks are dropped while every value goes in as it
// was given: an agent's `**` stays two asterisks, never markup. Control and invisible characters are
// taken out of the values (a name cannot reverse or hide what follows it).
import { terminalText } from '../../core/inert-text.ts';
import type { Translator } from '../../i18n/translate.ts';

const MARKS = /\*\*|~~|\|\||`/g;
const SLOT = /\ue000(\d+)\ue001/g;

export function plainTranslator(t: Translator): Translator {
  const plain = (key: Parameters<Translator>[0], vars?: Record<string, string | number>) => {
    const values: string[] = [];
    const slots: Record<string, string | number> = {};
    for (const [name, v] of Object.entries(vars ?? {})) {
      if (typeof v === 'number') slots[name] = v;
      else slots[name] = `\ue000${values.push(terminalText(v)) - 1}\ue001`;
    }
    const text = (t as (k: string, v: Record<string, string | number>) => string)(key, slots);
    return text.replace(MARKS, '').replace(SLOT, (_, i: string) => values[Number(i)]!);
  };
  return Object.assign(plain, { locale: t.locale }) as Translator;
}
