// The API's and the dashboard's history page (issue 15): each filter is led by its own index
// (query-plans.test.ts); here, the rows each shape returns, page after page through the cursor, are
// exactly those a plain reading of every command would give, newest first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CommandState } from '../../../src/core/ports.ts';
import type { HistoryPageFilter } from '../../../src/store/api-pages-repo.ts';
import type { NewCommand } from '../../../src/store/commands-repo.ts';
import { createStore, type Store } from '../../../src/store/store.ts';

const AGENTS = ['a-1', 'a-2', 'a-3', 'a-4'];
const PEOPLE = [
  { actorId: 'p-1', actorName: 'Ana' },
  { actorId: 'p-2', actorName: 'Bo' },
];
const OUTCOMES: CommandState[] = ['success', 'success', 'success', 'failed', 'timeout', 'not_connected'];
let dir: string;
let store: Store;
interface Row {
  seq: number;
  agentId: string;
  command: string;
  requestId: number | null;
  actorId: string | null;
  state: string;
  sentAt: number;
}
const written: Row[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mserver-history-page-'));
  store = createStore(join(dir, 'm.db'), { error: () => {} });
  let n = 0;
  // 60 requests: a command to one agent, two, or all four, by one of two people; outcomes vary; the
  // last three stay in flight.
  for (let i = 0; i < 60; i++) {
    const at = 1_000_000 + i * 1000;
    const command = ['status', 'logs', 'restart'][i % 3]!;
    const named = i % 4 === 0 ? AGENTS : AGENTS.slice(i % 4, (i % 4) + 1 + (i % 2));
    const person = PEOPLE[i % 2]!;
    const requestId = store.requests.add({ command, target: named.join(','), agents: [...named], params: {}, risk: 'read', digest: 'd', via: 'console', state: 'dispatched', at, ...person });
    const rows: NewCommand[] = named.map((agentId) => ({ id: `cmd_${at}_${n++}`, requestId, agentId, command, params: {}, state: 'sent', at }));
    store.commands.insertCommands(rows);
    store.queue.flush();
    rows.forEach((r, k) => {
      const state = i >= 57 ? 'sent' : OUTCOMES[(i + k) % OUTCOMES.length]!;
      if (state !== 'sent') store.queue.push(() => store.commands.finishLater({ id: r.id, state, at: at + 10, final: true }));
    });
    store.queue.flush();
  }
  for (const r of store.db.prepare('SELECT c.rowid AS seq, c.agent_id, c.command, c.request_id, c.state, c.sent_at, r.actor_id FROM commands c LEFT JOIN requests r ON r.id = c.request_id').all() as Array<Record<string, unknown>>) {
    written.push({ seq: r.seq as number, agentId: r.agent_id as string, command: r.command as string, requestId: r.request_id as number, actorId: r.actor_id as string, state: r.state as string, sentAt: r.sent_at as number });
  }
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function expected(f: HistoryPageFilter): number[] {
  return written
    .filter(
      (r) =>
        (f.agentId === undefined || r.agentId === f.agentId) &&
        (f.command === undefined || r.command === f.command) &&
        (f.actorId === undefined || r.actorId === f.actorId) &&
        (f.requestId === undefined || r.requestId === f.requestId) &&
        (f.state === undefined || r.state === f.state || (f.state === 'running' && (r.state === 'sent' || r.state === 'progress'))) &&
        (f.since === undefined || r.sentAt >= f.since) &&
        (f.until === undefined || r.sentAt <= f.until),
    )
    .map((r) => r.seq)
    .sort((a, b) => b - a);
}

function paged(f: Omit<HistoryPageFilter, 'limit' | 'before'>, limit: number): number[] {
  const seen: number[] = [];
  let cursor: number | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const rows = store.pages.history({ ...f, before: cursor, limit });
    seen.push(...rows.map((r) => r.seq));
    if (rows.length < limit) return seen;
    cursor = rows.at(-1)!.seq;
  }
  throw new Error('more than 200 pages');
}

test('every filter and pair of filters returns exactly the matching commands, newest first, across pages', () => {
  const filters: Array<Omit<HistoryPageFilter, 'limit' | 'before'>> = [
    {},
    { agentId: 'a-2' },
    { command: 'logs' },
    { actorId: 'p-1' },
    { requestId: 5 },
    { state: 'failed' },
    { state: 'not_connected' },
    { state: 'running' },
    { state: 'success' },
    { agentId: 'a-3', state: 'timeout' },
    { command: 'restart', state: 'failed' },
    { actorId: 'p-2', command: 'status' },
    { agentId: 'a-1', actorId: 'p-1' },
    { agentId: 'a-4', command: 'status', since: 1_020_000 },
    { requestId: 8, state: 'success' },
    { state: 'failed', since: 1_010_000, until: 1_040_000 },
  ];
  let nonEmpty = 0;
  for (const f of filters) {
    const want = expected({ ...f, limit: 0 });
    if (want.length > 0) nonEmpty++;
    for (const limit of [1, 3, 50]) assert.deepEqual(paged(f, limit), want, `${JSON.stringify(f)} limit ${limit}`);
  }
  assert.ok(nonEmpty >= filters.length - 1, 'the data gives (nearly) every filter something to find');
});
