// `npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]`: where a CPU profile (from `npm run bench
// -- --profile` or node --cpu-prof) spent its time: self time per function and per source file.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  ms: number;
  share: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function where(url: string): string {
  if (url === '') return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = relative(ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

function label(n: ProfileNode): string {
  const f = where(n.callFrame.url);
  return `${n.callFrame.functionName || '(anonymous)'} ${f}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
}

/** Self time per function and per file, and inclusive time (self plus callees) per function, largest first. */
export function summarize(p: Profile): { totalMs: number; functions: HotSpot[]; files: HotSpot[]; inclusive: HotSpot[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    total += us;
    const f = where(n.callFrame.url);
    const name = label(n);
    fn.set(name, (fn.get(name) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node || !node.callFrame.url || node.callFrame.url.startsWith('node:')) continue;
      const l = label(node);
      if (seen.has(l)) continue;
      seen.add(l);
      incl.set(l, (incl.get(l) ?? 0) + us);
    }
    const module = f.includes('node_modules/') ? f.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, 'node_modules/$1') : f;
    file.set(module, (file.get(module) ?? 0) + us);
  }
  const top = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }));
  return { totalMs: total / 1000, functions: top(fn), files: top(file), inclusive: top(incl) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, flag, n] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const topN = flag === '--top' ? Number(n) : 25;
  const s = summarize(JSON.parse(readFileSync(path, 'utf8')) as Profile);
  const line = (h: HotSpot) => `${h.ms.toFixed(0).padStart(8)} ms ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name}`;
  process.stdout.write(`${path}: ${s.totalMs.toFixed(0)} ms sampled\n\nself time by function:\n`);
  process.stdout.write(`${s.functions.slice(0, topN).map(line).join('\n')}\n\nself time by file:\n`);
  process.stdout.write(`${s.files.slice(0, topN).map(line).join('\n')}\n\ninclusive time by function (self and callees):\n`);
  process.stdout.write(`${s.inclusive.slice(0, topN).map(line).join('\n')}\n`);
}
