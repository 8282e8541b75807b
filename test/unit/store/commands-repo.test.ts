import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCommandsRepo, historySql } from '../../../src/store/commands-repo.ts';
import type { NewCommand } from '../../../src/store/commands-repo.ts';
import { loadMigrations, migrate, openDatabase } from '../../../src/store/database.ts';
import type { Db } from '../../../src/store/database.ts';
import { toJsonColumn } from '../../../src/store/json-column.ts';
import { createRequestsRepo } from '../../../src/store/requests-repo.ts';
import type { NewRequest } from '../../../src/store/requests-repo.ts';

const T = 1_764_270_000_000;
const dir = mkdtempSync(join(tmpdir(), 'mserver-cmds-'));
let seq = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

function fresh() {
  const db = openDatabase(join(dir, `c${++seq}.db`));
  return { db, commands: createCommandsRepo(db), requests: createRequestsRepo(db) };
}

const cmd = (id: string, over: Partial<NewCommand> = {}): NewCommand => ({
  id,
  requestId: null,
  agentId: 'val-01',
  command: 'status',
  params: {},
  state: 'sent',
  at: T,
  ...over,
});

const request = (over: Partial<NewRequest> = {}): NewRequest => ({
  command: 'status',
  target: 'val-01',
  agents: ['val-01'],
  params: {},
  risk: 'read',
  digest: 'd',
  actorId: 'u1',
  actorName: 'alice',
  via: 'discord',
  state: 'dispatched',
  at: T,
  ...over,
});

describe('commands repo: insert, changes, events', () => {
  let db: Db;
  let repo: ReturnType<typeof createCommandsRepo>;
  before(() => {
    ({ db, commands: repo } = fresh());
  });
  after(() => db.close());

  test('insertCommands stores rows and a first event each', () => {
    repo.insertCommands([
      cmd('cmd_1764270000000_1000', { params: { container: 'polkadot', lines: 100 }, command: 'logs' }),
      cmd('cmd_1764270000000_1001', { agentId: 'val-02', state: 'not_connected', error: 'val-02 is not connected' }),
    ]);
    assert.deepEqual(repo.get('cmd_1764270000000_1000'), {
      id: 'cmd_1764270000000_1000',
      requestId: null,
      agentId: 'val-01',
      command: 'logs',
      params: { container: 'polkadot', lines: 100 },
      state: 'sent',
      progress: null,
      sentAt: T,
      finishedAt: null,
      result: undefined,
      error: null,
      truncated: false,
    });
    const nc = repo.get('cmd_1764270000000_1001');
    assert.equal(nc?.state, 'not_connected');
    assert.equal(nc?.finishedAt, T);
    assert.equal(nc?.error, 'val-02 is not connected');
    assert.deepEqual(repo.events('cmd_1764270000000_1000'), [{ state: 'sent', at: T, detail: null }]);
    assert.deepEqual(repo.events('cmd_1764270000000_1001'), [{ state: 'not_connected', at: T, detail: 'val-02 is not connected' }]);
  });

  test('insertCommands is all or nothing', () => {
    assert.throws(() => repo.insertCommands([cmd('cmd_1764270000000_2000'), cmd('cmd_1764270000000_1000')]), /UNIQUE/);
    assert.equal(repo.get('cmd_1764270000000_2000'), undefined);
  });

  test('applyChange: progress, then a final state with a result', () => {
    const id = 'cmd_1764270000000_1000';
    repo.applyChange({ id, state: 'progress', at: T + 10, final: false, progress: 'running' });
    assert.equal(repo.get(id)?.state, 'progress');
    assert.equal(repo.get(id)?.progress, 'running');
    const stored = toJsonColumn({ lines: ['a', 'b'] }, 1000);
    repo.applyChange({ id, state: 'success', at: T + 20, final: true, resultJson: stored.text, truncated: stored.truncated });
    const rec = repo.get(id);
    assert.equal(rec?.state, 'success');
    assert.equal(rec?.finishedAt, T + 20);
    assert.deepEqual(rec?.result, { lines: ['a', 'b'] });
    assert.equal(rec?.truncated, false);
    assert.deepEqual(repo.events(id), [
      { state: 'sent', at: T, detail: null },
      { state: 'progress', at: T + 10, detail: 'running' },
      { state: 'success', at: T + 20, detail: null },
    ]);
  });

  test('applyChange keeps a truncated flag and an error', () => {
    repo.insertCommands([cmd('cmd_1764270000001_1000')]);
    repo.applyChange({ id: 'cmd_1764270000001_1000', state: 'failed', at: T + 5, final: true, error: 'container not found', truncated: true });
    const rec = repo.get('cmd_1764270000001_1000');
    assert.equal(rec?.state, 'failed');
    assert.equal(rec?.error, 'container not found');
    assert.equal(rec?.truncated, true);
    assert.equal(rec?.result, undefined);
  });

  test('addEvent keeps a late answer in the trail', () => {
    repo.addEvent('cmd_1764270000001_1000', 'late', T + 99, 'answer after the timeout');
    assert.deepEqual(repo.events('cmd_1764270000001_1000').at(-1), { state: 'late', at: T + 99, detail: 'answer after the timeout' });
  });

  test('get of an unknown id is undefined', () => {
    assert.equal(repo.get('cmd_0_0000'), undefined);
  });
});

