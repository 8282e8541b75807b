// The rules of agent identity (issue 13): who may hold which id, enrolment states, token grace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAgentAdmin } from '../../../src/core/agent-admin.ts';
import { credentialOfToken, decideClaim, type ClaimFacts, type CredentialRecord } from '../../../src/core/identity.ts';
import { createCredentialsRepo } from '../../../src/store/credentials-repo.ts';
import { openDatabase } from '../../../src/store/database.ts';

const rec = (r: Partial<CredentialRecord>): CredentialRecord => ({
  agentId: 'val-01', state: 'active', kind: 'fleet', tokenHash: null, oldTokenHash: null, oldExpiresAt: null, fleetUntil: null,
  createdAt: 0, updatedAt: 0, decidedBy: null, lastAddress: null, lastSeen: null, ...r,
});
const facts = (f: Partial<ClaimFacts>): ClaimFacts => ({ presented: { kind: 'fleet' }, claimedId: 'val-01', record: undefined, online: false, enroll: 'approve', now: 1000, ...f });

describe('decideClaim', () => {
  test('an own credential holds its id and no other', () => {
    const own = { kind: 'own', agentId: 'acc-2', grace: false } as const;
    assert.equal(decideClaim(facts({ presented: own, claimedId: 'acc-2', online: true })).kind, 'accept', 'a restart replaces the older connection');
    const v = decideClaim(facts({ presented: own, claimedId: 'acc-1', record: rec({ agentId: 'acc-1', kind: 'own' }) }));
    assert.equal(v.kind, 'impersonation');
    assert.match((v as { why: string }).why, /the agent holding acc-2's credential claimed acc-1/);
  });

  test('the fleet token: a new id is pending (approve) or accepted (auto); an online id is never taken over', () => {
    assert.deepEqual(decideClaim(facts({})), { kind: 'pending', id: 'val-01', isNew: true });
    assert.deepEqual(decideClaim(facts({ enroll: 'auto' })), { kind: 'accept', id: 'val-01', enrolled: true });
    assert.equal(decideClaim(facts({ record: rec({}), online: true })).kind, 'impersonation');
    assert.equal(decideClaim(facts({ record: rec({}) })).kind, 'accept');
    assert.equal(decideClaim(facts({ record: rec({ state: 'pending' }) })).kind, 'pending');
    assert.equal(decideClaim(facts({ record: rec({ state: 'revoked' }) })).kind, 'refused');
    assert.equal(decideClaim(facts({ record: rec({ state: 'rejected' }) })).kind, 'refused');
    assert.equal(decideClaim(facts({ claimedId: 'bad id!' })).kind, 'refused', 'a new id must fit the pattern');
    assert.equal(decideClaim(facts({ claimedId: 'old host name', record: rec({ agentId: 'old host name' }) })).kind, 'accept', 'a known one keeps working');
  });

  test('the fleet token cannot claim an id with a credential of its own, except in the grace after a move', () => {
    assert.equal(decideClaim(facts({ record: rec({ kind: 'own', tokenHash: 'ab' }) })).kind, 'impersonation');
    assert.equal(decideClaim(facts({ record: rec({ kind: 'own', tokenHash: 'ab', fleetUntil: 2000 }) })).kind, 'accept');
    assert.equal(decideClaim(facts({ record: rec({ kind: 'own', tokenHash: 'ab', fleetUntil: 900 }) })).kind, 'impersonation');
  });
});

describe('agent admin over the real credentials table', () => {
  const setup = () => {
    const creds = createCredentialsRepo(openDatabase(':memory:'));
    let now = 1000;
    const audits: string[] = [];
    const admin = createAgentAdmin({
      credentials: creds,
      sessions: { disconnect: () => false, promote: () => false, isConnected: () => false, live: () => [] },
      known: () => false,
      forgetAgent: () => {},
      audit: (e) => audits.push(`${e.kind}:${e.agentId}:${e.via}`),
      clock: { now: () => now },
      tokenGraceMs: 500,
    });
    return { creds, admin, audits, tick: (ms: number) => (now += ms), now: () => now };
  };
  const actor = { id: 'console:op', name: 'op' };

  test('add stores only the hash; the token proves that id; rotate keeps the old one for the grace or until the new one is used', () => {
    const { creds, admin, audits, tick, now } = setup();
    const { token } = admin.add('val-01', actor, 'console');
    assert.ok(Buffer.from(token, 'base64url').length >= 32);
    const row = creds.get('val-01')!;
    assert.notEqual(row.tokenHash, token);
    assert.equal(JSON.stringify(creds.list()).includes(token), false);
    assert.deepEqual(credentialOfToken(creds, token, now()), { kind: 'own', agentId: 'val-01', grace: false });
    const { token: second } = admin.rotate('val-01', actor, 'console');
    assert.deepEqual(credentialOfToken(creds, token, now()), { kind: 'own', agentId: 'val-01', grace: true });
    tick(600);
    assert.equal(credentialOfToken(creds, token, now()), undefined, 'the grace ran out');
    const { token: third } = admin.rotate('val-01', actor, 'console');
    assert.ok(credentialOfToken(creds, second, now()), 'the previous token in its grace');
    assert.ok(credentialOfToken(creds, third, now()), 'the new one used...');
    assert.equal(credentialOfToken(creds, second, now()), undefined, '...ends the grace at once');
    admin.revoke('val-01', actor, 'console');
    assert.equal(credentialOfToken(creds, third, now()), undefined);
    assert.deepEqual(audits, ['agent_added:val-01:console', 'agent_rotated:val-01:console', 'agent_rotated:val-01:console', 'agent_revoked:val-01:console']);
  });

  test('bad input: an existing id, unknown ids, invalid ids; nothing changes', () => {
    const { creds, admin, audits } = setup();
    admin.add('val-01', actor, 'console');
    assert.throws(() => admin.add('val-01', actor, 'console'), /already exists/);
    for (const verb of ['revoke', 'rotate', 'forget', 'accept', 'reject'] as const) {
      assert.throws(() => admin[verb]('nobody', actor, 'console'), /No agent "nobody" is known/);
    }
    for (const bad of ['', '-x', 'a b', 'x'.repeat(65), 'ä']) assert.throws(() => admin.add(bad, actor, 'console'), /not a valid agent id/);
    assert.throws(() => admin.accept('val-01', actor, 'console'), /not pending/);
    assert.equal(creds.list().length, 1);
    assert.equal(audits.length, 1);
  });
});
