// Property-based tests of readFrame, the door every agent frame goes through: it never throws, accepts
// exactly the JSON objects with a usable string type, drops every own __proto__ key however it is spelled,
// refuses nesting that would overflow a recursive walk, and pollutes nothing.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_NESTING, readFrame, type FrameResult } from '../../../src/hub/frame-reader.ts';
import { fuzzFrame, jsonTextWithProtoKeys, nested, wireFrame } from '../../support/fuzz-frames.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
let total = 0;

/** Runs a property with a fixed number of runs and the shared seed, and reports the frames tried. */
function check<T>(t: { diagnostic(message: string): void }, what: string, prop: fc.IProperty<T>, numRuns: number): void {
  fc.assert(prop, { numRuns, seed: SEED });
  total += numRuns;
  t.diagnostic(`${numRuns} ${what}`);
}

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
const before = protoNames();

/** The reference: JSON.parse with a reviver that drops __proto__ (independent of readFrame's walk). */
const reference = (text: string): unknown => JSON.parse(text, (k, v: unknown) => (k === '__proto__' ? undefined : v));

const usableType = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string' && ((v as { type: string }).type.length >= 1 && (v as { type: string }).type.length <= 64);

function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Array.isArray(v) ? v : Object.values(v as object);
  return 1 + children.reduce<number>((m, c) => Math.max(m, depthOf(c)), 0);
}

/** No own __proto__ key anywhere, and every object has the ordinary prototype. */
function assertClean(v: unknown): void {
  if (v === null || typeof v !== 'object') return;
  assert.equal(Object.hasOwn(v, '__proto__'), false, 'an own __proto__ key survived');
  assert.equal(Object.getPrototypeOf(v), Array.isArray(v) ? Array.prototype : Object.prototype);
  for (const c of Array.isArray(v) ? v : Object.values(v as object)) assertClean(c);
}

const frameOf = (r: FrameResult) => (r.ok ? r.frame : undefined);

describe('readFrame under fuzzing', () => {
  after(() => {
    console.log(`frame-reader fuzz: ${total} frames tried, seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  });

  test('never throws on arbitrary bytes, fragments or ArrayBuffers, and always says why it refuses', (t) => {
    check(
      t,
      'random byte frames',
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: 400 }), (bytes, cut) => {
        const b = Buffer.from(bytes);
        const whole = readFrame(b);
        const at = Math.min(cut, b.length);
        assert.deepEqual(readFrame([b.subarray(0, at), b.subarray(at)]), whole);
        assert.deepEqual(readFrame(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)), whole);
        if (!whole.ok) assert.ok(whole.reason.length > 0);
      }),
      3000,
    );
  });

  test('accepts exactly the JSON objects with a string type of 1 to 64 characters', (t) => {
    check(
      t,
      'JSON values',
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 5 }),
          fc.record({ type: fc.oneof(fc.string({ maxLength: 70 }), fc.jsonValue({ maxDepth: 1 })), data: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: [] }),
          fc.anything({ maxDepth: 4, withObjectString: true, withNullPrototype: true }),
        ),
        (value) => {
          const text = JSON.stringify(value);
          if (text === undefined) return;
          const expected = reference(text);
          const r = readFrame(Buffer.from(text));
          assert.equal(r.ok, usableType(expected) && depthOf(expected) <= MAX_NESTING, `${text.slice(0, 200)} -> ${JSON.stringify(r).slice(0, 200)}`);
          if (r.ok) {
            assert.deepEqual(r.frame, expected);
            assertClean(r.frame);
          }
        },
      ),
      3000,
    );
  });

  test('drops every own __proto__ key, even spelled with escapes, and pollutes no prototype', (t) => {
    check(
      t,
      'frames with prototype keys',
      fc.property(jsonTextWithProtoKeys, fc.constantFrom('"summary"', '"command_response"', '"__proto__"', '"constructor"'), (inner, type) => {
        const text = `{"type":${type},"data":${inner},"__proto__":{"polluted":true},"\\u005f_proto__":{"polluted":true}}`;
        const r = readFrame(Buffer.from(text));
        const expected = reference(text);
        assert.equal(r.ok, depthOf(expected) <= MAX_NESTING);
        const frame = frameOf(r);
        if (frame) {
          assertClean(frame);
          assert.deepEqual(frame, expected);
        }
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.equal(protoNames(), before);
      }),
      2000,
    );
  });

  test(`refuses nesting deeper than ${MAX_NESTING} levels and accepts up to it, at any size`, (t) => {
    check(
      t,
      'nested frames',
      fc.property(fc.oneof(fc.integer({ min: 1, max: 2 * MAX_NESTING }), fc.integer({ min: 1, max: 50_000 })), fc.constantFrom('array' as const, 'object' as const), (depth, kind) => {
        // The frame itself is level 1; its data adds `depth` levels.
        const r = readFrame(Buffer.from(`{"type":"summary","data":${nested(depth, kind)}}`));
        if (depth + 1 <= MAX_NESTING) assert.equal(r.ok, true, `depth ${depth + 1}`);
        else assert.deepEqual(r, { ok: false, reason: `nested deeper than ${MAX_NESTING} levels` });
      }),
      1000,
    );
  });

  test('a frame split into any fragments reads the same as whole', (t) => {
    check(
      t,
      'fragmented frames',
      fc.property(fuzzFrame(false), fc.array(fc.nat(), { maxLength: 4 }), (spec, cuts) => {
        const { bytes } = wireFrame(spec, { agentId: 'a', ownIds: ['cmd_1_1000'], foreignIds: ['cmd_2_2000'], serial: 1 });
        const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
        const parts = [0, ...points].map((from, i) => bytes.subarray(from, [...points, bytes.length][i]));
        assert.deepEqual(readFrame(parts), readFrame(bytes));
      }),
      2000,
    );
  });

  test('invalid UTF-8 anywhere in a frame is refused as such', (t) => {
    check(
      t,
      'frames with invalid UTF-8',
      fc.property(fuzzFrame(false), fc.nat(), fc.constantFrom([0x80], [0xff], [0xfe, 0xff], [0xe2, 0x9c], [0xc0, 0xaf], [0xed, 0xa0, 0x80]), (spec, at, bad) => {
        const ctx = { agentId: 'a', ownIds: [], foreignIds: [], serial: 2 };
        // Into valid UTF-8 only: two bad insertions can make one valid sequence (e2 9c + 80).
        fc.pre(isUtf8(wireFrame(spec, ctx).bytes));
        const { bytes } = wireFrame({ kind: 'bad-utf8', of: spec, at, bytes: bad }, ctx);
        assert.deepEqual(readFrame(bytes), { ok: false, reason: 'not valid UTF-8' });
      }),
      1000,
    );
  });
});
