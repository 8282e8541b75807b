// `web-login`: a one-time link that opens an admin dashboard session for the console's operator (as
// Jupyter prints a token link), so the dashboard works right after `npm start`, without Discord.
import { UserError } from '../../core/errors.ts';
import type { Locale } from '../../i18n/locale.ts';
import { msg } from '../../i18n/message.ts';
import { translator } from '../../i18n/translate.ts';

export function webLoginVerb(webLogin: (() => string) | undefined, args: readonly string[], print: (text: string) => void, locale: Locale): void {
  if (args.length > 0) throw new UserError('bad_input', msg('web.link.usage'));
  if (!webLogin) throw new UserError('bad_input', msg('web.link.unavailable'));
  const link = webLogin();
  print(translator(locale)('web.link.printed'));
  print(`  ${link}`);
}
