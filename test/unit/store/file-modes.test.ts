// Issue 14, "Secrets never land": the database and its -wal/-shm files are 0600 in a 0700 folder, and
// files an older mserver left readable by others are tightened at start, with a log line each.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import { createStore } from '../../../src/store/store.ts';

const root = mkdtempSync(join(tmpdir(), 'mserver-modes-'));
after(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (path: string) => statSync(path).mode & 0o777;

function capture() {
  const warnings: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'silent' });
  return {
    warnings,
    log: Object.assign(log, {
      warn: (fields: Record<string, unknown>, msg: string) => {
        warnings.push({ ...fields, msg });
      },
    }),
  };
}

describe('database file modes', { skip: process.platform === 'win32' }, () => {
  test('a new database: folder 0700, file, -wal and -shm 0600', async () => {
    const dir = join(root, 'fresh', 'data');
    const path = join(dir, 'mserver.db');
    const { log, warnings } = capture();
    const store = createStore(path, log);
    try {
      store.settings.set('probe', 'x', 1);
      assert.equal(modeOf(dir), 0o700);
      assert.equal(modeOf(path), 0o600);
      assert.equal(modeOf(`${path}-wal`), 0o600);
      assert.equal(modeOf(`${path}-shm`), 0o600);
      assert.deepEqual(warnings, []);
    } finally {
      await store.close();
    }
  });

  test('an existing database readable by others is tightened at start, with a log line per file', async () => {
    const dir = join(root, 'old');
    mkdirSync(dir, { mode: 0o700 });
    const path = join(dir, 'mserver.db');
    const first = createStore(path, pino({ level: 'silent' }));
    first.settings.set('probe', 'x', 1);
    await first.close();
    // As an older mserver (or a copy with cp) left them.
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, '');
    chmodSync(`${path}-wal`, 0o664);
    const { log, warnings } = capture();
    const store = createStore(path, log);
    try {
      store.settings.set('probe', 'y', 2);
      assert.equal(modeOf(path), 0o600);
      assert.equal(modeOf(`${path}-wal`), 0o600);
      assert.equal(modeOf(`${path}-shm`), 0o600);
      const tightened = warnings.filter((w) => /tightened to 0600/.test(String(w.msg)));
      assert.deepEqual(tightened.map((w) => [w.file, w.was]).sort(), [[path, '0644'], [`${path}-wal`, '0664']]);
      assert.equal(store.settings.get('probe'), 'y', 'the data is still there');
    } finally {
      await store.close();
    }
  });

  test('a folder it did not create is reported when others can enter it, never changed', async () => {
    const dir = join(root, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const { log, warnings } = capture();
    const store = createStore(join(dir, 'm.db'), log);
    await store.close();
    assert.equal(modeOf(dir), 0o755);
    assert.equal(modeOf(join(dir, 'm.db')), 0o600);
    assert.ok(warnings.some((w) => w.dir === dir && /chmod 700/.test(String(w.msg))));
  });
});
