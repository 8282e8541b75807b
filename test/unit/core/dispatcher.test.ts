// The dispatcher's rules with a real store and a real hub on loopback (no agents needed for refusals).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../../src/core/ports.ts';
import { UserError } from '../../../src/core/errors.ts';
import { startTestServer, type TestServer } from '../../support/mserver.ts';
import { TestAgent } from '../../support/agent.ts';
import { TEST_TOKEN } from '../../support/mserver.ts';
import { waitUntil } from '../../support/wait.ts';
import { fixedMembers } from '../../support/fixed-members.ts';

const alice: Actor = { id: '100000000000000001', name: 'alice', roles: ['200000000000000002'] };
const bob: Actor = { id: '100000000000000002', name: 'bob', roles: ['200000000000000003', '200000000000000004'] };

describe('dispatcher', () => {
  let s: TestServer;
  let agent: TestAgent;
  before(async () => {
    s = await startTestServer({
      env: { ROLE_OPERATOR_IDS: '200000000000000002', ROLE_ADMIN_IDS: '200000000000000003', ROLE_APPROVER_IDS: '200000000000000004' },
      app: { memberRoles: fixedMembers([alice, bob]) },
    });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'd-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('d-1'), 'd-1');
  });
  after(async () => {
    await agent.close();
    await s.dispose();
  });

  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return err instanceof UserError ? err.code : 'other';
    }
    return 'none';
  };

  test('a confirmation binds to the exact request and runs once', async () => {
    const out = await s.app.dispatcher.dispatch({ command: 'restart', target: 'd-1', params: { container: 'polkadot' }, actor: alice, via: 'discord' });
    assert.equal(out.kind, 'needs_confirmation');
    const id = out.request.id;
    assert.equal(code(() => s.app.dispatcher.confirm(id, bob, 'discord')), 'forbidden');
    s.app.dispatcher.confirm(id, alice, 'discord');
    assert.equal(code(() => s.app.dispatcher.confirm(id, alice, 'discord')), 'conflict');
    const cmd = await agent.nextCommand();
    assert.deepEqual(cmd.params, { container: 'polkadot', stop_timeout_s: 60 });
    agent.respond(cmd.id, 'success', { result: {} });
  });

  test('a request changed after it was asked for cannot run under it', async () => {
    const out = await s.app.dispatcher.dispatch({ command: 'restart', target: 'd-1', params: { container: 'polkadot' }, actor: alice, via: 'discord' });
    s.app.store.db.prepare("UPDATE requests SET params = '{\"container\":\"other\",\"stop_timeout_s\":60}' WHERE id = ?").run(out.request.id);
    assert.equal(code(() => s.app.dispatcher.confirm(out.request.id, alice, 'discord')), 'conflict');
    assert.equal(agent.received.filter((f) => f.type === 'command').length, 1);
  });

  test('an authorization covers its command only, and stops covering it once revoked', async () => {
    const granted = s.app.dispatcher.authorize({ command: 'status', target: 'd-1', params: {}, actor: alice, via: 'discord' }, { purpose: 'schedule test' });
    assert.equal(granted.kind, 'granted');
    const id = granted.request.id;
    await assert.rejects(
      s.app.dispatcher.dispatch({ command: 'status', target: 'd-1', params: { container: 'x' }, actor: alice, via: 'schedule' }, { authorization: id }),
      /does not match what authorization/,
    );
    const run = await s.app.dispatcher.dispatch({ command: 'status', target: 'd-1', params: {}, actor: alice, via: 'schedule' }, { authorization: id });
    assert.equal(run.kind, 'running');
    const cmd = await agent.nextCommand();
    agent.respond(cmd.id, 'success', { result: {} });
    s.app.dispatcher.revoke(id, alice, 'discord');
    await assert.rejects(
      s.app.dispatcher.dispatch({ command: 'status', target: 'd-1', params: {}, actor: alice, via: 'schedule' }, { authorization: id }),
      /is revoked/,
    );
  });

  test('a critical authorization waits for an approver, then is granted without running anything', async () => {
    const out = s.app.dispatcher.authorize({ command: 'stop', target: 'd-1', params: { container: 'polkadot' }, actor: bob, via: 'discord' }, { purpose: 'schedule nightly-stop', reason: 'maintenance' });
    assert.equal(out.kind, 'needs_approval');
    const sent = agent.received.filter((f) => f.type === 'command').length;
    const approver: Actor = { id: '100000000000000009', name: 'carol', roles: ['200000000000000004', '200000000000000003'] };
    const result = await s.app.dispatcher.approve(out.request.id, approver, 'discord');
    assert.equal(result.request.state, 'granted');
    assert.equal(result.run, undefined);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(agent.received.filter((f) => f.type === 'command').length, sent);
  });

  test('an approval pressed before the requester gave the reason is refused and decides nothing', async () => {
    const out = await s.app.dispatcher.dispatch({ command: 'stop', target: 'd-1', params: { container: 'polkadot' }, actor: bob, via: 'discord' });
    assert.equal(out.kind, 'needs_approval');
    assert.equal(out.request.reason, null);
    const approver: Actor = { id: '100000000000000009', name: 'carol', roles: ['200000000000000004', '200000000000000003'] };
    await assert.rejects(s.app.dispatcher.approve(out.request.id, approver, 'discord'), (err: unknown) => err instanceof UserError && err.code === 'conflict' && /still waiting for its reason/.test(err.message));
    assert.equal(s.app.dispatcher.getRequest(out.request.id)?.state, 'awaiting_approval');
    s.app.store.queue.flush();
    assert.deepEqual(s.app.store.requests.votes(out.request.id), [], 'no vote was recorded');
  });

  test('abandon gives up on a running request for its requester only; cancel never stops a running one', async () => {
    const out = await s.app.dispatcher.dispatch({ command: 'status', target: 'd-1', params: {}, actor: alice, via: 'discord' });
    assert.equal(out.kind, 'running');
    if (out.kind !== 'running') return;
    const id = out.request.id;
    const cmd = await agent.nextCommand();
    assert.equal(code(() => s.app.dispatcher.cancel(id, alice, 'discord')), 'conflict', 'a stale Cancel button does nothing');
    assert.equal(code(() => s.app.dispatcher.abandon(id, bob, 'discord')), 'forbidden');
    s.app.dispatcher.abandon(id, alice, 'discord');
    const [outcome] = await out.run.done;
    assert.equal(outcome!.state, 'cancelled');
    assert.match(outcome!.error ?? '', /^cancelled by alice via discord before the agent answered/);
    assert.equal(code(() => s.app.dispatcher.abandon(id, alice, 'discord')), 'conflict');
    agent.respond(cmd.id, 'success', { result: {} });
  });
});
