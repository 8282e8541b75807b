// Every chat and console query is served by an index (issue 15): each one's EXPLAIN QUERY PLAN must not
// walk the commands, requests or audit tables, nor sort everything it matched. A table scan there costs
// seconds once a year of history is stored, however few rows the answer has.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApiPagesRepo, historyPageSql } from '../../../src/store/api-pages-repo.ts';
import { auditSql, type AuditFilter } from '../../../src/store/audit-repo.ts';
import { historySql, type HistoryFilter } from '../../../src/store/commands-repo.ts';
import { noticesSql } from '../../../src/store/notices-repo.ts';
import { openDatabase, type Db } from '../../../src/store/database.ts';
import { createStore } from '../../../src/store/store.ts';

const BIG = /^(commands|requests|audit|request_agents)$/;
const ALIASES: Record<string, string> = { c: 'commands', r: 'requests', a: 'audit', ra: 'request_agents' };

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

function plan(db: Db, sql: string, args: Record<string, unknown> | unknown[]): PlanRow[] {
  return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(args) as PlanRow[];
}

const tableOf = (line: string): string | undefined => {
  const m = /^(?:SCAN|SEARCH) (\w+)/.exec(line);
  return m ? (ALIASES[m[1]!] ?? m[1]!) : undefined;
};

/**
 * The plan's problems: a full scan of a large table (SCAN, with or without an index: either reads every
 * row), or a sort of what a large table's rows matched (a sort of a subquery's LIMITed rows is fine).
 */
function problems(rows: PlanRow[], big = BIG): string[] {
  return rows
    .filter((row) => {
      const scanned = /^SCAN /.test(row.detail) ? tableOf(row.detail) : undefined;
      if (scanned !== undefined) return big.test(scanned);
      if (!/^USE TEMP B-TREE FOR ORDER BY/.test(row.detail)) return false;
      return rows.some((o) => o.parent === row.parent && o !== row && big.test(tableOf(o.detail) ?? ''));
    })
    .map((row) => row.detail);
}

const text = (rows: PlanRow[]) => rows.map((r) => `${r.parent}/${r.id} ${r.detail}`).join('\n');

const args = { agent: 'node-1', actor: '111111111111111111', command: 'status', kind: 'dispatched', request: 1, limit: 20 };

function subsets<T extends string>(keys: readonly T[]): Array<Partial<Record<T, true>>> {
  const out: Array<Partial<Record<T, true>>> = [];
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    const s: Partial<Record<T, true>> = {};
    keys.forEach((k, i) => {
      if (mask & (1 << i)) s[k] = true;
    });
    out.push(s);
  }
  return out;
}

test('history by agent, person, command and any two or three of them: no scan of commands or requests', () => {
  const db = openDatabase(':memory:');
  for (const s of subsets(['agent', 'person', 'command'] as const)) {
    const f: HistoryFilter = { agentId: s.agent && 'node-1', actorId: s.person && '111111111111111111', command: s.command && 'status' };
    const lines = plan(db, historySql(f), { ...args });
    assert.deepEqual(problems(lines), [], `history ${JSON.stringify(s)}:\n${text(lines)}`);
  }
  db.close();
});

