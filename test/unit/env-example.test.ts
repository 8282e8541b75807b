// .env.example documents every variable config.ts reads, and nothing it does not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseConfig } from '../../src/config.ts';

const root = new URL('../../', import.meta.url);

test('.env.example and config.ts name the same variables, and the example parses', () => {
  const example = readFileSync(new URL('.env.example', root), 'utf8');
  const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!).sort();
  const source = readFileSync(new URL('src/config.ts', root), 'utf8');
  const read = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!).sort();
  assert.deepEqual(documented, read);
  const env = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  const parsed = parseConfig(env);
  assert.equal(parsed.ok, true, parsed.ok ? '' : parsed.problems.join('\n'));
});
