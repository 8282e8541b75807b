import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.ts';
import type { Db } from '../../../src/store/database.ts';
import { createWriteQueue } from '../../../src/store/write-queue.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('write queue', () => {
  let dir: string;
  let db: Db;
  let reader: Database.Database;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-wq-'));
    const path = join(dir, 'q.db');
    db = openDatabase(path);
    db.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    // A second connection sees only what is committed.
    reader = new Database(path, { readonly: true });
  });
  after(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => db.exec('DELETE FROM t'));

  const insert = (v: number) => () => {
    db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
  };
  const committed = () => reader.prepare('SELECT v FROM t ORDER BY rowid').pluck().all() as number[];

  test('flushes on the next turn of the event loop, not before', async () => {
    const q = createWriteQueue(db);
    q.push(insert(1));
    q.push(insert(2));
    assert.equal(q.size, 2);
    assert.deepEqual(committed(), []);
    await nextTurn();
    assert.equal(q.size, 0);
    assert.deepEqual(committed(), [1, 2]);
  });

  test('flushes synchronously when a batch reaches maxBatch', () => {
    const q = createWriteQueue(db, { maxBatch: 3 });
    q.push(insert(1));
    q.push(insert(2));
    assert.deepEqual(committed(), []);
    q.push(insert(3));
    assert.equal(q.size, 0);
    assert.deepEqual(committed(), [1, 2, 3]);
    q.push(insert(4));
    assert.equal(q.size, 1);
    assert.deepEqual(committed(), [1, 2, 3]);
    q.flush();
    assert.deepEqual(committed(), [1, 2, 3, 4]);
  });

  test('flush() commits what is queued now', () => {
    const q = createWriteQueue(db);
    q.push(insert(7));
    q.flush();
    assert.deepEqual(committed(), [7]);
    q.flush();
    assert.deepEqual(committed(), [7]);
  });

  test('after callbacks run only once the batch is committed, in order', async () => {
    const q = createWriteQueue(db);
    const seen: Array<{ n: number; rows: number[]; inTransaction: boolean }> = [];
    q.push(insert(1), () => seen.push({ n: 1, rows: committed(), inTransaction: db.inTransaction }));
    q.push(insert(2));
    q.push(insert(3), () => seen.push({ n: 3, rows: committed(), inTransaction: db.inTransaction }));
    assert.deepEqual(seen, []);
    await nextTurn();
    assert.deepEqual(seen, [
      { n: 1, rows: [1, 2, 3], inTransaction: false },
      { n: 3, rows: [1, 2, 3], inTransaction: false },
    ]);
  });

  test('all writes of a batch share one transaction: one commit', async () => {
    const q = createWriteQueue(db);
    // What another connection sees while each write runs: the batch's earlier writes stay invisible
    // until the one commit at its end. A commit per write would show row 1 at the first look.
    const seenDuring: number[][] = [];
    const look = () => {
      seenDuring.push(committed());
    };
    q.push(insert(1));
    q.push(look);
    q.push(insert(2));
    q.push(look);
    assert.deepEqual(committed(), []);
    await nextTurn();
    assert.deepEqual(seenDuring, [[], []]);
    assert.deepEqual(committed(), [1, 2], 'then both at once');
  });

  test('a failing write is reported through onError, its batch rolled back, later batches still run', async () => {
    const errors: Array<{ message: string; writes: number }> = [];
    const q = createWriteQueue(db, { onError: (err, writes) => errors.push({ message: (err as Error).message, writes }) });
    q.push(insert(1));
    q.push(() => {
      throw new Error('disk on fire');
    });
    await nextTurn();
    assert.deepEqual(errors, [{ message: 'disk on fire', writes: 2 }]);
    assert.deepEqual(committed(), []);

    let ran = false;
    q.push(insert(5), () => {
      ran = true;
    });
    await nextTurn();
    assert.equal(ran, true);
    assert.deepEqual(committed(), [5]);
    assert.equal(errors.length, 1);
  });

  test('a SQL constraint failure is reported the same way', async () => {
    const errors: number[] = [];
    const q = createWriteQueue(db, { onError: (_err, writes) => errors.push(writes) });
    q.push(() => {
      db.prepare('INSERT INTO t (v) VALUES (NULL)').run();
    });
    await nextTurn();
    assert.deepEqual(errors, [1]);
    q.push(insert(9));
    await nextTurn();
    assert.deepEqual(committed(), [9]);
  });

  test('a throwing after callback is reported and does not stop the others', async () => {
    const errors: Array<{ message: string; writes: number }> = [];
    const q = createWriteQueue(db, { onError: (err, writes) => errors.push({ message: (err as Error).message, writes }) });
    const order: number[] = [];
    q.push(insert(1), () => {
      order.push(1);
      throw new Error('listener broke');
    });
    q.push(insert(2), () => order.push(2));
    await nextTurn();
    assert.deepEqual(order, [1, 2]);
    assert.deepEqual(errors, [{ message: 'listener broke', writes: 0 }]);
    assert.deepEqual(committed(), [1, 2]);
  });

  test('many pushes in one turn make few transactions', async () => {
    const q = createWriteQueue(db, { maxBatch: 1000 });
    let transactions = 0;
    for (let i = 0; i < 2500; i++) {
      q.push(insert(i), i % 1000 === 999 ? () => transactions++ : undefined);
    }
    // Two full batches went synchronously; the last 500 wait for the next turn.
    assert.equal(transactions, 2);
    assert.equal(committed().length, 2000);
    await nextTurn();
    assert.equal(committed().length, 2500);
  });
});
