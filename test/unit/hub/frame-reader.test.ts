import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFrame } from '../../../src/hub/frame-reader.ts';
import type { FrameResult } from '../../../src/hub/frame-reader.ts';

const reason = (r: FrameResult): string => {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r)}`);
  return (r as { ok: false; reason: string }).reason;
};

const frame = (r: FrameResult): Record<string, unknown> => {
  assert.ok(r.ok, `expected a frame, got ${JSON.stringify(r)}`);
  return r.frame;
};

const buf = (text: string) => Buffer.from(text, 'utf8');

describe('readFrame', () => {
  test('a valid frame, extra fields kept', () => {
    assert.deepEqual(frame(readFrame(buf('{"type":"summary","data":{"cpu":1.5},"client_id":"v1"}'))), {
      type: 'summary',
      data: { cpu: 1.5 },
      client_id: 'v1',
    });
  });

  test('an ArrayBuffer and a list of fragments are read too', () => {
    const bytes = buf('{"type":"register","data":{"host_name":"h"}}');
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    assert.deepEqual(frame(readFrame(ab)), { type: 'register', data: { host_name: 'h' } });
    assert.deepEqual(frame(readFrame([buf('{"type":"reg'), buf('ister"}')])), { type: 'register' });
  });

  test('multi-byte UTF-8 split across fragments', () => {
    const bytes = buf('{"type":"summary","note":"노드 ✓"}');
    const cut = bytes.indexOf(Buffer.from('노')) + 1;
    const out = frame(readFrame([bytes.subarray(0, cut), bytes.subarray(cut)]));
    assert.equal(out.note, '노드 ✓');
  });

  test('non-JSON', () => {
    assert.equal(reason(readFrame(buf('hello'))), 'not JSON');
    assert.equal(reason(readFrame(buf('{"type":"x"'))), 'not JSON');
    assert.equal(reason(readFrame(buf(''))), 'not JSON');
  });

  test('invalid UTF-8 bytes', () => {
    assert.equal(reason(readFrame(Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x7d]))), 'not valid UTF-8');
    // A lone continuation byte and a truncated sequence.
    assert.equal(reason(readFrame(Buffer.from([0x80]))), 'not valid UTF-8');
    assert.equal(reason(readFrame(Buffer.concat([buf('{"type":"x","s":"'), Buffer.from([0xe2, 0x9c]), buf('"}')]))), 'not valid UTF-8');
  });

  for (const text of ['[1,2]', '[{"type":"x"}]', '42', 'null', '"type"', 'true']) {
    test(`JSON ${text} is not an object`, () => {
      assert.equal(reason(readFrame(buf(text))), 'JSON that is not an object');
    });
  }

  for (const text of ['{}', '{"data":{}}', '{"type":5}', '{"type":null}', '{"type":""}', '{"type":["summary"]}', `{"type":"${'x'.repeat(65)}"}`]) {
    test(`${text.slice(0, 40)} has no usable type`, () => {
      assert.equal(reason(readFrame(buf(text))), 'no string "type"');
    });
  }

  test('__proto__ keys are dropped at every depth and pollute nothing', () => {
    const out = frame(readFrame(buf('{"type":"summary","__proto__":{"polluted":1},"data":{"__proto__":{"admin":true},"cpu":2,"list":[{"__proto__":{"x":1},"y":2}]}}')));
    assert.deepEqual(Object.keys(out), ['type', 'data']);
    assert.equal(Object.hasOwn(out, '__proto__'), false);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    const data = out.data as Record<string, unknown>;
    assert.equal(Object.hasOwn(data, '__proto__'), false);
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.equal(data.admin, undefined);
    assert.deepEqual(data, { cpu: 2, list: [{ y: 2 }] });
    assert.equal((({}) as Record<string, unknown>).polluted, undefined);
    assert.equal((({}) as Record<string, unknown>).admin, undefined);
  });

  test('a frame whose type is __proto__ keeps its type string', () => {
    assert.deepEqual(frame(readFrame(buf('{"type":"__proto__"}'))), { type: '__proto__' });
  });
});