describe('commands repo: markInterrupted', () => {
  test('moves only sent and progress commands, shows it in their events, returns them', () => {
    const { db, commands } = fresh();
    commands.insertCommands([
      cmd('cmd_1764270000000_1001'),
      cmd('cmd_1764270000000_1002'),
      cmd('cmd_1764270000000_1003'),
      cmd('cmd_1764270000000_1004', { state: 'not_connected' }),
      cmd('cmd_1764270000000_1005'),
    ]);
    commands.applyChange({ id: 'cmd_1764270000000_1002', state: 'progress', at: T + 1, final: false, progress: 'accepted' });
    commands.applyChange({ id: 'cmd_1764270000000_1003', state: 'success', at: T + 2, final: true, resultJson: '{"ok":true}' });
    commands.applyChange({ id: 'cmd_1764270000000_1005', state: 'timeout', at: T + 3, final: true, error: 'no answer' });

    const moved = commands.markInterrupted(T + 1000);
    assert.deepEqual(moved.map((c) => c.id).sort(), ['cmd_1764270000000_1001', 'cmd_1764270000000_1002']);

    for (const id of ['cmd_1764270000000_1001', 'cmd_1764270000000_1002']) {
      const rec = commands.get(id);
      assert.equal(rec?.state, 'interrupted');
      assert.equal(rec?.finishedAt, T + 1000);
      assert.equal(rec?.error, 'mserver stopped while the command was running');
      assert.deepEqual(commands.events(id).at(-1), { state: 'interrupted', at: T + 1000, detail: 'mserver stopped while the command was running' });
    }
    assert.equal(commands.get('cmd_1764270000000_1003')?.state, 'success');
    assert.deepEqual(commands.get('cmd_1764270000000_1003')?.result, { ok: true });
    assert.equal(commands.get('cmd_1764270000000_1004')?.state, 'not_connected');
    assert.equal(commands.get('cmd_1764270000000_1005')?.state, 'timeout');
    for (const id of ['cmd_1764270000000_1003', 'cmd_1764270000000_1004', 'cmd_1764270000000_1005']) {
      assert.ok(!commands.events(id).some((e) => e.state === 'interrupted'), id);
    }
    // The final state lives in the command's row; no separate event row is written for it.
    const interruptedEvents = db.prepare("SELECT COUNT(*) FROM command_events WHERE state = 'interrupted'").pluck().get();
    assert.equal(interruptedEvents, 0);

    assert.deepEqual(commands.markInterrupted(T + 2000), []);
    assert.equal(commands.get('cmd_1764270000000_1001')?.finishedAt, T + 1000);
    db.close();
  });
});

describe('commands repo: newestIdMs', () => {
  test('0 for an empty table, then the millisecond of the newest id', () => {
    const { db, commands } = fresh();
    assert.equal(commands.newestIdMs(), 0);
    commands.insertCommands([cmd('cmd_1764270000005_1000'), cmd('cmd_1764270000100_9999'), cmd('cmd_1764270000050_5000')]);
    assert.equal(commands.newestIdMs(), 1764270000100);
    db.close();
  });

  test('ids of another shape are ignored', () => {
    const { db, commands } = fresh();
    commands.insertCommands([cmd('manual-9'), cmd('zzz'), cmd('cmd_1764270000005_1000'), cmd('cmd_x')]);
    assert.equal(commands.newestIdMs(), 1764270000005);
    db.close();
  });
});

