// `npx tsx bench/show.ts [bench/results/latest.json]`: the table and the targets of a results file again,
// checked with the current rules, without running anything.
import { readFileSync } from 'node:fs';
import { checkTargets, renderChecks, renderTable, type BenchResults } from './table.ts';
import { renderHistory } from './history-scale.ts';

const path = process.argv[2] ?? new URL('results/latest.json', import.meta.url).pathname;
const r = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
const m = r.machine;
process.stdout.write(`mserver ${r.mserver ?? '?'} on ${m.cores} cores (${m.cpu}), ${m.memoryGB} GB, Node ${r.node}, ${r.date}\n\n`);
process.stdout.write(`${renderTable(r)}\n\nTargets:\n${renderChecks(checkTargets(r.sizes))}\n`);
if (r.history) process.stdout.write(`\n${renderHistory(r.history)}\n`);
