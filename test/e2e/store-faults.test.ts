// A database that stops taking writes (read-only file, full disk): mserver refuses commands with a
// clear reason rather than run them unrecorded, and accepts them again once writes succeed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/ports.ts';
import { TestAgent } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const operator: Actor = { id: 'console:test', name: 'test (console)' };

describe('database faults', () => {
  let s: TestServer;
  let a: TestAgent;
  before(async () => {
    s = await startTestServer();
    a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'db-1' } });
    await waitUntil(() => s.app.hub.isConnected('db-1'), 'db-1');
  });
  after(async () => {
    await a.close();
    await s.dispose();
  });

  const status = () => s.app.dispatcher.dispatch({ command: 'status', target: 'db-1', params: {}, actor: operator, via: 'console' });

  it('refuses a command when the file is read-only, sends nothing, and says why', async () => {
    s.app.store.db.pragma('query_only = ON');
    try {
      await assert.rejects(status(), /mserver cannot write its database \(SQLITE_READONLY\), so nothing was sent/);
      await assert.rejects(status(), /mserver cannot write its database .*commands are accepted again as soon as writes succeed/);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(a.received.filter((f) => f.type === 'command').length, 0);
      assert.ok(s.logs.some((l) => l.level === 50 && String(l.msg).startsWith('database write failed')));
    } finally {
      s.app.store.db.pragma('query_only = OFF');
    }
  });

  it('accepts commands again as soon as writes succeed', async () => {
    const out = await status();
    assert.equal(out.kind, 'running');
    if (out.kind !== 'running') return;
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'success', { result: {} });
    assert.equal((await out.run.done)[0]?.state, 'success');
    assert.equal(s.app.store.commands.get(cmd.id)?.state, 'success');
  });

  it('refuses when the disk is full', async () => {
    const pages = s.app.store.db.pragma('page_count', { simple: true }) as number;
    s.app.store.db.pragma(`max_page_count = ${pages}`);
    try {
      // Fill the last free pages so that the next insert cannot grow the file.
      // Fill the pages a request would go to, so that the next request cannot be recorded.
      const fill = s.app.store.db.prepare(
        "INSERT INTO requests (command, target, agents, params, risk, digest, actor_id, actor_name, via, state, created_at, updated_at) VALUES ('fill', '', '[]', ?, 'read', '', '', '', 'system', 'done', 0, 0)",
      );
      for (const size of [2000, 200, 20, 1]) {
        try {
          for (let i = 0; i < 10_000; i++) fill.run('x'.repeat(size));
        } catch {
          // SQLITE_FULL at this size: go on with smaller rows until not even the smallest fits.
        }
      }
      await assert.rejects(status(), /mserver cannot write its database \(SQLITE_FULL\)/);
    } finally {
      s.app.store.db.pragma('max_page_count = 1073741823');
      s.app.store.db.prepare("DELETE FROM requests WHERE command = 'fill'").run();
    }
    const out = await status();
    assert.equal(out.kind, 'running');
    if (out.kind === 'running') {
      const cmd = await a.nextCommand();
      a.respond(cmd.id, 'success', { result: {} });
      await out.run.done;
    }
  });
});
