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
    // Phrases run across line breaks (issue 14), so the words of a next line would go with it; a line
    // that starts otherwise stays.
    assert.equal(r.text(`generated: ${PHRASE_12}\n#2 next line`), `generated: ${REDACTED}\n#2 next line`);
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

describe('redact: what subkey, generate-node-key and cat keystore/* print (issue 14)', () => {
  const SEED = 'c8fa03532fb22ee1f7f6908b9c02b4e72483f0dbd66e4cd456b8f34c6230b849';
  const PUBLIC = '0xd6a3105d6768e956e9e5d41050ac29843f98561410d3a47f9dd5b3b227ab8746';

  test("subkey inspect: the Secret Key URI line and the Secret seed go, the public lines stay", () => {
    const out = r.text(
      [
        'Secret Key URI `//Alice//stash` is account:',
        '  Network ID:        substrate',
        `  Secret seed:       0x${SEED}`,
        `  Public key (hex):  ${PUBLIC}`,
        '  SS58 Address:      5GvF3YSa7c6bVvJmZkP2LUXYqZ4z1w9Zb6V9XoGzYw5vWNyy',
      ].join('\n'),
    );
    assert.ok(!out.includes('//Alice//stash'), out);
    assert.ok(!out.includes(SEED), out);
    assert.ok(out.includes(PUBLIC), out);
    assert.ok(out.includes('5GvF3YSa7c6bVvJmZkP2LUXYqZ4z1w9Zb6V9XoGzYw5vWNyy'), out);
    assert.ok(out.startsWith(`Secret Key URI ${REDACTED} is account:`) || out.startsWith(`Secret Key URI ${REDACTED}`), out);
  });

  test('subkey inspect of a phrase URI: the phrase inside the backticks goes', () => {
    const out = r.text(`Secret Key URI \`${PHRASE_12}\` is account:`);
    assert.ok(!out.includes('abandon'), out);
  });

  test('generate-node-key: 64 bare hex digits on a line of their own', () => {
    assert.equal(r.text(`${HEX64}\n`), `${REDACTED}\n`);
    assert.equal(r.text(`$ polkadot key generate-node-key\n${HEX64}\n12D3KooWBmAwcd4PJNJvfV89HwE48nwkRmAgo8Vy3uQEyNNHBox2`), `$ polkadot key generate-node-key\n${REDACTED}\n12D3KooWBmAwcd4PJNJvfV89HwE48nwkRmAgo8Vy3uQEyNNHBox2`);
    assert.deepEqual(r.value({ stdout: HEX64, exit_code: 0 }), { stdout: REDACTED, exit_code: 0 });
  });

  test('node-key, node_key and nodeKey in JSON and flags', () => {
    for (const line of [`{"nodeKey":"${HEX64}"}`, `{"node-key": "${HEX64}"}`, `{"node_key":"${HEX64}"}`, `--node-key ${HEX64}`, `--node-key=${HEX64}`, `nodeKey=${HEX64}`]) {
      assert.ok(!r.text(line).includes(HEX64), line);
    }
    assert.deepEqual(r.value({ nodeKey: HEX64, 'node-key': HEX64 }), { nodeKey: REDACTED, 'node-key': REDACTED });
  });

  test('keystore files run together without a newline: "0x…""0x…"', () => {
    const other = 'ab'.repeat(32);
    const out = r.text(`"0x${HEX64}""0x${other}""${PHRASE_12}"`);
    assert.ok(!out.includes(HEX64) && !out.includes(other) && !out.includes('abandon'), out);
    assert.equal(r.text(`$ cat keystore/*\n"0x${HEX64}""0x${other}"$ `), `$ cat keystore/*\n"${REDACTED}""${REDACTED}"$ `);
  });

  test('seed phrases in any case, across commas and line breaks', () => {
    const words = PHRASE_12.split(' ');
    for (const phrase of [
      PHRASE_12.toUpperCase(),
      words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '),
      words.join(', '),
      words.join(','),
      words.join('\n'),
      `${words.slice(0, 6).join(' ')}\n${words.slice(6).join(' ')}`,
      PHRASE_24.split(' ').join(',\n'),
    ]) {
      const out = r.text(`backup:\n${phrase}\ndone`);
      assert.ok(!/abandon|about|sausage/i.test(out), JSON.stringify(out));
      assert.ok(!/abandon|about|sausage/i.test(JSON.stringify(r.value({ stdout: `backup:\n${phrase}\ndone` }))), phrase);
    }
  });

  test('a 24-word phrase after other words is taken whole', () => {
    const out = r.text(`words: one two ${PHRASE_24}`);
    assert.ok(!out.includes('title'), out);
  });

  test('JSON keys secretKey, secret_key, sk, seed, mnemonic, privateKey, as values and as text', () => {
    const input = { secretKey: `0x${HEX64}`, secret_key: `0x${HEX64}`, sk: `0x${HEX64}`, seed: `0x${HEX64}`, mnemonic: 'bottom drive obey lake', privateKey: `0x${HEX64}` };
    const value = r.value(input);
    for (const k of Object.keys(input)) assert.equal((value as Record<string, unknown>)[k], REDACTED, k);
    const text = r.text(JSON.stringify(input));
    assert.ok(!text.includes(HEX64) && !text.includes('bottom drive'), text);
    assert.ok(!r.text('{"sk": [1, 2, 3, 200]}').includes('200'));
    // "sk" is a key only when it is the whole key: a disk or a task is not a secret.
    assert.deepEqual(r.value({ disk: 'sda1', task: 'sync', risk: 'low' }), { disk: 'sda1', task: 'sync', risk: 'low' });
  });

  test('public material stays: session keys, public keys, block and transaction hashes, digests', () => {
    const block = `0x${HEX64}`;
    for (const line of [
      `best: #25000100 (${block}), finalized #25000098 (${block})`,
      `Imported #25000101 (${block} → 0x${SEED})`,
      `{"block_hash":"${block}","tx_hash":"${block}"}`,
      `["${block}","${block}"]`,
      `session_keys: ${SESSION_KEYS}`,
      SESSION_KEYS,
      `Public key (hex):  ${PUBLIC}`,
      `${HEX64}  /backups/keystore-2026-12-06.tar.gz`,
      'Syncing 12.3 bps, target=#25000123 (40 peers), best: #25000100',
    ]) {
      assert.equal(r.text(line), line);
    }
    const digest = { path: '/backups/k.tar.gz', sha256: HEX64, hash: block, digest: `sha256:${HEX64}` };
    assert.deepEqual(r.value(digest), digest);
    assert.deepEqual(r.value({ session_keys: SESSION_KEYS, public_key: PUBLIC, block_hash: block }), { session_keys: SESSION_KEYS, public_key: PUBLIC, block_hash: block });
  });
});
