// The dashboard's client: the files Vite builds into web/dist, served at / by @fastify/static, with each
// page path of the client answering its index.html (the client routes in the browser). Every answer of
// the dashboard carries a Content-Security-Policy without inline scripts, so an injected <script> or
// on* attribute does not run even where escaping failed. With no build, / says how to make one.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { localeOfAcceptLanguage, type Locale } from '../../i18n/locale.ts';
import { translator } from '../../i18n/translate.ts';

// web/dist at the top of the tree: three levels up from src/transports/web, four from the compiled
// dist/src/transports/web (`npm run build`, `npm run start:dist`).
const SOURCE_LAYOUT = fileURLToPath(new URL('../../../web/dist', import.meta.url));
const BUILD_LAYOUT = fileURLToPath(new URL('../../../../web/dist', import.meta.url));
const COMPILED = import.meta.url.endsWith('.js');
export const WEB_DIST = [SOURCE_LAYOUT, BUILD_LAYOUT].find((dir) => existsSync(join(dir, 'index.html'))) ?? (COMPILED ? BUILD_LAYOUT : SOURCE_LAYOUT);
export const BUILD_COMMAND = 'npm run build:web'; // i18n-exempt: a shell command

// i18n-exempt: a header value (a policy), not prose.
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const HTML = 'text/html; charset=utf-8'; // i18n-exempt: a media type

/** The client's pages (the contract with web/): each answers index.html. */
export const PAGE_PATHS = ['/', '/login', '/run', '/approvals', '/history', '/audit', '/schedules', '/payouts', '/keys', '/notices', '/agents', '/agents/*', '/requests/*'];

/** Headers of every dashboard answer (pages, files, /auth). */
export function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
}

function notBuilt(dist: string, locale: Locale): string {
  const t = translator(locale);
  const missing = escapeHtml(t('web.not_built.missing', { file: join(dist, 'index.html') }));
  const how = escapeHtml(t('web.not_built.how', { command: BUILD_COMMAND }));
  // i18n-exempt: HTML markup around translated text
  return `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t('web.not_built.title'))}</title></head>\n<body><h1>mserver</h1>\n<p>${missing}</p>\n<p>${how}</p>\n</body></html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function webStatic(app: FastifyInstance, opts: { distDir?: string }): Promise<void> {
  const dist = opts.distDir ?? WEB_DIST;
  const built = existsSync(join(dist, 'index.html'));
  app.addHook('onSend', async (_req, reply) => securityHeaders(reply));
  if (built) {
    // The client's files; a path that names none falls through to the API's 404 problem.
    await app.register(fastifyStatic, { root: dist, prefix: '/', index: false, wildcard: true, dotfiles: 'ignore', decorateReply: false });
  }
  for (const path of PAGE_PATHS) {
    app.get(path, { schema: { hide: true } }, async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      if (!built) return reply.code(503).type(HTML).send(notBuilt(dist, localeOfAcceptLanguage(req.headers['accept-language'])));
      // Read each time: a rebuild while mserver runs is served at once (the file is small).
      return reply.type(HTML).send(await readFile(join(dist, 'index.html')));
    });
  }
}
