import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { REDACTED, createRedactor } from '../../../src/core/redact.ts';
import { createResultSanitizer, summarizeBackup } from '../../../src/core/result-sanitizer.ts';

const SEED_HEX = '5ae0c1fa8a4e8cdc03b29d2bfa1c0a3d44d5fe3c2e18f1d3b3d7a2ce71c0ffee';
const KEYSTORE = `"0x${SEED_HEX}"`;
const PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const DIGEST = 'ab'.repeat(32);
const sanitizeWithJson = createResultSanitizer(createRedactor());
const sanitize = (command: string, result: unknown): unknown => sanitizeWithJson(command, result).value;

function assertNoSecret(output: unknown): void {
  const text = JSON.stringify(output);
  assert.ok(!text.includes(SEED_HEX), `seed leaked: ${text}`);
  assert.ok(!text.includes(PHRASE), `phrase leaked: ${text}`);
  assert.ok(!text.includes('bottom drive'), `phrase leaked: ${text}`);
}

describe('result sanitizer: backup_keys', () => {
  test('an object with extra content/keystore fields is reduced to path, size and digest', () => {
    const out = sanitize('backup_keys', {
      path: '/var/backups/polkadot/keystore-20251127.tar.gz',
      size_bytes: 2048,
      sha256: DIGEST,
      content: KEYSTORE,
      keystore: { babe: KEYSTORE, gran: PHRASE },
      files: [KEYSTORE],
    });
    assert.deepEqual(out, { path: '/var/backups/polkadot/keystore-20251127.tar.gz', size_bytes: 2048, sha256: DIGEST });
    assertNoSecret(out);
  });

  test('alternative field names are read', () => {
    assert.deepEqual(summarizeBackup({ file: '/b/k.tar', size: 10, digest: `sha256:${DIGEST}` }), {
      path: '/b/k.tar',
      size_bytes: 10,
      sha256: `sha256:${DIGEST}`,
    });
    assert.deepEqual(summarizeBackup({ backup_path: '/b/k.tar', bytes: 0, checksum: DIGEST.toUpperCase() }), {
      path: '/b/k.tar',
      size_bytes: 0,
      sha256: DIGEST.toUpperCase(),
    });
    assert.deepEqual(summarizeBackup({ location: '/b/k.tar', length: 5, hash: DIGEST }), { path: '/b/k.tar', size_bytes: 5, sha256: DIGEST });
  });

  test('a raw content string keeps only its size and digest', () => {
    const content = `${KEYSTORE}\n${PHRASE}\n`;
    const out = sanitize('backup_keys', content);
    assert.deepEqual(out, {
      path: null,
      size_bytes: Buffer.byteLength(content),
      sha256: createHash('sha256').update(content).digest('hex'),
      note: 'the agent sent content instead of a path: only its size and digest were kept',
    });
    assertNoSecret(out);
  });

  test('a single-line keystore string is content, not a path', () => {
    const out = summarizeBackup(KEYSTORE);
    assert.equal(out.path, null);
    assert.equal(out.size_bytes, Buffer.byteLength(KEYSTORE));
    assertNoSecret(out);
  });

  test('a path string is kept as the path', () => {
    assert.deepEqual(sanitize('backup_keys', '/var/backups/ks.tar.gz'), { path: '/var/backups/ks.tar.gz', size_bytes: null, sha256: null });
  });

  test('a multi-line string starting with / is content', () => {
    const out = summarizeBackup(`/not/a/path\n${KEYSTORE}`);
    assert.equal(out.path, null);
    assertNoSecret(out);
  });

  test('secrets in the wrong fields are dropped: a bad digest, a multi-line path, a negative size', () => {
    const out = summarizeBackup({ path: `/x\n${KEYSTORE}`, sha256: KEYSTORE, size_bytes: -1, size: Number.NaN });
    assert.deepEqual(out, { path: null, size_bytes: null, sha256: null });
    assertNoSecret(out);
  });

  test('a numeric size as text is not taken', () => {
    assert.equal(summarizeBackup({ path: '/p', size_bytes: '2048' }).size_bytes, null);
  });

  for (const [label, input] of [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an array', [KEYSTORE]],
  ] as Array<[string, unknown]>) {
    test(`${label} is "not described"`, () => {
      const out = sanitize('backup_keys', input);
      assert.deepEqual(out, { path: null, size_bytes: null, sha256: null, note: 'the agent did not describe the backup' });
      assertNoSecret(out);
    });
  }

  test('a keystore line sent under a path-like field name is not shown', () => {
    const out = summarizeBackup({ file: KEYSTORE, size_bytes: 68 });
    assertNoSecret(out);
  });
});

describe('result sanitizer: other commands are redacted', () => {
  test('logs output loses a seed but keeps the rest', () => {
    const out = sanitize('logs', { lines: ['2025-11-27 Idle (40 peers)', `Secret seed: 0x${SEED_HEX}`], count: 2 });
    assert.deepEqual(out, { lines: ['2025-11-27 Idle (40 peers)', `Secret seed: ${REDACTED}`], count: 2 });
  });

  test('exec output as text', () => {
    assert.equal(sanitize('exec', `cat key\n${KEYSTORE}\n`), `cat key\n"${REDACTED}"\n`);
  });

  test('rotate_keys session keys pass untouched', () => {
    const result = { session_keys: `0x${'ab'.repeat(192)}`, note: 'set_keys pending on chain' };
    assert.deepEqual(sanitize('rotate_keys', result), result);
  });

  test('a "content" field of another command is not summarized, only redacted', () => {
    assert.deepEqual(sanitize('status', { content: 'ok', node_key: SEED_HEX }), { content: 'ok', node_key: REDACTED });
  });

  test('known secrets given to the redactor are removed', () => {
    const s = createResultSanitizer(createRedactor(['hub-token-abcdefghijkl']));
    assert.deepEqual(s('exec', { stdout: 'MCLIENT_TOKEN=hub-token-abcdefghijkl' }).value, { stdout: `MCLIENT_TOKEN=${REDACTED}` });
  });
});

describe('result sanitizer: the JSON it hands on for storage', () => {
  test('a clean result comes with its own JSON, which is what gets stored', () => {
    const result = { containers: [{ name: 'polkadot', state: 'running' }] };
    const out = sanitizeWithJson('status', result);
    assert.equal(out.value, result);
    assert.equal(out.json, JSON.stringify(result));
  });

  test('a redacted result comes without JSON: the JSON seen by the check held the secret', () => {
    const out = sanitizeWithJson('logs', { lines: [`Secret seed: 0x${SEED_HEX}`] });
    assert.equal(out.json, undefined);
    assertNoSecret(out.value);
  });

  test('backup_keys never hands on the JSON of what the agent sent', () => {
    const out = sanitizeWithJson('backup_keys', { path: '/var/backups/k.tar.gz', content: KEYSTORE });
    assert.equal(out.json, undefined);
    assertNoSecret(out.value);
  });
});
