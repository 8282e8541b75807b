// mserver's warning to approvers (a key-guard override, a stop during a key hand-over) in the reader's
// language, one line per warning.
import type { RequestRecord } from '../../core/records.ts';
import { render } from '../../i18n/message.ts';
import type { Locale } from '../../i18n/locale.ts';

export function warningText(warning: RequestRecord['warning'], locale: Locale): string {
  return (warning ?? []).map((m) => render(locale, m)).join('\n');
}
