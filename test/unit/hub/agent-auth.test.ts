// Agent tokens (PROTOCOL.md, "Authentication"): compared in constant time. The comparison hashes both
// sides to equal-length digests and gives every configured fleet token to crypto.timingSafeEqual, so
// neither the candidate's length nor the position of the matching token in the list changes the work
// done. A token of an agent's own is found by its hash in the credentials (issue 13).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, describe, mock, test } from 'node:test';
import { hashToken } from '../../../src/core/identity.ts';
import { createAgentAuth } from '../../../src/hub/agent-auth.ts';
import { createCredentialsRepo } from '../../../src/store/credentials-repo.ts';
import { openDatabase } from '../../../src/store/database.ts';

/** The former checker's shape over createAgentAuth: true when the token proves anything. */
function createTokenChecker(mode: 'token' | 'none', tokens: string[]) {
  const auth = createAgentAuth(mode, tokens.map(hashToken), createCredentialsRepo(openDatabase(':memory:')), () => 0);
  return { required: auth.required, check: (t: string | undefined) => auth.present(t) !== undefined, auth };
}

const A = 'agent-token-aaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'agent-token-bbbbbbbbbbbbbbbbbbbbbbbb';
const C = 'a-much-shorter-token';

describe('createAgentAuth: the fleet token', () => {
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

  test('MCLIENT_AUTH=none: no token needed, and what it proves is "none" (enrolment), never an agent', () => {
    const checker = createTokenChecker('none', []);
    assert.equal(checker.required, false);
    assert.deepEqual(checker.auth.present(undefined), { kind: 'none' });
    assert.deepEqual(checker.auth.present('anything-at-all-here'), { kind: 'none' });
  });

  test('the fleet token proves the fleet, not an agent id', () => {
    assert.deepEqual(createTokenChecker('token', [A]).auth.present(A), { kind: 'fleet' });
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