test('the API history page, whatever its filters: an index leads, never a walk back through commands', () => {
  const db = openDatabase(':memory:');
  const outcomes = [undefined, 'success', 'failed', 'not_connected', 'running'] as const;
  for (const state of outcomes) {
    for (const s of subsets(['agent', 'person', 'command', 'request', 'since', 'until'] as const)) {
      const f = { agentId: s.agent && 'node-1', actorId: s.person && '111111111111111111', command: s.command && 'status', requestId: s.request && 7, state };
      const sql = historyPageSql(f);
      const a: Record<string, unknown> = { before: Number.MAX_SAFE_INTEGER, first: s.since ? 10 : 0, request: f.requestId ?? null, state: state ?? null, since: s.since ? 1 : null, until: s.until ? 2 : null, limit: 20 };
      Object.assign(a, { agent: f.agentId ?? null, command: f.command ?? null, actor: f.actorId ?? null });
      const lines = plan(db, sql, a);
      const what = `history page ${JSON.stringify({ ...s, state })}:\n${text(lines)}`;
      // One request's commands, or the commands in flight (each at most the fleet's size), are sorted by
      // rowid: no index keeps that order, and neither grows with the history.
      const bounded = s.request || state === 'running';
      assert.deepEqual(problems(lines).filter((p) => !(bounded && /^USE TEMP B-TREE FOR ORDER BY/.test(p))), [], what);
      const uses = (index: string) => lines.some((l) => l.detail.includes(`USING INDEX ${index}`) || l.detail.includes(`USING COVERING INDEX ${index}`));
      if (s.request) assert.ok(uses('commands_request_agent'), what);
      else if (state === 'failed' || state === 'not_connected') assert.ok(uses('commands_unsuccessful'), what);
      else if (state === 'running') assert.ok(uses('commands_open'), what);
      else if (s.agent || s.person || s.command) assert.ok(uses('commands_request_agent') || uses('commands_direct_agent') || uses('commands_direct_command'), what);
      // Nothing selective: the table read backwards from the cursor, within the time range.
      else assert.ok(lines.some((l) => /^SEARCH c USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/.test(l.detail)), what);
    }
  }
  db.close();
});

test('the time bounds of the API history become rowid bounds by primary-key seeks: the rows sent in the range, whatever the page size', () => {
  const db = openDatabase(':memory:');
  const insert = db.prepare("INSERT INTO commands (id, agent_id, command, params, state, sent_at) VALUES (?, 'n', 'status', '{}', ?, ?)");
  // Gaps in rowids (retention deletes) and equal times (a broadcast) both occur.
  for (let i = 1; i <= 300; i++) insert.run(`cmd_${i}`, i % 3 === 0 ? 'failed' : 'success', 1000 + Math.floor(i / 2) * 10);
  db.prepare('DELETE FROM commands WHERE rowid BETWEEN 100 AND 140').run();
  const pages = createApiPagesRepo(db);
  const expected = (db.prepare('SELECT rowid FROM commands WHERE sent_at BETWEEN 1500 AND 2200 AND state = ? ORDER BY rowid DESC').pluck().all('failed') as number[]);
  const seen: number[] = [];
  let before: number | undefined;
  for (;;) {
    const rows = pages.history({ since: 1500, until: 2200, state: 'failed', before, limit: 7 });
    seen.push(...rows.map((r) => r.seq));
    if (rows.length < 7) break;
    before = rows[rows.length - 1]!.seq;
  }
  assert.ok(expected.length > 20);
  assert.deepEqual(seen, expected);
  assert.deepEqual(pages.history({ since: 99_999, limit: 5 }), []);
  assert.equal(pages.history({ until: 999, limit: 5 }).length, 0);
  db.close();
});

test('audit by agent, person, kind, command, request and their combinations: no scan of audit or requests', () => {
  const db = openDatabase(':memory:');
  for (const s of subsets(['agent', 'person', 'kind', 'command'] as const)) {
    const f: AuditFilter = { agentId: s.agent && 'node-1', actorId: s.person && 'x', kind: s.kind && 'dispatched', command: s.command && 'status' };
    const lines = plan(db, auditSql(f), { ...args });
    assert.deepEqual(problems(lines), [], `audit ${JSON.stringify(s)}:\n${text(lines)}`);
  }
  const lines = plan(db, auditSql({ requestId: 1 }), args);
  assert.deepEqual(problems(lines), [], text(lines));
  db.close();
});