describe('commands repo: history', () => {
  let db: Db;
  let repo: ReturnType<typeof createCommandsRepo>;
  before(() => {
    const f = fresh();
    db = f.db;
    repo = f.commands;
    const r1 = f.requests.add(request({ actorId: 'u1', actorName: 'alice', target: 'all', agents: ['val-01', 'val-02'] }));
    const r2 = f.requests.add(request({ command: 'restart', actorId: 'u2', actorName: 'bob', via: 'console', target: 'val-01', risk: 'change' }));
    repo.insertCommands([
      cmd('cmd_1764270001000_1001', { requestId: r1, agentId: 'val-01', at: T + 1000 }),
      cmd('cmd_1764270001000_1002', { requestId: r1, agentId: 'val-02', at: T + 1000 }),
      cmd('cmd_1764270002000_1000', { requestId: r2, agentId: 'val-01', command: 'restart', params: { container: 'p', stop_timeout_s: 60 }, at: T + 2000 }),
      cmd('cmd_1764270003000_1000', { requestId: null, agentId: 'val-02', command: 'logs', at: T + 3000 }),
    ]);
  });
  after(() => db.close());

  const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

  test('newest first, with the requester of each command', () => {
    const rows = repo.history();
    assert.deepEqual(ids(rows), ['cmd_1764270003000_1000', 'cmd_1764270002000_1000', 'cmd_1764270001000_1002', 'cmd_1764270001000_1001']);
    const restart = rows[1]!;
    assert.equal(restart.actorId, 'u2');
    assert.equal(restart.actorName, 'bob');
    assert.equal(restart.via, 'console');
    assert.equal(restart.target, 'val-01');
    assert.deepEqual(restart.params, { container: 'p', stop_timeout_s: 60 });
    const system = rows[0]!;
    assert.deepEqual([system.actorId, system.actorName, system.via, system.target], [null, null, null, null]);
  });

  test('by agent', () => {
    assert.deepEqual(ids(repo.history({ agentId: 'val-01' })), ['cmd_1764270002000_1000', 'cmd_1764270001000_1001']);
    assert.deepEqual(ids(repo.history({ agentId: 'nobody' })), []);
  });

  test('by actor', () => {
    assert.deepEqual(ids(repo.history({ actorId: 'u1' })), ['cmd_1764270001000_1002', 'cmd_1764270001000_1001']);
    assert.ok(repo.history({ actorId: 'u1' }).every((r) => r.actorName === 'alice' && r.target === 'all'));
  });

  test('by command', () => {
    assert.deepEqual(ids(repo.history({ command: 'restart' })), ['cmd_1764270002000_1000']);
    assert.deepEqual(ids(repo.history({ command: 'logs' })), ['cmd_1764270003000_1000']);
  });

  test('filters combine', () => {
    assert.deepEqual(ids(repo.history({ agentId: 'val-02', actorId: 'u1' })), ['cmd_1764270001000_1002']);
    assert.deepEqual(ids(repo.history({ agentId: 'val-02', command: 'restart' })), []);
  });

  test('limit, clamped to at least 1', () => {
    assert.deepEqual(ids(repo.history({ limit: 2 })), ['cmd_1764270003000_1000', 'cmd_1764270002000_1000']);
    assert.equal(repo.history({ limit: 0 }).length, 1);
    assert.equal(repo.history({ limit: -5 }).length, 1);
  });

  test('filter values are bound, not spliced into SQL', () => {
    assert.deepEqual(repo.history({ agentId: "val-01' OR '1'='1" }), []);
  });

  test('byRequest lists the commands of one request by agent', () => {
    const first = repo.history({ actorId: 'u1' })[0]!;
    assert.deepEqual(ids(repo.byRequest(first.requestId!)), ['cmd_1764270001000_1001', 'cmd_1764270001000_1002']);
  });
});

