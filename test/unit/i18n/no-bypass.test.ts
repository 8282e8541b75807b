// Every word a person reads comes from the catalogue (issue 18): a literal that looks like prose in
// src/ or commands/ fails this test unless it is a log line, a fault, or marked i18n-exempt with a reason.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findUserStrings } from '../../support/user-strings.ts';

test('no text for people is written outside the catalogue', () => {
  const found = findUserStrings();
  assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${JSON.stringify(f.text)}`), []);
});

test('the check catches prose, a button label and a template, and lets logs, faults and exemptions pass', () => {
  const dir = mkdtempSync(join(process.cwd(), 'src', '.i18n-probe-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'probe.ts'),
      [
        "const a = 'The agent is not connected';",
        "const b = { label: 'Approve' };",
        'const c = `expires in ${a} minutes`;',
        "log.warn({ a }, 'agent went away twice');",
        "throw new Error('internal state is broken');",
        "const d = 'HTTP/1.1 503 Service Unavailable'; // i18n-exempt: a status line for a proxy",
        "const e = 'agent_refused';",
      ].join('\n'),
    );
    const rel = dir.slice(process.cwd().length + 1);
    const found = findUserStrings([rel]).map((f) => f.text);
    assert.deepEqual(found, ['The agent is not connected', 'Approve', 'expires in  {}  minutes']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
