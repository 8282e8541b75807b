// The key guard on a large fleet: 1,000 agents (two containers each, session keys plus seven typed keys
// from has_key answers), one standing duplicate. Measures loading the index, listing duplicates (what
// `/keys duplicates` does) and the dispatcher's question for a start on every container. Issue 19 asks
// for a 1,000-agent fleet checked in under 10 ms; run `npx tsx bench/key-guard.ts [agents]`.
import { performance } from 'node:perf_hooks';
import { createKeyGuard, type Handover, type KeyGuardStore, type KeySighting } from '../src/core/key-guard.ts';

const agents = Number(process.argv[2] ?? 1000);
const TYPES = ['babe', 'gran', 'para', 'asgn', 'audi', 'beef', 'imon'];
const hex = (n: number, salt: number) => `0x${(n * 7919 + salt).toString(16).padStart(8, '0').repeat(8)}`;

const sightings: KeySighting[] = [];
for (let a = 0; a < agents; a++) {
  for (const container of ['validator', 'backup']) {
    const at = 1_700_000_000_000 + a;
    sightings.push({ agentId: `val-${a}`, container, keyType: 'session_keys', publicKey: `${hex(a, container.length)}${'ab'.repeat(161)}`, source: 'key_update', at });
    TYPES.forEach((t, i) => sightings.push({ agentId: `val-${a}`, container, keyType: t, publicKey: hex(a * 100 + i, container.length * 13), source: 'has_key', at }));
  }
}
// One duplicate: val-1/validator shows val-0's grandpa key.
sightings.push({ agentId: 'val-1', container: 'validator', keyType: 'gran', publicKey: hex(0 * 100 + 1, 'validator'.length * 13), source: 'has_key', at: 1 });

const store: KeyGuardStore = {
  sightings: () => sightings,
  putSighting: () => {},
  dropSighting: () => {},
  openHandovers: () => [] as Handover[],
  addHandover: () => 1,
  saveHandover: () => {},
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void, rounds = 21) => {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
};

let guard = createKeyGuard({ store, now: () => Date.now(), sessionMs: 240 * 60_000 });
const load = time(() => (guard = createKeyGuard({ store, now: () => Date.now(), sessionMs: 240 * 60_000 })), 5);
let found = 0;
const list = time(() => (found = guard.duplicates().length));
const ids = Array.from({ length: agents }, (_, a) => `val-${a}`);
let refused = 0;
const check = time(() => {
  refused = 0;
  for (const c of ['validator', 'backup']) if (guard.check({ command: 'start', agents: ids, params: { container: c } }).kind === 'refuse') refused++;
});
console.log(`key guard, ${agents} agents, ${sightings.length} keys (median of rounds):`);
console.log(`  load the index          ${load.toFixed(2)} ms`);
console.log(`  list duplicates         ${list.toFixed(3)} ms  (${found} found)`);
console.log(`  start on every container ${check.toFixed(2)} ms  (${refused} of 2 fleet-wide starts refused)`);
