import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromJsonColumn, toJsonColumn } from '../../../src/store/json-column.ts';

describe('toJsonColumn', () => {
  test('undefined is NULL', () => {
    assert.deepEqual(toJsonColumn(undefined, 100), { text: null, truncated: false });
  });

  test('values within the limit are stored whole', () => {
    const value = { state: 'running', peers: 40, list: [1, 'two', null], nested: { ok: true } };
    const text = JSON.stringify(value);
    assert.deepEqual(toJsonColumn(value, text.length), { text, truncated: false });
    assert.deepEqual(toJsonColumn(null, 10), { text: 'null', truncated: false });
    assert.deepEqual(toJsonColumn('plain', 10), { text: '"plain"', truncated: false });
    assert.deepEqual(toJsonColumn(0, 10), { text: '0', truncated: false });
  });

  test('one byte over the limit is truncated with a marker, as valid JSON', () => {
    const value = { log: 'x'.repeat(100) };
    const full = JSON.stringify(value);
    const limit = Buffer.byteLength(full) - 1;
    const stored = toJsonColumn(value, limit);
    assert.equal(stored.truncated, true);
    assert.ok(stored.text);
    const parsed = JSON.parse(stored.text) as { truncated: boolean; bytes: number; head: string };
    assert.equal(parsed.truncated, true);
    assert.equal(parsed.bytes, Buffer.byteLength(full));
    assert.equal(parsed.head, `${full.slice(0, limit)}\n[truncated by mserver: ${Buffer.byteLength(full)} bytes in all, the first ${limit} kept]`);
  });

  test('the limit counts bytes, not characters', () => {
    const value = { s: '노'.repeat(10) };
    const text = JSON.stringify(value);
    assert.equal(toJsonColumn(value, text.length).truncated, true);
    assert.equal(toJsonColumn(value, Buffer.byteLength(text)).truncated, false);
  });

  test('a cut inside a multi-byte character still gives valid JSON', () => {
    for (let limit = 6; limit < 40; limit++) {
      const stored = toJsonColumn({ s: '노드✓é'.repeat(10) }, limit);
      assert.equal(stored.truncated, true);
      const parsed = JSON.parse(stored.text!) as { head: string };
      assert.match(parsed.head, new RegExp(`the first ${limit} kept\\]$`));
    }
  });

  test('fromJsonColumn reads back what toJsonColumn stored', () => {
    const value = { a: [1, { b: 'c' }], d: null };
    assert.deepEqual(fromJsonColumn(toJsonColumn(value, 1000).text), value);
  });
});

describe('fromJsonColumn', () => {
  test('NULL and undefined are undefined', () => {
    assert.equal(fromJsonColumn(null), undefined);
    assert.equal(fromJsonColumn(undefined), undefined);
  });

  test('text that is not JSON comes back as text', () => {
    assert.equal(fromJsonColumn('not json {'), 'not json {');
  });
});
