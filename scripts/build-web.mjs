#!/usr/bin/env node
// Builds the dashboard's client (web/) into web/dist with Vite. With --if-stale it builds only when
// web/dist is missing or older than a source it is made from, so `npm start` and `npm test` stay fast
// when nothing changed. Where Vite is not installed (a production install, `npm ci --omit=dev`), an
// existing web/dist is kept and a missing one is reported: the server then runs without the dashboard.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');
const stamp = join(web, 'dist', 'index.html');
// The client imports these from the server's sources (the command catalog, the catalogue's types).
const shared = ['src/core/catalog.ts', 'src/core/quote.ts', 'src/i18n/catalogue.ts', 'package-lock.json'].map((f) => join(root, f));

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const path = join(dir, name);
    const s = statSync(path);
    t = Math.max(t, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return t;
}

export function webIsStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = Math.max(newest(web), ...shared.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
  return sources > built;
}

export async function buildWeb({ ifStale = false } = {}) {
  if (ifStale && !webIsStale()) return false;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    if (existsSync(stamp)) return false;
    console.error('mserver: the dashboard is not built (web/dist) and Vite is not installed: run `npm ci` then `npm run build:web`.');
    return false;
  }
  const started = Date.now();
  await vite.build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  console.error(`mserver: dashboard built into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildWeb({ ifStale: process.argv.includes('--if-stale') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
