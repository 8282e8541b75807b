// API tokens over a real SQLite file: made once, stored as a hash, refused when revoked or expired, and
// a Discord owner's level read at each call (Discord here is the MemberRoles port answering as Discord
// would: a member with roles, gone, or unreachable).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createApiTokens, hashToken, parseExpiry } from '../../../src/core/api-tokens.ts';
import { UserError } from '../../../src/core/errors.ts';
import type { MemberLookup } from '../../../src/core/member-roles.ts';
import { createPolicy } from '../../../src/core/policy.ts';
import { createApiTokensRepo } from '../../../src/store/api-tokens-repo.ts';
import { openDatabase } from '../../../src/store/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'mserver-tokens-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const OWNER = '1300000000000000902';
const roles = { viewer: ['1300000000000000201'], operator: ['1300000000000000202'], admin: ['1300000000000000203'], approver: ['1300000000000000204'] };

function setup() {
  const db = openDatabase(join(dir, `t-${Math.random().toString(36).slice(2)}.db`));
  let now = 1_000_000;
  let answer: MemberLookup = { kind: 'member', actor: { id: OWNER, name: 'Olga', roles: roles.operator } };
  const asked: string[] = [];
  const tokens = createApiTokens({
    repo: createApiTokensRepo(db),
    clock: { now: () => now },
    policy: createPolicy(roles),
    memberRoles: { lookup: async (id) => (asked.push(id), answer) },
  });
  return { db, tokens, asked, tick: (ms: number) => (now += ms), answer: (a: MemberLookup) => (answer = a) };
}

const refusal = async (p: Promise<unknown>): Promise<UserError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  assert.fail('expected a refusal');
};

describe('API tokens', () => {
  test('durations for --expires', () => {
    assert.equal(parseExpiry('90d'), 90 * 86_400_000);
    assert.equal(parseExpiry('12h'), 12 * 3_600_000);
    assert.equal(parseExpiry('never'), null);
    assert.throws(() => parseExpiry('soon'), /duration like 90d/);
    assert.throws(() => parseExpiry('0d'), /more than 0/);
  });

  test('stored as a hash only; a wrong, revoked or expired token is refused with the reason', async () => {
    const t = setup();
    const { token } = t.tokens.add({ name: 'ci', level: 'admin', approver: false, ownerId: 'console:op', ownerName: 'op', createdBy: 'op', expiresInMs: 60_000 });
    const dump = JSON.stringify(t.db.prepare('SELECT * FROM api_tokens').all());
    assert.ok(!dump.includes(token));
    assert.ok(dump.includes(hashToken(token)));
    assert.equal((await t.tokens.authenticate(token)).level, 'admin');
    assert.equal((await refusal(t.tokens.authenticate(`${token.slice(0, -1)}x`))).code, 'unauthorized');
    assert.match((await refusal(t.tokens.authenticate(undefined))).message, /Bearer/);
    t.tick(60_000);
    assert.match((await refusal(t.tokens.authenticate(token))).message, /expired/);
    const second = t.tokens.add({ name: 'ci2', level: 'viewer', approver: false, ownerId: 'console:op', ownerName: 'op', createdBy: 'op', expiresInMs: null });
    assert.throws(() => t.tokens.add({ name: 'ci2', level: 'viewer', approver: false, ownerId: 'console:op', ownerName: 'op', createdBy: 'op', expiresInMs: null }), /exists already/);
    t.tokens.revoke('ci2');
    assert.match((await refusal(t.tokens.authenticate(second.token))).message, /revoked/);
  });

  test('a Discord owner caps the token at every call, and an unreachable Discord fails closed', async () => {
    const t = setup();
    const { token } = t.tokens.add({ name: 'olga', level: 'admin', approver: true, ownerId: OWNER, ownerName: 'olga', createdBy: 'x', expiresInMs: null });
    const p = await t.tokens.authenticate(token);
    assert.equal(p.level, 'operator');
    assert.equal(p.approver, false);
    assert.equal(p.actor.id, OWNER);
    assert.equal(p.actor.name, 'Olga (token olga)');
    t.answer({ kind: 'member', actor: { id: OWNER, name: 'Olga', roles: [...roles.admin, ...roles.approver] } });
    const promoted = await t.tokens.authenticate(token);
    assert.equal(promoted.level, 'admin');
    assert.equal(promoted.approver, true);
    t.answer({ kind: 'not_member' });
    assert.equal((await t.tokens.authenticate(token)).level, 'none');
    t.answer({ kind: 'unknown', reason: 'Discord is unreachable' });
    assert.equal((await refusal(t.tokens.authenticate(token))).code, 'unavailable');
    assert.deepEqual(new Set(t.asked), new Set([OWNER]));
    const low = t.tokens.add({ name: 'low', level: 'viewer', approver: false, ownerId: OWNER, ownerName: 'olga', createdBy: 'x', expiresInMs: null });
    t.answer({ kind: 'member', actor: { id: OWNER, name: 'Olga', roles: roles.admin } });
    assert.equal((await t.tokens.authenticate(low.token)).level, 'viewer', 'never more than the token says');
  });
});
