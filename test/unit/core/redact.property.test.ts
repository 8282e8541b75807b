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
  // Issue 14: what subkey, generate-node-key and `cat keystore/*` print, and seed phrases however written.
  hex(64).map((h) => ({ text: `Secret Key URI \`0x${h}\` is account:`, secret: h })),
  fc.tuple(word, word).map(([a, b]) => ({ text: `Secret Key URI \`//${a}//${b}\` is account:`, secret: `//${a}//${b}` })),
  hex(64).map((h) => ({ text: `\n${h}\n`, secret: h })),
  hex(64).map((h) => ({ text: `{"nodeKey":"${h}"}`, secret: h })),
  hex(64).map((h) => ({ text: `"node-key": "${h}"`, secret: h })),
  fc.tuple(hex(64), hex(64)).map(([a, b]) => ({ text: `"0x${a}""0x${b}"`, secret: a })),
  fc.tuple(hex(64), hex(64)).map(([a, b]) => ({ text: `"0x${a}""0x${b}"`, secret: b })),
  fc
    .tuple(fc.array(fc.tuple(word, fc.constantFrom('lower', 'upper', 'title')), { minLength: 12, maxLength: 24 }), fc.constantFrom(' ', ', ', ',', '\n', ',\n', ' \n '))
    .map(([ws, gap]) => {
      const phrase = ws.map(([w, c]) => (c === 'upper' ? w.toUpperCase() : c === 'title' ? w[0]!.toUpperCase() + w.slice(1) : w)).join(gap);
      return { text: phrase, secret: phrase };
    }),
  fc.tuple(fc.constantFrom('secretKey', 'secret_key', 'sk', 'seed', 'mnemonic', 'privateKey'), hex(64)).map(([k, h]) => ({ text: `{"${k}":"0x${h}"}`, secret: h })),
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

// The other side: what operators need stays whole, wherever it stands.
const digits = fc.string({ unit: fc.constantFrom(...'0123456789 :;.-_/#()\t'), maxLength: 40 });
const publicMaterial: Array<fc.Arbitrary<string>> = [
  // A session key blob from author_rotateKeys: 0x and many 32-byte keys.
  fc.array(hex(64), { minLength: 1, maxLength: 8 }).map((ks) => `0x${ks.join('')}`),
  // Public keys (0x + 64 or 66 hex) and block and transaction hashes (0x + 64 hex).
  hex(64).map((h) => `0x${h}`),
  hex(66).map((h) => `0x${h}`),
];
const contexts: Array<(v: string) => string> = [
  (v) => v,
  (v) => `best: #25000100 (${v}), finalized #25000098`,
  (v) => `{"block_hash":"${v}","era":1510}`,
  (v) => `{"tx_hash":"${v}"}`,
  (v) => `["${v}","${v}"]`,
  (v) => `session_keys: ${v}`,
  (v) => `new session keys\n${v}\nset_keys pending on chain`,
  (v) => `  Public key (hex):  ${v}`,
];

test('session keys, public keys, block and transaction hashes stay visible, whatever surrounds them', () => {
  const r = createRedactor(['configured-token-0123456789']);
  let runs = 0;
  fc.assert(
    fc.property(digits, fc.oneof(...publicMaterial), fc.integer({ min: 0, max: contexts.length - 1 }), digits, (before, value, c, after) => {
      runs += 1;
      const line = `${before} ${contexts[c]!(value)} ${after}`;
      assert.equal(r.text(line), line);
      assert.ok(JSON.stringify(r.value({ output: line, session_keys: value, block_hash: value })).includes(value), line);
      assert.equal(r.value({ result: value }).result, value, line);
    }),
    { numRuns: 2000, seed: 20261206 },
  );
  assert.equal(runs, 2000);
});
