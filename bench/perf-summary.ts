// `perf script -i perf.data | npx tsx bench/perf-summary.ts [--thread TID]`: where a process's busiest
// thread spent its samples, kernel included. A V8 CPU profile counts socket reads and writes, SQLite's
// pwrite of WAL frames and page faults as idle or native time; perf sees them. Each sample is put in the
// first category its stack matches, in the order of CATEGORIES (SQLite before the kernel, so a pwrite
// made by SQLite counts as SQLite).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface Sample {
  thread: string;
  /** Innermost frame first, as perf script prints them. */
  frames: string[];
}

export const CATEGORIES: Array<[name: string, test: (s: Sample, stack: string) => boolean]> = [
  ['sqlite (its kernel I/O and page faults included)', (_s, stack) => /\bsqlite3|better_sqlite3/.test(stack)],
  ['page faults', (_s, stack) => stack.includes('asm_exc_page_fault')],
  ['kernel: socket write', (s, stack) => isKernel(s) && /writev|tcp_sendmsg/.test(stack)],
  ['kernel: socket read', (s, stack) => isKernel(s) && /\bread\b|tcp_recvmsg|uv__read/.test(stack)],
  ['kernel: epoll', (s, stack) => isKernel(s) && stack.includes('epoll')],
  ['kernel: other', (s) => isKernel(s)],
  ['v8: garbage collection', (_s, stack) => /Scaveng|MarkCompact|Marking|Heap::/.test(stack)],
  ['v8: JSON', (s) => /Json/.test(s.frames[0] ?? '')],
  ['v8: builtins', (s) => /Builtins_/.test(s.frames[0] ?? '')],
  ['JavaScript (JIT code)', (s) => /perf-\d+\.map|\[unknown\]/.test(s.frames[0] ?? '')],
  ['other native', () => true],
];

function isKernel(s: Sample): boolean {
  return (s.frames[0] ?? '').includes('[kernel.kallsyms]');
}

/** Samples from `perf script` text: a header line (command, thread id, ...) then one frame per line. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length < 2) continue;
    const head = lines[0]!.split(/\s+/);
    samples.push({ thread: head[1] ?? '?', frames: lines.slice(1) });
  }
  return samples;
}

export function categorize(samples: Sample[], thread?: string): { thread: string; total: number; rows: Array<{ name: string; samples: number; share: number }> } {
  const perThread = new Map<string, number>();
  for (const s of samples) perThread.set(s.thread, (perThread.get(s.thread) ?? 0) + 1);
  const busiest = thread ?? [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '?';
  const counts = new Map<string, number>(CATEGORIES.map(([name]) => [name, 0]));
  let total = 0;
  for (const s of samples) {
    if (s.thread !== busiest) continue;
    total += 1;
    const stack = s.frames.join('\n');
    const [name] = CATEGORIES.find(([, test]) => test(s, stack))!;
    counts.set(name, counts.get(name)! + 1);
  }
  const rows = [...counts]
    .filter(([, n]) => n > 0)
    .map(([name, n]) => ({ name, samples: n, share: total === 0 ? 0 : n / total }))
    .sort((a, b) => b.samples - a.samples);
  return { thread: busiest, total, rows };
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { thread: { type: 'string' } }, allowPositionals: true });
  const text = readFileSync(positionals[0] ?? 0, 'utf8');
  const { thread, total, rows } = categorize(parseSamples(text), values.thread);
  console.log(`thread ${thread}: ${total} samples`);
  for (const r of rows) console.log(`${String(r.samples).padStart(7)}  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
