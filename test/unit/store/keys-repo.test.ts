import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../../src/store/database.ts';
import { createKeysRepo } from '../../../src/store/keys-repo.ts';
import type { SessionKeyRecord } from '../../../src/store/keys-repo.ts';

const T = 1_764_270_000_000;
const dir = mkdtempSync(join(tmpdir(), 'mserver-keys-'));
const db = openDatabase(join(dir, 'k.db'));
const repo = createKeysRepo(db);
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const KEY_A = `0x${'aa'.repeat(192)}`;
const KEY_B = `0x${'bb'.repeat(192)}`;

const key = (over: Partial<Omit<SessionKeyRecord, 'id'>>): Omit<SessionKeyRecord, 'id'> => ({
  agentId: 'val-01',
  container: 'polkadot',
  sessionKey: KEY_A,
  action: 'rotate',
  commandId: 'cmd_1764270000000_1000',
  solicited: true,
  receivedAt: T,
  ...over,
});

describe('keys repo', () => {
  test('two adds for the same container keep two rows, newest first', () => {
    const first = repo.add(key({ sessionKey: KEY_A, receivedAt: T }));
    const second = repo.add(key({ sessionKey: KEY_B, receivedAt: T + 1000, commandId: null, solicited: false, action: null }));
    assert.notEqual(first, second);
    assert.deepEqual(repo.list('val-01'), [
      { id: second, agentId: 'val-01', container: 'polkadot', sessionKey: KEY_B, action: null, commandId: null, solicited: false, receivedAt: T + 1000 },
      { id: first, agentId: 'val-01', container: 'polkadot', sessionKey: KEY_A, action: 'rotate', commandId: 'cmd_1764270000000_1000', solicited: true, receivedAt: T },
    ]);
  });

  test('the same key reported twice is two rows too', () => {
    repo.add(key({ agentId: 'val-03', receivedAt: T }));
    repo.add(key({ agentId: 'val-03', receivedAt: T }));
    const rows = repo.list('val-03');
    assert.equal(rows.length, 2);
    // Same time: the later insert comes first.
    assert.ok(rows[0]!.id > rows[1]!.id);
  });

  test('list without an agent covers every agent; a limit keeps the newest', () => {
    repo.add(key({ agentId: 'val-02', receivedAt: T + 5000 }));
    const all = repo.list();
    assert.equal(all[0]!.agentId, 'val-02');
    assert.equal(all.length, 5);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.receivedAt >= all[i]!.receivedAt);
    assert.deepEqual(
      repo.list(undefined, 2).map((k) => k.receivedAt),
      [T + 5000, T + 1000],
    );
    assert.equal(repo.list('val-01', 1)[0]!.sessionKey, KEY_B);
  });

  test('an agent with no keys has an empty list', () => {
    assert.deepEqual(repo.list('nobody'), []);
  });

  test('rows are only added: the table grows and earlier keys stay', () => {
    const count = () => db.prepare('SELECT COUNT(*) FROM session_keys').pluck().get() as number;
    const n = count();
    repo.add(key({ sessionKey: KEY_A, receivedAt: T + 9000 }));
    assert.equal(count(), n + 1);
    assert.deepEqual(
      repo.list('val-01').map((k) => k.sessionKey),
      [KEY_A, KEY_B, KEY_A],
    );
  });
});
