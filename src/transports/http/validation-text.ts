// A request that does not match its schema, said in the reader's language: zod wrote each issue in
// English when fastify validated; for another language the issue is written again by zod's own locale
// (its code and parameters are kept), so `limit: 500 이하여야 합니다` reads as the rest of the answer.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../i18n/locale.ts';
import { msg, render } from '../../i18n/message.ts';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string | undefined;
  params: Record<string, unknown>;
}

type LocaleError = (issue: Record<string, unknown>) => string | { message: string } | undefined | null;

const ZOD_LOCALES: Partial<Record<Locale, () => { localeError: LocaleError }>> = {
  ko: () => z.locales.ko() as unknown as { localeError: LocaleError },
};

const zodLocale = new Map<Locale, LocaleError>();

function issueText(locale: Locale, v: ValidationIssue, input: unknown): string {
  const make = ZOD_LOCALES[locale];
  if (!make) return v.message ?? v.keyword;
  let localeError = zodLocale.get(locale);
  if (!localeError) zodLocale.set(locale, (localeError = make().localeError));
  const path = v.instancePath.split('/').filter(Boolean);
  const said = localeError({ ...v.params, code: v.keyword, path, input });
  const text = typeof said === 'string' ? said : said?.message;
  return text || (v.message ?? v.keyword);
}

/** `querystring.limit: ...; body.target: ...` (at most ten), in `locale`. */
export function validationIssues(locale: Locale, where: string, issues: readonly ValidationIssue[], req: Pick<FastifyRequest, 'query' | 'body' | 'params' | 'headers'>): string {
  const source: unknown = where === 'querystring' ? req.query : where === 'body' ? req.body : where === 'params' ? req.params : where === 'headers' ? req.headers : undefined;
  const lines = issues.slice(0, 10).map((v) => {
    const path = v.instancePath.split('/').filter(Boolean);
    const input = path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), source);
    return render(locale, msg('http.invalidIssue', { where: `${where}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`, issue: issueText(locale, v, input) }));
  });
  return render(locale, msg('http.invalid', { issues: lines.join('; ') }));
}
