import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTED, createRedactor } from '../../../src/core/redact.ts';
import { Rng } from '../../support/sim/rng.ts';
import { substrateLogLines } from '../../support/sim/substrate-log-lines.ts';

const r = createRedactor();
const HEX64 = 'fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e';
const SESSION_KEYS = `0x${'d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'.repeat(6)}`;
const PHRASE_12 = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PHRASE_24 =
  'legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title';

describe('redact.text: secrets are replaced', () => {
  test('Secret seed and Secret phrase as subkey prints them; public lines stay', () => {
    const out = r.text(
      [
        `Secret phrase:       ${PHRASE_12}`,
        '  Network ID:        substrate',
        `  Secret seed:       0x${HEX64}`,
        '  Public key (hex):  0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a',
        '  SS58 Address:      5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV',
      ].join('\n'),
    );
    assert.equal(
      out,
      [
        `Secret phrase:       ${REDACTED}`,
        '  Network ID:        substrate',
        `  Secret seed:       ${REDACTED}`,
        '  Public key (hex):  0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a',
        '  SS58 Address:      5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV',
      ].join('\n'),
    );
  });

  test('--node-key with a space or =, and --node-key-file', () => {
    assert.equal(r.text(`polkadot --validator --node-key ${HEX64} --name v1`), `polkadot --validator --node-key ${REDACTED} --name v1`);
    assert.equal(r.text(`polkadot --node-key=${HEX64}`), `polkadot --node-key=${REDACTED}`);
    assert.equal(r.text('polkadot --node-key-file /data/node.key --chain kusama'), `polkadot --node-key-file ${REDACTED} --chain kusama`);
  });

  test('node_key= and node_key: in text and in JSON text', () => {
    assert.equal(r.text(`node_key=${HEX64}`), `node_key=${REDACTED}`);
    assert.equal(r.text(`NODE_KEY = ${HEX64}`), `NODE_KEY = ${REDACTED}`);
    assert.equal(r.text(`{"node_key":"${HEX64}","name":"v1"}`), `{"node_key":"${REDACTED}","name":"v1"}`);
  });

  test('mnemonic: and private key labels', () => {
    assert.equal(r.text('mnemonic: bottom drive obey lake'), `mnemonic: ${REDACTED}`);
    assert.equal(r.text(`private_key: 0x${HEX64}`), `private_key: ${REDACTED}`);
  });

  test('a bare 12-word phrase', () => {
    assert.equal(r.text(PHRASE_12), REDACTED);
    assert.equal(r.text(`generated: ${PHRASE_12}\nnext line`), `generated: ${REDACTED}\nnext line`);
  });

  test('a bare 24-word phrase', () => {
    assert.equal(r.text(PHRASE_24), REDACTED);
    assert.ok(!r.text(`"${PHRASE_24}"`).includes('sausage'));
  });

  test('a keystore file line "0x<64 hex>"', () => {
    assert.equal(r.text(`"0x${HEX64}"`), `"${REDACTED}"`);
    assert.equal(r.text(`$ cat keystore/6175726...\n  "0x${HEX64}"  \n$`), `$ cat keystore/6175726...\n  "${REDACTED}"  \n$`);
  });

  test('Bearer tokens', () => {
    assert.equal(r.text('Authorization: Bearer abcDEF123456.xyz-_~+/='), `Authorization: Bearer ${REDACTED}`);
    assert.equal(r.text('authorization: bearer s3cr3t-t0ken-value'), `authorization: bearer ${REDACTED}`);
  });

  test('?token= and &access_token= in URLs', () => {
    assert.equal(r.text('connecting to ws://hub:8765/agents?token=abc123secret&v=2'), `connecting to ws://hub:8765/agents?token=${REDACTED}&v=2`);
    assert.equal(r.text('https://x.test/cb?a=1&access_token=zzz999 done'), `https://x.test/cb?a=1&access_token=${REDACTED} done`);
  });

  test('Discord-token-shaped strings', () => {
    const token = `${'MTIzNDU2Nzg5MDEyMzQ1Njc4'}.GaBcDe.${'abcdefghijklmnopqrstuvwxyz01234'}`;
    assert.equal(r.text(`logging in with ${token} now`), `logging in with ${REDACTED} now`);
  });

  test('known secrets passed in are replaced wherever they appear', () => {
    const secret = 'agent-token-0123456789';
    const red = createRedactor([secret, 'short']);
    assert.equal(red.text(`x${secret}y and again ${secret}`), `x${REDACTED}y and again ${REDACTED}`);
    // Secrets under 8 characters are ignored: they would shred ordinary text.
    assert.equal(red.text('a short line'), 'a short line');
  });

  test('a known secret with regular-expression characters is matched literally', () => {
    const secret = 'a.b*c+d?(e)[f]';
    const red = createRedactor([secret]);
    assert.equal(red.text(`value ${secret} and aXbbbcd`), `value ${REDACTED} and aXbbbcd`);
  });
});

