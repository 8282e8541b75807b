import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import type { CommandUpdate } from '../../../src/core/ports.ts';
import { createRedactor } from '../../../src/core/redact.ts';
import { createResultSanitizer } from '../../../src/core/result-sanitizer.ts';
import { createPendingCommands } from '../../../src/hub/pending-commands.ts';
import { createStore, type Store } from '../../../src/store/store.ts';

const T = 1_764_270_000_000;

describe('pending commands: a batch per send', { timeout: 10_000 }, () => {
  let dir: string;
  let store: Store;
  let seq = 0;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-pending-'));
    store = createStore(join(dir, 'p.db'), pino({ level: 'silent' }));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const redactor = createRedactor();
  const pending = () =>
    createPendingCommands({
      commands: store.commands,
      queue: store.queue,
      clock: { now: () => Date.now() },
      resultMaxBytes: 65_536,
      sanitizeResult: createResultSanitizer(redactor),
      sanitizeText: redactor.text,
    });
  const shared = { requestId: null, command: 'status', params: {}, sentAt: T };

  /** Rows for `n` sent commands, so that their outcomes have somewhere to go. */
  function sent(n: number): string[] {
    const ids = Array.from({ length: n }, () => `cmd_${T}_${1000 + seq++}`);
    store.commands.insertCommands(ids.map((id, i) => ({ id, requestId: null, agentId: `val-${i}`, command: 'status', params: {}, state: 'sent' as const, at: T })));
    return ids;
  }

  test('done gives every outcome in the batch order, each stored by then; the listener hears each one', async () => {
    const p = pending();
    const ids = sent(3);
    const heard: string[] = [];
    const batch = p.open(4, shared, 60_000, (u) => heard.push(`${u.agentId}:${u.state}`));
    ids.forEach((id, i) => p.track(batch, i, id, `val-${i}`));
    const offline: CommandUpdate = { commandId: 'cmd_x', requestId: null, agentId: 'val-3', command: 'status', state: 'not_connected', at: T, sentAt: T };
    p.settle(batch, 3, offline);
    p.finish(ids[2]!, 'success', { result: { ok: 3 } });
    p.finish(ids[0]!, 'failed', { error: 'no container' });
    p.finish(ids[1]!, 'success', { result: { ok: 2 } });
    const all = await batch.done;
    assert.deepEqual(all.map((u) => [u.agentId, u.state]), [['val-0', 'failed'], ['val-1', 'success'], ['val-2', 'success'], ['val-3', 'not_connected']]);
    assert.deepEqual(heard, ['val-2:success', 'val-0:failed', 'val-1:success']);
    assert.deepEqual(ids.map((id) => store.commands.get(id)?.state), ['failed', 'success', 'success']);
    assert.deepEqual(store.commands.get(ids[2]!)?.result, { ok: 3 });
    assert.equal(p.size, 0);
  });

  test('one command can be awaited on its own, as often as asked, before and after it ends', async () => {
    const p = pending();
    const ids = sent(2);
    const batch = p.open(2, shared, 60_000);
    ids.forEach((id, i) => p.track(batch, i, id, `val-${i}`));
    const first = batch.outcome(1);
    const second = batch.outcome(1);
    p.finish(ids[1]!, 'success', { result: 'up' });
    assert.equal((await first).state, 'success');
    assert.equal(await second, await first);
    assert.equal((await batch.outcome(1)).commandId, ids[1]);
    p.finish(ids[0]!, 'failed', { error: 'x' });
    assert.equal((await batch.done).length, 2);
  });

  test('one timer for the batch: what has not answered times out, what did keeps its outcome', async () => {
    const p = pending();
    const ids = sent(3);
    const batch = p.open(3, shared, 50);
    ids.forEach((id, i) => p.track(batch, i, id, `val-${i}`));
    p.finish(ids[1]!, 'success', { result: 'fast' });
    const all = await batch.done;
    assert.deepEqual(all.map((u) => u.state), ['timeout', 'success', 'timeout']);
    assert.match(all[0]!.error ?? '', /no final answer within 0 s/);
    assert.equal(store.commands.get(ids[0]!)?.state, 'timeout');
    assert.equal(p.finish(ids[0]!, 'success'), false, 'a command ends once');
  });

  test('an agent’s open commands are found by agent and command, and leave with their answer', async () => {
    const p = pending();
    const ids = sent(2);
    const batch = p.open(2, { ...shared, command: 'rotate_keys', params: { container: 'polkadot' } }, 60_000);
    p.track(batch, 0, ids[0]!, 'val-0');
    p.track(batch, 1, ids[1]!, 'val-0');
    assert.deepEqual(p.ofAgent('val-0'), ids);
    assert.equal(p.findOpen('val-0', 'rotate_keys', (c) => c.params.container === 'polkadot')?.command, 'rotate_keys');
    assert.equal(p.findOpen('val-0', 'status'), undefined);
    p.finish(ids[0]!, 'disconnected', { error: 'gone' });
    p.finish(ids[1]!, 'disconnected', { error: 'gone' });
    await batch.done;
    assert.deepEqual(p.ofAgent('val-0'), []);
  });

  test('an empty batch is done at once', async () => {
    assert.deepEqual(await pending().open(0, shared, 60_000).done, []);
  });
});
