// Issue 14: agent text cannot drive a terminal or forge a log line, and names lose invisible characters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logLineText, stripInvisible, terminalText } from '../../../src/core/inert-text.ts';
import { formatPretty } from '../../../src/log.ts';

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('inert text', () => {
  test('stripInvisible removes zero-width and bidi characters, nothing else', () => {
    assert.equal(stripInvisible('val\u200bi\u200cd\u200da\u2060tor\ufeff-1'), 'validator-1');
    assert.equal(stripInvisible('\u202eexe.txt\u202c \u2066x\u2069 \u200e\u200f\u061c'), 'exe.txt x ');
    assert.equal(stripInvisible('polkadot ✌️ ünïcödé'), 'polkadot ✌️ ünïcödé');
  });

  test('terminalText strips C0, C1 and bidi controls, keeps line breaks and tabs', () => {
    const hostile = 'ok\u001b[2J\u001b]0;pwned\u0007\r✅ verified\u009b31m\u202e\tnext\nline\u0000';
    const out = terminalText(hostile);
    assert.ok(!CONTROLS.test(out), JSON.stringify(out));
    assert.equal(out, 'ok[2J]0;pwned✅ verified31m\tnext\nline');
  });

  test('logLineText writes every control as an escape: one inert line', () => {
    const out = logLineText('a\nb\rc\td\u001b[31me\u0085f\u202eg');
    assert.equal(out, 'a\\nb\\rc\\td\\u001b[31me\\u0085f\\u202eg');
  });

  test('a pretty log line holds no control character, whatever the agent sent', () => {
    const record = JSON.stringify({ level: 40, time: 0, msg: 'frame\u001b[2K refused\nFAKE 00:00:00 INFO  all good', agent: 'x\u009b1m', reason: 'r\u202etxt' });
    const line = formatPretty(record);
    assert.ok(line.endsWith('\n'));
    assert.equal(line.split('\n').length, 2, 'one line');
    assert.ok(!CONTROLS.test(line.slice(0, -1)), JSON.stringify(line));
    assert.match(line, /frame\\u001b\[2K refused\\nFAKE/);
  });
});
