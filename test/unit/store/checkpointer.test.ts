// The WAL is checkpointed by the worker, not by commits on the main connection.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { createStore } from '../../../src/store/store.ts';

test('commits never checkpoint; the worker does, and closing leaves an empty WAL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mserver-wal-'));
  const path = join(dir, 'wal.db');
  const store = createStore(path, pino({ level: 'silent' }));
  try {
    assert.equal(store.db.pragma('wal_autocheckpoint', { simple: true }), 0);
    for (let i = 0; i < 3000; i++) store.settings.set(`k${i}`, 'x'.repeat(500), i);
    // Without automatic checkpoints the WAL holds every page written since the start.
    assert.ok(statSync(`${path}-wal`).size > 1_000_000);
  } finally {
    await store.close();
  }
  assert.equal(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0, 0, 'TRUNCATE at close');
  rmSync(dir, { recursive: true, force: true });
});
