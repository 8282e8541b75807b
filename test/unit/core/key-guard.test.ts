// The key guard's rules on an in-memory store: duplicates appear and go, start/restart refused while one
// stands, stop escalated during a hand-over on the same stash, the hand-over done two sessions after
// set_keys; and the console's `keys duplicates` reading it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createKeyGuard, type Handover, type KeyGuardStore, type KeySighting } from '../../../src/core/key-guard.ts';
import { createKeyVerbs } from '../../../src/transports/console/key-verbs.ts';

function memoryStore(): KeyGuardStore & { rows: Map<string, KeySighting>; handovers: Handover[] } {
  const rows = new Map<string, KeySighting>();
  const handovers: Handover[] = [];
  return {
    rows,
    handovers,
    sightings: () => [...rows.values()],
    putSighting: (s) => void rows.set(`${s.agentId}/${s.container}/${s.keyType}`, s),
    dropSighting: (a, c, t) => void rows.delete(`${a}/${c}/${t}`),
    openHandovers: () => handovers.filter((h) => h.state === 'pending' || h.state === 'submitted'),
    addHandover: (h) => handovers.push({ ...h, id: handovers.length + 1 }),
    saveHandover: (h) => void (handovers[h.id - 1] = h),
  };
}

const K = `0x${'11'.repeat(32)}`;
const seen = (agentId: string, container: string, publicKey = K, keyType = 'gran'): KeySighting => ({ agentId, container, keyType, publicKey, source: 'has_key', at: 1000 });

describe('key guard', () => {
  test('a key on two containers is one duplicate, reported once; a false answer ends it', () => {
    const store = memoryStore();
    const g = createKeyGuard({ store, now: () => 0, sessionMs: 60_000 });
    assert.equal(g.saw(seen('a', 'n1')), undefined);
    const dup = g.saw(seen('b', 'n2'));
    assert.deepEqual(dup?.holders.map((h) => `${h.agentId}/${h.container}`), ['a/n1', 'b/n2']);
    assert.equal(g.saw(seen('b', 'n2')), undefined, 'the same holder again is not a new duplicate');
    assert.equal(g.duplicates().length, 1);
    assert.equal(g.check({ command: 'start', agents: ['a'], params: { container: 'n1' } }).kind, 'refuse');
    assert.equal(g.check({ command: 'restart', agents: ['b'], params: { container: 'n2' } }).kind, 'refuse');
    assert.equal(g.check({ command: 'status', agents: ['b'], params: { container: 'n2' } }).kind, 'ok');
    g.notHeld('b', 'n2', 'gran', K);
    assert.equal(g.duplicates().length, 0);
    assert.equal(g.check({ command: 'start', agents: ['a'], params: { container: 'n1' } }).kind, 'ok');
    // Kept across a restart: a new guard over the same store sees what stands.
    g.saw(seen('c', 'n3'));
    assert.equal(createKeyGuard({ store, now: () => 0, sessionMs: 60_000 }).duplicates().length, 1);
  });

  test('a rotation replaces the key a container held, ending a duplicate on the old key', () => {
    const g = createKeyGuard({ store: memoryStore(), now: () => 0, sessionMs: 60_000 });
    g.saw(seen('a', 'n1', K, 'session_keys'));
    g.saw(seen('b', 'n2', K, 'session_keys'));
    g.saw(seen('b', 'n2', `0x${'22'.repeat(32)}`, 'session_keys'));
    assert.equal(g.duplicates().length, 0);
  });

  test('a stop on the same stash is escalated until two sessions after set_keys', () => {
    let now = 0;
    const stashes: Record<string, string> = { 'new/n': 'S1', 'old/o': 'S1', 'else/e': 'S2' };
    const g = createKeyGuard({ store: memoryStore(), now: () => now, sessionMs: 60_000, stashOf: (a, c) => stashes[`${a}/${c}`] });
    g.beginHandover({ agentId: 'new', container: 'n', sessionKey: K, stash: 'S1', rotatedBy: 'ops', rotatedAt: 0 });
    assert.equal(g.check({ command: 'stop', agents: ['old'], params: { container: 'o' } }).kind, 'escalate');
    assert.equal(g.check({ command: 'stop', agents: ['else'], params: { container: 'e' } }).kind, 'ok', 'another stash');
    assert.equal(g.check({ command: 'stop', agents: ['new'], params: { container: 'n' } }).kind, 'ok', 'the new node itself');
    now = 10_000_000;
    assert.equal(g.check({ command: 'stop', agents: ['old'], params: { container: 'o' } }).kind, 'escalate', 'pending does not time out');
    const done: Handover[] = [];
    g.onDone((h) => done.push(h));
    g.submitted('new', 'n', 'olga');
    now += 119_999;
    assert.equal(g.check({ command: 'stop', agents: ['old'], params: { container: 'o' } }).kind, 'escalate');
    now += 1;
    assert.equal(g.check({ command: 'stop', agents: ['old'], params: { container: 'o' } }).kind, 'ok');
    assert.deepEqual(done.map((h) => [h.state, h.submittedBy]), [['done', 'olga']]);
  });

  test('the console lists the duplicates', async () => {
    const g = createKeyGuard({ store: memoryStore(), now: () => 0, sessionMs: 60_000 });
    g.saw(seen('a', 'n1'));
    g.saw(seen('b', 'n2'));
    const out: string[] = [];
    const verbs = createKeyVerbs({
      safety: { guard: g, submitted: () => assert.fail('not called'), action: () => undefined },
      directory: { resolve: (t) => [t] },
      actor: { id: 'console:t', name: 't' },
      print: (line) => out.push(line),
      send: async () => assert.fail('not called'),
    });
    await verbs.handle(['duplicates'], () => '');
    assert.match(out[0]!, /DUPLICATE SESSION KEYS \(1\)/);
    assert.match(out[1]!, new RegExp(`the gran public key ${K} is held by a / n1 \\(gran, seen .* from has_key\\) and b / n2`));
  });
});
