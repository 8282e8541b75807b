// Whatever surrounds a secret, redaction removes it: the fast path (skip text with no cue) must never
// skip a string that one of the rules would change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRedactor } from '../../../src/core/redact.ts';

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 3, maxLength: 8 });
const filler = fc.string({ unit: fc.constantFrom(...'abc XYZ 019 :;,.-_/\n\t{}"'), maxLength: 60 });

const secrets: Array<fc.Arbitrary<{ text: string; secret: string }>> = [
  hex(64).map((h) => ({ text: `--node-key ${h}`, secret: h })),
  hex(64).map((h) => ({ text: `node_key=${h}`, secret: h })),
  hex(64).map((h) => ({ text: `Secret seed: 0x${h}`, secret: h })),
  // A keystore file is one quoted hex seed on a line of its own (inline, a quoted hash is public).
  hex(64).map((h) => ({ text: `\n"0x${h}"\n`, secret: h })),
  fc.array(word, { minLength: 12, maxLength: 24 }).map((ws) => ({ text: ws.join(' '), secret: ws.join(' ') })),
  hex(32).map((h) => ({ text: `Authorization: Bearer ${h}`, secret: h })),
  hex(24).map((h) => ({ text: `https://x.example/?key=${h}`, secret: h })),
  hex(24).map((h) => ({ text: `wss://m.example/ws?token=${h}`, secret: h })),
  fc.tuple(hex(26), hex(6), hex(30)).map(([a, b, c]) => ({ text: `${a}.${b}.${c}`, secret: `${a}.${b}.${c}` })),
];

test('no secret survives in text or in a value, whatever surrounds it', () => {
  const r = createRedactor(['configured-token-0123456789']);
  let runs = 0;
  fc.assert(
    fc.property(filler, fc.oneof(...secrets), filler, (before, { text, secret }, after) => {
      runs += 1;
      const line = `${before} ${text} ${after}`;
      assert.equal(r.text(line).includes(secret), false, line);
      assert.equal(JSON.stringify(r.value({ output: line, nested: [{ line }] })).includes(secret), false, line);
    }),
    { numRuns: 3000, seed: 20261127 },
  );
  assert.equal(runs, 3000);
});

test('text without any cue is returned unchanged, the same string', () => {
  const r = createRedactor();
  const status = { containers: [{ name: 'polkadot-validator-1', state: 'running', best_block: 23456789, peers: 40, has_session_keys: true }] };
  assert.equal(r.value(status), status);
  assert.equal(r.text('💤 Idle (40 peers), best: #23456789 (0x9a99…395f)'), '💤 Idle (40 peers), best: #23456789 (0x9a99…395f)');
});
