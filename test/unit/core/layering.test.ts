// The core speaks in its own records (src/core/records.ts) and ports: it never imports the store, the hub
// or a transport, so that rules can be read, and tested, without any I/O library behind them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../..', import.meta.url).pathname;
const outward = /from\s+'(?:\.\.\/)+(store|hub|transports|notify|scheduler)\//;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('src/core imports nothing from the store, the hub or the transports', () => {
  const found = files(join(root, 'src/core'))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ f, line, i })))
    .filter(({ line }) => outward.test(line))
    .map(({ f, line, i }) => `${relative(root, f)}:${i + 1}: ${line.trim()}`);
  assert.deepEqual(found, []);
});

test('the check sees an outward import when there is one', () => {
  assert.ok(outward.test("import type { RequestRecord } from '../store/requests-repo.ts';"));
  assert.ok(!outward.test("import type { RequestRecord } from './records.ts';"));
});
