// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, for the dashboard's browser
// tests. The client is built first when web/dist is missing or stale. Each test saves a screenshot of
// the page it ends on under test-results/, so a person can look at what a user sees.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.mjs';

export type { Browser, BrowserContext, Page };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = new URL('../../test-results/', import.meta.url).pathname;
/** For `describe(..., { skip })`: the reason when there is no Chromium to drive (.ci/run installs it). */
export const noBrowser: string | false = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
/** How long a page may take to show what a test waits for. */
export const UI_TIMEOUT_MS = 10_000;

export async function launchBrowser(): Promise<Browser> {
  await buildWeb({ ifStale: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root on CI has no user namespace for Chromium's sandbox; /dev/shm is small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    timeout: 30_000,
  });
}

export interface ContextOptions {
  /** The browser's language (navigator.language and Accept-Language): default en-US. */
  locale?: string;
  /** Phone width (390 x 844) instead of a desktop window. */
  phone?: boolean;
}

export async function newContext(browser: Browser, opts: ContextOptions = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    timezoneId: 'UTC',
  });
  ctx.setDefaultTimeout(UI_TIMEOUT_MS);
  return ctx;
}

/** A screenshot of the whole page as test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name.replace(/[^a-zA-Z0-9_.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Errors the page threw or logged, and answers of 400 and above with their URL (the console's own
 * "Failed to load resource" line does not say which): a test asserts there are none it did not cause.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    // A 401 from /auth/me is how a page without a session learns it must show the login page.
    if (r.status() === 401 && new URL(r.url()).pathname === '/auth/me') return;
    if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return errors;
}
