import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../../src/store/database.ts';
import { createPayoutsRepo, type PayoutSnapshot } from '../../../src/store/payouts-repo.ts';

const T = 1_764_270_000_000;
const dir = mkdtempSync(join(tmpdir(), 'mserver-payouts-'));
const db = openDatabase(join(dir, 'p.db'));
const repo = createPayoutsRepo(db);
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const snapshot = (agentId: string, over: Partial<PayoutSnapshot> = {}): PayoutSnapshot => ({
  agentId,
  at: T,
  stash: '1abc',
  activeEra: 1500,
  unclaimedCount: 2,
  oldestUnclaimedEra: 1490,
  erasLeft: 74,
  digest: '["1abc",1500]',
  payoutInfo: { active_era: 1500 },
  ...over,
});

describe('payouts repo', () => {
  test('keeps history newest first and the latest digest per agent', () => {
    repo.add(snapshot('val-1'));
    repo.add(snapshot('val-1', { at: T + 1, unclaimedCount: 1, digest: 'b' }));
    assert.deepEqual(repo.history('val-1').map((h) => h.unclaimedCount), [1, 2]);
    assert.equal(repo.latestDigests().get('val-1'), 'b');
  });

  test('stores only exact integers in the era columns: an overflowing sum or a number past 2^53 is NULL, the raw object is kept', () => {
    const raw = { active_era: 1, oldest_unclaimed_era: 1.7976931348623157e308, history_depth: 1e308 };
    repo.add(snapshot('val-2', { activeEra: 2 ** 53, oldestUnclaimedEra: 1.7976931348623157e308, erasLeft: Number.POSITIVE_INFINITY, unclaimedCount: -0, payoutInfo: raw }));
    const [h] = repo.history('val-2');
    assert.equal(h?.activeEra, null);
    assert.equal(h?.oldestUnclaimedEra, null);
    assert.equal(h?.erasLeft, null);
    assert.equal(h?.unclaimedCount, 0);
    assert.deepEqual(h?.payoutInfo, raw);
  });
});
