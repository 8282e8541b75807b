#!/usr/bin/env node
// Runs every test file under test/ with Node's own runner and tsx. Node 20's `--test` takes no globs,
// so the files are listed here; `npm test -- <substring>` narrows the run to matching paths.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildWeb } from './build-web.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(join(root, 'test'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// The browser tests load the dashboard from web/dist: build it once here, not in each test process.
if (files.some((f) => f.includes('web-ui'))) await buildWeb({ ifStale: true });

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