describe('commands repo: history stays index-served as it grows', () => {
  // 60 broadcasts to 50 agents, then one command to a rarely used agent, then 40 more broadcasts.
  let db: Db;
  let repo: ReturnType<typeof createCommandsRepo>;
  before(() => {
    const f = fresh();
    db = f.db;
    repo = f.commands;
    const agents = Array.from({ length: 50 }, (_, i) => `val-${String(i).padStart(2, '0')}`);
    let n = 0;
    const broadcast = (k: number) => {
      const r = f.requests.add(request({ target: 'all', agents, actorId: 'sched', actorName: 'schedule', at: T + k }));
      repo.insertCommands(agents.map((agentId) => cmd(`cmd_${T + k}_${1000 + (n++ % 9000)}`, { requestId: r, agentId, at: T + k })));
    };
    for (let k = 0; k < 60; k++) broadcast(k);
    const rare = f.requests.add(request({ command: 'restart', target: 'rare-1', agents: ['rare-1'], actorId: 'u9', actorName: 'erin', at: T + 60 }));
    repo.insertCommands([cmd(`cmd_${T + 60}_5000`, { requestId: rare, agentId: 'rare-1', command: 'restart', at: T + 60 })]);
    for (let k = 61; k < 101; k++) broadcast(k);
  });
  after(() => db.close());

  const shapes = [{ agentId: 'a' }, { actorId: 'u' }, { command: 'status' }, { agentId: 'a', command: 'status' }, { agentId: 'a', actorId: 'u', command: 'x' }];
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ limit: 20, agent: 'a', actor: 'u', command: 'x' }) as Array<{ detail: string }>).map((r) => r.detail);

  test('a filtered history looks commands up by request, never scanning the table', () => {
    for (const f of shapes) {
      const steps = plan(historySql(f));
      assert.ok(steps.some((d) => d.includes('USING INDEX commands_request_agent')), `${JSON.stringify(f)}: ${steps.join(' | ')}`);
      assert.ok(!steps.some((d) => /^SCAN c\b/.test(d)), `${JSON.stringify(f)} scans commands: ${steps.join(' | ')}`);
    }
  });

  test('the unfiltered history reads the newest rows without sorting the table', () => {
    const steps = plan(historySql({}));
    assert.ok(!steps.some((d) => d.includes('TEMP B-TREE')), steps.join(' | '));
  });

  test('a rarely used agent is found behind newer broadcasts, with its requester', () => {
    const rows = repo.history({ agentId: 'rare-1' });
    assert.deepEqual(rows.map((r) => [r.id, r.command, r.actorName]), [[`cmd_${T + 60}_5000`, 'restart', 'erin']]);
    assert.deepEqual(repo.history({ actorId: 'erin' }).map((r) => r.agentId), ['rare-1']);
    assert.deepEqual(repo.history({ command: 'restart' }).map((r) => r.agentId), ['rare-1']);
  });

  test('an agent of every broadcast gets its newest commands, newest first', () => {
    const rows = repo.history({ agentId: 'val-07', limit: 3 });
    assert.deepEqual(rows.map((r) => r.sentAt), [T + 100, T + 99, T + 98]);
    assert.ok(rows.every((r) => r.agentId === 'val-07'));
    assert.deepEqual(repo.history({ limit: 2 }).map((r) => [r.sentAt, r.agentId]), [[T + 100, 'val-49'], [T + 100, 'val-48']]);
  });
});

describe('migration 006: commands indexed by request and agent', () => {
  test('an existing database keeps its commands and trades the per-agent index for (request_id, agent_id)', () => {
    const db = new Database(join(dir, `m${++seq}.db`));
    const before006 = loadMigrations().filter((m) => m.version < 6);
    migrate(db, before006);
    db.prepare("INSERT INTO commands (id, request_id, agent_id, command, params, state, sent_at) VALUES ('cmd_1', NULL, 'val-01', 'status', '{}', 'sent', 1)").run();
    migrate(db);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'commands' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    // 008 adds only partial indexes of commands without a request (issue 15).
    assert.deepEqual(indexes, ['commands_direct_agent', 'commands_direct_command', 'commands_open', 'commands_request_agent', 'commands_unsuccessful']);
    assert.deepEqual(createCommandsRepo(db).history({ agentId: 'val-01' }).map((r) => r.id), ['cmd_1']);
    db.close();
  });
});
