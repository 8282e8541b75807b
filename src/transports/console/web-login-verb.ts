// `web-login`: a one-time link that opens an admin dashboard session for the console's operator (as
// Jupyter prints a token link), so the dashboard works right after `npm start`, without Discord.
import { UserError } from '../../core/errors.ts';

export function webLoginVerb(webLogin: (() => string) | undefined, args: readonly string[], print: (text: string) => void): void {
  if (args.length > 0) throw new UserError('bad_input', 'usage: web-login');
  if (!webLogin) throw new UserError('bad_input', 'The dashboard is not available in this console.');
  const link = webLogin();
  print(`Open this link in your browser within 10 minutes; it works once and opens an admin session (12 h):`);
  print(`  ${link}`);
}