test('notices newest first, by level, by agent, with key notices hidden or not; their retention: no scan of notices, no sort', () => {
  const db = openDatabase(':memory:');
  const big = /^notices$/;
  for (const s of subsets(['level', 'agent', 'hidden'] as const)) {
    const f = { level: s.level && ('critical' as const), agentId: s.agent && 'node-1', hiddenKinds: s.hidden ? ['key_rotated', 'handover'] : undefined };
    const a = { before: 1e15, limit: 20, ...(s.level ? { level: 'critical' } : {}), ...(s.agent ? { agent: 'node-1' } : {}), ...(s.hidden ? { hidden0: 'key_rotated', hidden1: 'handover' } : {}) };
    const lines = plan(db, noticesSql(f), a);
    assert.deepEqual(problems(lines, big), [], `notices ${JSON.stringify(s)}:\n${text(lines)}`);
    assert.ok(!lines.some((l) => /TEMP B-TREE/.test(l.detail)), text(lines));
  }
  const prune = plan(db, 'DELETE FROM notices WHERE id IN (SELECT id FROM notices WHERE at < ? ORDER BY at LIMIT ?)', [1, 20]);
  assert.deepEqual(problems(prune, big), [], text(prune));
  db.close();
});

test('the checker itself fails on a table scan and on a full sort', () => {
  const db = openDatabase(':memory:');
  assert.notDeepEqual(problems(plan(db, 'SELECT * FROM commands WHERE params = @x', { x: 1 })), []);
  assert.notDeepEqual(problems(plan(db, 'SELECT * FROM audit a WHERE a.detail = @x', { x: 1 })), []);
  assert.notDeepEqual(problems(plan(db, 'SELECT * FROM requests r, json_each(r.agents) j WHERE j.value = @x', { x: 1 })), []);
  assert.notDeepEqual(problems(plan(db, 'SELECT * FROM audit WHERE kind = @x ORDER BY at', { x: 1 })), []);
  db.close();
});

test('/nodes, /payouts, /keys and the payout and key reads of the hub: every statement the repositories prepare for them', () => {
  const store = createStore(':memory:', { error: () => {} });
  const db = store.db;
  // The statements behind /nodes and /payouts (the agent directory reads the agents table, one row per
  // agent, and the newest payout of each), /keys (session keys, all agents or one), and the start-up reads.
  const statements: Array<[string, Record<string, unknown> | unknown[]]> = [
    ['SELECT * FROM agents ORDER BY id', []],
    ['SELECT id, host_name, containers FROM agents', []],
    ['SELECT * FROM session_keys ORDER BY received_at DESC, id DESC LIMIT ?', [20]],
    ['SELECT * FROM session_keys WHERE agent_id = ? ORDER BY received_at DESC, id DESC LIMIT ?', ['a', 20]],
    ['SELECT * FROM payout_snapshots WHERE agent_id = ? ORDER BY id DESC LIMIT ?', ['a', 20]],
    // The payout chart of one agent (GET /agents/{id}/payouts): its range of the (agent_id, at) index.
    ['SELECT at, active_era, unclaimed_count, oldest_unclaimed_era, eras_left, payout_info FROM payout_snapshots WHERE agent_id = ? AND at >= ? AND at <= ? ORDER BY at', ['a', 1, 2]],
    ['SELECT COUNT(*) FROM payout_snapshots WHERE agent_id = ? AND at >= ? AND at <= ?', ['a', 1, 2]],
    ["SELECT id FROM commands WHERE id GLOB 'cmd_[0-9]*' ORDER BY id DESC LIMIT 1", []],
    ['SELECT * FROM commands WHERE request_id = ? ORDER BY agent_id', [1]],
    ["SELECT * FROM commands WHERE state IN ('sent', 'progress')", []],
  ];
  for (const [sql, a] of statements) {
    const lines = plan(db, sql, a);
    // An ordered index walk with no filter stops at its LIMIT: only a bare scan or a sort is a problem here.
    const bad = problems(lines, /^(commands|requests|audit|session_keys|payout_snapshots)$/).filter((l) => !/ USING (COVERING )?INDEX /.test(l) || !/LIMIT/.test(sql));
    assert.deepEqual(bad, [], `${sql}:\n${text(lines)}`);
  }
  void store.close();
});
