import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../../src/store/database.ts';
import { createRequestsRepo } from '../../../src/store/requests-repo.ts';
import type { NewRequest } from '../../../src/store/requests-repo.ts';
import { msg } from '../../../src/i18n/message.ts';
import { warningText } from '../../../src/transports/format/warning-text.ts';

const T = 1_764_270_000_000;
const dir = mkdtempSync(join(tmpdir(), 'mserver-req-'));
const db = openDatabase(join(dir, 'r.db'));
const repo = createRequestsRepo(db);
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (over: Partial<NewRequest> = {}): NewRequest => ({
  command: 'stop',
  target: 'val-01',
  agents: ['val-01'],
  params: { container: 'polkadot', reason: 'maintenance' },
  risk: 'critical',
  digest: 'sha256-of-it',
  actorId: 'u1',
  actorName: 'alice',
  via: 'discord',
  state: 'awaiting_approval',
  approvalsNeeded: 1,
  expiresAt: T + 60_000,
  origin: { channelId: '1', interactionId: '2' },
  at: T,
  ...over,
});

describe('requests repo', () => {
  test('add and get round-trip every field', () => {
    const id = repo.add(request());
    assert.ok(id > 0);
    assert.deepEqual(repo.get(id), {
      id,
      command: 'stop',
      target: 'val-01',
      agents: ['val-01'],
      params: { container: 'polkadot', reason: 'maintenance' },
      risk: 'critical',
      digest: 'sha256-of-it',
      actorId: 'u1',
      actorName: 'alice',
      via: 'discord',
      state: 'awaiting_approval',
      reason: null,
      approvalsNeeded: 1,
      expiresAt: T + 60_000,
      origin: { channelId: '1', interactionId: '2' },
      purpose: null,
      warning: null,
      createdAt: T,
      updatedAt: T,
    });
  });

  test('optional fields default', () => {
    const id = repo.add(request({ approvalsNeeded: undefined, expiresAt: undefined, origin: undefined, state: 'done' }));
    const rec = repo.get(id);
    assert.equal(rec?.approvalsNeeded, 0);
    assert.equal(rec?.expiresAt, null);
    assert.equal(rec?.origin, undefined);
  });

  test('get of an unknown id is undefined', () => {
    assert.equal(repo.get(999_999), undefined);
  });

  test('transition is compare-and-set: a second transition from the same state fails', () => {
    const id = repo.add(request());
    assert.equal(repo.transition(id, 'awaiting_approval', 'dispatched', T + 5), true);
    assert.equal(repo.transition(id, 'awaiting_approval', 'denied', T + 6), false);
    const rec = repo.get(id);
    assert.equal(rec?.state, 'dispatched');
    assert.equal(rec?.updatedAt, T + 5);
    assert.equal(repo.transition(id, 'dispatched', 'done', T + 7), true);
    assert.equal(repo.get(id)?.state, 'done');
  });

  test('transition from a state the request is not in changes nothing', () => {
    const id = repo.add(request({ state: 'awaiting_confirmation' }));
    assert.equal(repo.transition(id, 'awaiting_approval', 'dispatched', T + 1), false);
    assert.equal(repo.get(id)?.state, 'awaiting_confirmation');
    assert.equal(repo.get(id)?.updatedAt, T);
    assert.equal(repo.transition(999_999, 'awaiting_approval', 'dispatched', T + 1), false);
  });

  test('addVote refuses a second vote by the same actor', () => {
    const id = repo.add(request());
    assert.equal(repo.addVote({ requestId: id, actorId: 'u2', actorName: 'bob', decision: 'approve', at: T + 1 }), true);
    assert.equal(repo.addVote({ requestId: id, actorId: 'u2', actorName: 'bob', decision: 'deny', at: T + 2 }), false);
    assert.equal(repo.addVote({ requestId: id, actorId: 'u3', actorName: 'carol', decision: 'deny', at: T + 3 }), true);
    assert.deepEqual(repo.votes(id), [
      { requestId: id, actorId: 'u2', actorName: 'bob', decision: 'approve', at: T + 1 },
      { requestId: id, actorId: 'u3', actorName: 'carol', decision: 'deny', at: T + 3 },
    ]);
  });

  test('the same actor may vote on two requests', () => {
    const a = repo.add(request());
    const b = repo.add(request());
    assert.equal(repo.addVote({ requestId: a, actorId: 'u2', actorName: 'bob', decision: 'approve', at: T }), true);
    assert.equal(repo.addVote({ requestId: b, actorId: 'u2', actorName: 'bob', decision: 'approve', at: T }), true);
  });

  test('a vote on an unknown request is an error, not a silent false', () => {
    assert.throws(() => repo.addVote({ requestId: 999_999, actorId: 'u2', actorName: 'bob', decision: 'approve', at: T }), /FOREIGN KEY/);
  });

  test('setReason sets the first reason only', () => {
    const id = repo.add(request());
    assert.equal(repo.setReason(id, 'denied by bob'), true);
    assert.equal(repo.setReason(id, 'expired'), false);
    assert.equal(repo.get(id)?.reason, 'denied by bob');
  });

  test('setOrigin replaces the origin', () => {
    const id = repo.add(request());
    repo.setOrigin(id, { messageId: '77' });
    assert.deepEqual(repo.get(id)?.origin, { messageId: '77' });
  });

  test('due and waiting list only requests still waiting', () => {
    const before = new Set([...repo.waiting().map((r) => r.id)]);
    const soon = repo.add(request({ state: 'awaiting_confirmation', expiresAt: T + 10 }));
    const later = repo.add(request({ state: 'awaiting_approval', expiresAt: T + 10_000_000 }));
    const never = repo.add(request({ state: 'awaiting_approval', expiresAt: null }));
    const finished = repo.add(request({ state: 'done', expiresAt: T }));
    const waitingNow = repo.waiting().map((r) => r.id).filter((id) => !before.has(id));
    assert.deepEqual(waitingNow, [soon, later, never]);
    const due = repo.due(T + 10).map((r) => r.id);
    assert.ok(due.includes(soon));
    assert.ok(!due.includes(later) && !due.includes(never) && !due.includes(finished));
  });

  test("the approvers' warning is kept as Messages, read in each approver's language; an older English row reads as written", () => {
    const warning = [msg('core.key.overrideWarning', { duplicates: [], command: 'restart' })];
    const id = repo.add(request({ warning }));
    const back = repo.get(id)!.warning!;
    assert.deepEqual(back, warning);
    assert.notEqual(warningText(back, 'ko'), warningText(back, 'en'));
    assert.match(warningText(back, 'en'), /restart/);

    const old = repo.add(request());
    db.prepare('UPDATE requests SET warning = ? WHERE id = ?').run('⚠️ Key hand-over in progress on a / b', old);
    assert.equal(warningText(repo.get(old)!.warning, 'ko'), '⚠️ Key hand-over in progress on a / b');
  });
});

