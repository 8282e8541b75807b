import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { categorize, parseSamples } from '../../../bench/perf-summary.ts';

// The shape `perf script` prints: a header per sample, then its frames, innermost first.
const sample = (tid: number, ...frames: string[]) => [`node ${tid} 100.000001:   1001001 cpu-clock:ppp:`, ...frames.map((f) => `\t    ffff ${f}`)].join('\n');

const TEXT = [
  sample(7, 'copy_folio_from_iter_atomic ([kernel.kallsyms])', 'vfs_pwrite ([kernel.kallsyms])', '__libc_pwrite (/usr/lib/libc.so.6)', 'sqlite3WalFrames (better_sqlite3.node)'),
  sample(7, 'tcp_sendmsg_locked ([kernel.kallsyms])', 'vfs_writev ([kernel.kallsyms])', 'uv__try_write (/usr/bin/node)'),
  sample(7, 'tcp_sendmsg_locked ([kernel.kallsyms])', 'vfs_writev ([kernel.kallsyms])', 'uv__try_write (/usr/bin/node)'),
  sample(7, 'clear_page_erms ([kernel.kallsyms])', 'asm_exc_page_fault ([kernel.kallsyms])', 'v8::internal::Scavenger::ScavengeObject (/usr/bin/node)'),
  sample(7, 'v8::internal::JsonParser<unsigned char>::ParseJsonValue (/usr/bin/node)'),
  sample(7, 'Builtins_MapPrototypeSet (/usr/bin/node)'),
  sample(7, '[unknown] (/tmp/perf-7.map)'),
  sample(9, 'v8::internal::ConcurrentMarking::RunMajor (/usr/bin/node)'),
].join('\n\n');

describe('perf summary', () => {
  test('parses each sample with its thread and frames', () => {
    const samples = parseSamples(TEXT);
    assert.equal(samples.length, 8);
    assert.equal(samples[0]!.thread, '7');
    assert.equal(samples[0]!.frames.length, 4);
    assert.equal(samples[7]!.thread, '9');
  });

  test('counts the busiest thread by category: SQLite before the kernel, faults before the GC that caused them', () => {
    const { thread, total, rows } = categorize(parseSamples(TEXT));
    assert.equal(thread, '7');
    assert.equal(total, 7);
    assert.deepEqual(
      Object.fromEntries(rows.map((r) => [r.name, r.samples])),
      {
        'kernel: socket write': 2,
        'sqlite (its kernel I/O and page faults included)': 1,
        'page faults': 1,
        'v8: JSON': 1,
        'v8: builtins': 1,
        'JavaScript (JIT code)': 1,
      },
    );
    assert.equal(rows[0]!.name, 'kernel: socket write');
    assert.equal(rows[0]!.share, 2 / 7);
  });

  test('another thread can be asked for', () => {
    const { total, rows } = categorize(parseSamples(TEXT), '9');
    assert.equal(total, 1);
    assert.deepEqual(rows.map((r) => r.name), ['v8: garbage collection']);
  });
});