describe('redact.text: public material is left alone', () => {
  test('session keys in text', () => {
    const line = `rotate_keys: new session keys ${SESSION_KEYS} (set_keys pending on chain)`;
    assert.equal(r.text(line), line);
    assert.equal(r.text(`session_key: ${SESSION_KEYS}`), `session_key: ${SESSION_KEYS}`);
    assert.equal(r.text(`{"session_key":"${SESSION_KEYS}"}`), `{"session_key":"${SESSION_KEYS}"}`);
  });

  test('Substrate log lines, including full block hashes', () => {
    const lines = substrateLogLines(400, 25_000_000, 2, Date.UTC(2025, 10, 27, 21), new Rng(7));
    assert.ok(lines.some((l) => /0x[0-9a-f]{64}/.test(l)), 'the sample holds full block hashes');
    for (const line of lines) assert.equal(r.text(line), line);
  });

  test('transaction hashes', () => {
    const line = `payout era 1510: tx 0x${HEX64} included in block #25000000`;
    assert.equal(r.text(line), line);
    assert.equal(r.text(`{"tx_hash":"0x${HEX64}","era":1510}`), `{"tx_hash":"0x${HEX64}","era":1510}`);
  });

  test('ordinary node log lines', () => {
    const lines = [
      '2025-11-27 21:00:00 Parity Polkadot',
      '2025-11-27 21:00:00 ✌️  version 1.16.2-2f63d1a5c5e',
      '2025-11-27 21:00:00 🏷  Node name: validator-01',
      '2025-11-27 21:00:00 👤 Role: AUTHORITY',
      '2025-11-27 21:00:00 💾 Database: ParityDb at /data/chains/polkadot/paritydb/full',
      '2025-11-27 21:00:01 🏷  Local node identity is: 12D3KooWBmAwcd4PJNJvfV89HwE48nwkRmAgo8Vy3uQEyNNHBox2',
      '2025-11-27 21:00:01 Running JSON-RPC server: addr=127.0.0.1:9944, allowed origins=["http://localhost:*"]',
      '2025-11-27 21:00:02 ⚙️  Syncing, target=#25000123 (40 peers), best: #25000100 (0x1234…abcd), finalized #25000098 (0xabcd…1234)',
      'GET /metrics?format=prometheus HTTP/1.1 200',
      'Filesystem      Size  Used Avail Use% Mounted on',
    ];
    for (const line of lines) assert.equal(r.text(line), line);
  });
});

describe('redact.value: deep copy', () => {
  test('secret-named keys lose their values; public ones keep theirs', () => {
    const input = {
      container: 'polkadot',
      secret_phrase: PHRASE_12,
      node_key: HEX64,
      password: 'hunter2hunter2',
      nested: { private_key: 'x', suri: '//Alice', list: [{ passphrase: 'pp' }] },
      session_key: SESSION_KEYS,
      session_keys: SESSION_KEYS,
      sessionKey: SESSION_KEYS,
      public_key: `0x${HEX64}`,
      publicKey: `0x${HEX64}`,
      tx_hash: `0x${HEX64}`,
      lines: 3,
    };
    assert.deepEqual(r.value(input), {
      container: 'polkadot',
      secret_phrase: REDACTED,
      node_key: REDACTED,
      password: REDACTED,
      nested: { private_key: REDACTED, suri: REDACTED, list: [{ passphrase: REDACTED }] },
      session_key: SESSION_KEYS,
      session_keys: SESSION_KEYS,
      sessionKey: SESSION_KEYS,
      public_key: `0x${HEX64}`,
      publicKey: `0x${HEX64}`,
      tx_hash: `0x${HEX64}`,
      lines: 3,
    });
  });

  test('the input is not mutated and nothing is shared', () => {
    const input = { output: { text: `Secret seed: 0x${HEX64}`, node_key: 'k'.repeat(20) }, list: [{ password: 'p'.repeat(10) }] };
    const before = structuredClone(input);
    const out = r.value(input);
    assert.deepEqual(input, before);
    assert.notEqual(out, input);
    assert.notEqual(out.output, input.output);
    assert.notEqual(out.list, input.list);
    assert.notEqual(out.list[0], input.list[0]);
    assert.deepEqual(out, { output: { text: `Secret seed: ${REDACTED}`, node_key: REDACTED }, list: [{ password: REDACTED }] });
  });

  test('strings anywhere pass through the text rules', () => {
    assert.deepEqual(r.value(['ok', `--node-key ${HEX64}`, { stdout: [PHRASE_12] }]), ['ok', `--node-key ${REDACTED}`, { stdout: [REDACTED] }]);
    assert.equal(r.value(`Bearer abcdefghijkl`), `Bearer ${REDACTED}`);
  });

  test('booleans and nulls under secret names are kept (they reveal nothing)', () => {
    assert.deepEqual(r.value({ has_secret_seed: true, password: null, node_key: false }), { has_secret_seed: true, password: null, node_key: false });
  });

  test('numbers under secret names are redacted', () => {
    assert.deepEqual(r.value({ seed: 123456789 }), { seed: REDACTED });
  });

  test('scalars are returned as they are', () => {
    assert.equal(r.value(42), 42);
    assert.equal(r.value(null), null);
    assert.equal(r.value(true), true);
  });

  test('an own __proto__ key stays data and pollutes nothing', () => {
    const input = JSON.parse('{"__proto__":{"polluted":"yes"},"a":1}') as Record<string, unknown>;
    const out = r.value(input);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(Object.hasOwn(out, '__proto__'), true);
    assert.equal((({}) as Record<string, unknown>).polluted, undefined);
  });

  test('known secrets inside values', () => {
    const red = createRedactor(['agent-token-0123456789']);
    assert.deepEqual(red.value({ msg: 'auth agent-token-0123456789 ok' }), { msg: `auth ${REDACTED} ok` });
  });

  test('a secret nested deeper than 64 levels is still redacted', () => {
    let deep: Record<string, unknown> = { node_key: 'plain-secret-value-1234' };
    for (let i = 0; i < 70; i++) deep = { a: deep };
    const out = r.value(deep);
    assert.ok(!JSON.stringify(out).includes('plain-secret-value-1234'));
  });
});
