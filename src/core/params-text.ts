// Parameters typed by a person: `key=value key2="a b"` or one JSON object. Values stay text; the
// catalog's schemas turn them into numbers or lists where the parameter asks for one.
import { msg } from '../i18n/message.ts';
import { UserError } from './errors.ts';
import { quoted } from './quote.ts';

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g;
  for (const m of text.matchAll(re)) tokens.push(m[0]);
  return tokens;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

export function parseParamsText(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      throw new UserError('bad_params', msg('core.params.badJson', { detail: (err as Error).message }));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new UserError('bad_params', msg('core.params.jsonNotObject', { example: '{"container":"polkadot"}' }));
    }
    return value as Record<string, unknown>;
  }
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const token of tokenize(trimmed)) {
    const eq = token.indexOf('=');
    if (eq <= 0) {
      throw new UserError('bad_params', msg('core.params.notNameValue', { token: quoted(token) }));
    }
    out[token.slice(0, eq)] = unquote(token.slice(eq + 1));
  }
  return { ...out };
}
