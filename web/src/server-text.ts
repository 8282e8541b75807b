// Texts that come from the server's own modules the client shares (the command catalog's parameter
// descriptions and its validation problems): plain English strings until their area is translated,
// then Messages (a key and values) that render here in the interface's language, like on the server.
import { render } from '../../src/i18n/message.ts';
import { locale } from './i18n/index.ts';

type ServerMessage = Parameters<typeof render>[1];
export type ServerText = string | ServerMessage;

export function serverText(x: ServerText): string {
  return typeof x === 'string' ? x : render(locale.get(), x);
}

/** The parameter a validation problem is about: "lines: expected..." as text, or its `name` value. */
export function problemField(x: ServerText): string {
  if (typeof x === 'string') return x.split(':')[0] ?? '';
  const name = (x.vars as Record<string, unknown>).name;
  return typeof name === 'string' ? name : '';
}
