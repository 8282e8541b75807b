// Agent tokens (PROTOCOL.md, "Authentication"): compared in constant time. The comparison hashes both
// sides to equal-length digests and gives every configured token to crypto.timingSafeEqual, so neither
// the candidate's length nor the position of the matching token in the list changes the work done.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, describe, mock, test } from 'node:test';
import { createTokenChecker } from '../../../src/hub/agent-auth.ts';

const A = 'agent-token-aaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'agent-token-bbbbbbbbbbbbbbbbbbbbbbbb';
const C = 'a-much-shorter-token';

describe('createTokenChecker', () => {
  afterEach(() => {
    mock.restoreAll();
    syncBuiltinESMExports();
  });

  test('accepts each configured token, whatever the order of the list', () => {
    for (const list of [[A, B, C], [C, B, A], [B, C, A]]) {
      const checker = createTokenChecker('token', list);
      assert.equal(checker.required, true);
      for (const t of [A, B, C]) assert.equal(checker.check(t), true, `${t} in ${list.join(',')}`);
    }
  });

  test('refuses wrong tokens of the same length, other lengths, prefixes, extensions and case changes', () => {
    const checker = createTokenChecker('token', [A, B]);
    const wrong = [
      A.slice(0, -1) + 'b', // same length, last character
      'b' + A.slice(1), // same length, first character
      A.toUpperCase(),
      A.slice(0, -1), // a prefix
      A + 'a', // an extension
      `${A} `,
      C, // another deployment's token
      'x',
      'y'.repeat(1024),
    ];
    for (const t of wrong) assert.equal(checker.check(t), false, JSON.stringify(t));
  });

  test('refuses no token, an empty one and one over 1024 characters, even if configured', () => {
    const long = 'z'.repeat(1025);
    const checker = createTokenChecker('token', [A, long, '']);
    assert.equal(checker.check(undefined), false);
    assert.equal(checker.check(''), false);
    assert.equal(checker.check(long), false);
    assert.equal(checker.check(A), true);
  });

  test('with no tokens configured in token mode, nothing gets in', () => {
    const checker = createTokenChecker('token', []);
    assert.equal(checker.check(A), false);
  });

  test('MCLIENT_AUTH=none: no token needed', () => {
    const checker = createTokenChecker('none', []);
    assert.equal(checker.required, false);
    assert.equal(checker.check(undefined), true);
  });

  test('every configured token goes through timingSafeEqual, on digests of one length, wherever the match is', () => {
    const calls: Array<[number, number]> = [];
    const real = crypto.timingSafeEqual;
    mock.method(crypto, 'timingSafeEqual', (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      calls.push([a.byteLength, b.byteLength]);
      return real(a, b);
    });
    syncBuiltinESMExports();
    const checker = createTokenChecker('token', [A, B, C]);
    for (const candidate of [A, C, 'wrong', 'w'.repeat(900)]) {
      calls.length = 0;
      checker.check(candidate);
      assert.equal(calls.length, 3, `${candidate.slice(0, 10)}: one comparison per configured token, no early exit`);
      assert.ok(calls.every(([x, y]) => x === 32 && y === 32), 'sha-256 digests on both sides');
    }
  });
});
