// A scheduled run that fails is said once in the alerts channel, not twice (the schedule's own post
// and the unattended-failure notice), yet recorded as a notice for the API and the dashboard; and a
// schedule posting elsewhere still gets the alert.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { IDS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { drained } from '../support/outbox-drain.ts';
import { waitUntil } from '../support/wait.ts';

describe('failed scheduled runs', () => {
  let st: DiscordStack;
  let a: TestAgent;
  const console_ = { actor: { id: 'console:t', name: 't (console)' }, via: 'console' as const };
  before(async () => {
    st = await startDiscordStack();
    a = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'sf-1', containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected('sf-1'), 'sf-1');
  });
  after(async () => {
    await a.close();
    await st.stop();
  });

  const mentioning = (channel: string, requestId: number) =>
    st.emu.messages(channel).filter((m) => JSON.stringify([m.content, m.embeds]).includes(`#${requestId}`));

  it('posts a failure once when the schedule reports to the alerts channel', async () => {
    st.s.app.scheduler.add({ name: 'check-a', cron: '0 0 1 1 *', target: 'sf-1', command: 'status', params: {} }, console_);
    const out = await st.s.app.scheduler.runNow('check-a', console_);
    assert.equal(out.kind, 'running', 'status runs at once');
    if (out.kind !== 'running') return;
    const { request, run } = out;
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'failed', { error: 'docker is down' });
    await run.done;
    await st.emu.waitFor(() => mentioning(IDS.channels.alerts, request.id).length > 0, 8000);
    // A second post would have been stored when the run finished: a marker stored now comes after it.
    await drained(st, 'alerts', IDS.channels.alerts);
    assert.equal(mentioning(IDS.channels.alerts, request.id).length, 1);
    // Still a notice for the API and the dashboard, which have no other word of it.
    st.s.app.store.queue.flush();
    const recorded = st.s.app.store.notices.page({ limit: 50 }).filter((n) => n.kind === 'run_failed' && JSON.stringify(n.facts).includes(`"id":${request.id}`));
    assert.equal(recorded.length, 1);
  });

  it('also alerts when the schedule posts in another channel', async () => {
    st.s.app.scheduler.add({ name: 'check-b', cron: '0 0 1 1 *', target: 'sf-1', command: 'status', params: {}, channelId: IDS.channels.ops }, console_);
    const { request } = await st.s.app.scheduler.runNow('check-b', console_);
    const cmd = await a.nextCommand();
    a.respond(cmd.id, 'failed', { error: 'docker is down' });
    await st.emu.waitFor(() => mentioning(IDS.channels.ops, request.id).length > 0 && mentioning(IDS.channels.alerts, request.id).length > 0, 8000);
  });
});
