// A rolling restart (issue 19) over five agents where the third never becomes healthy: one agent at a
// time, the next only after the last one's status is healthy, and it stops at the third and says where;
// the fourth and fifth are never restarted. Progress shows in the reply.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { TestAgent } from '../support/agent.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const IDS5 = ['rr-1', 'rr-2', 'rr-3', 'rr-4', 'rr-5'];
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => `${f.name}: ${f.value}`).join('\n')}`)].join('\n');

describe('rolling restart', () => {
  let st: DiscordStack;
  const agents: TestAgent[] = [];
  const log: string[] = [];
  let stopped = false;

  /** Answers like a node: restart succeeds; status is healthy with a best block that advances, except rr-3 (no peers, ever). */
  async function serve(agent: TestAgent, id: string): Promise<void> {
    let best = 1000;
    while (!stopped) {
      const cmd = await agent.nextCommand(60_000).catch(() => undefined);
      if (!cmd) return;
      log.push(`${id}:${cmd.command}`);
      if (cmd.command === 'restart') agent.respond(cmd.id, 'success', { result: { state: 'running' } });
      else if (cmd.command === 'status') {
        best += 2;
        agent.respond(cmd.id, 'success', { result: { containers: [{ name: 'node', state: 'running', is_syncing: false, peers: id === 'rr-3' ? 0 : 12, best_block: best }] } });
      } else agent.respond(cmd.id, 'failed', { error: 'unexpected' });
    }
  }

  before(async () => {
    st = await startDiscordStack({ env: { COMMAND_TIMEOUT_MS: '3000', ROLLING_POLL_MS: '30', ROLLING_HEALTH_TIMEOUT_S: '1', ROLLING_MIN_PEERS: '3' } });
    for (const id of IDS5) agents.push(await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: id, containers: ['node'] } }));
    await waitUntil(() => IDS5.every((id) => st.s.app.hub.isConnected(id)), 'five agents');
    agents.forEach((a, i) => void serve(a, IDS5[i]!));
  });
  after(async () => {
    stopped = true;
    for (const a of agents) await a.close();
    await st.stop();
  });

  it('restarts one at a time, each healthy before the next, and stops at the third, saying where', async () => {
    const ref = await st.emu.slash({
      name: 'send',
      options: [opt.string('target', IDS5.join(',')), opt.string('command', 'restart'), opt.string('container', 'node'), { type: 5, name: 'rolling', value: true }],
      user: MEMBERS.operator.user,
      roles: [...MEMBERS.operator.roles],
      channelId: IDS.channels.ops,
    });
    const prompt = await st.emu.waitFor(() => st.emu.interaction(ref.id).original, 8000);
    assert.match(text(prompt), /rolling=true/);
    assert.equal(log.length, 0, 'nothing before the confirmation');
    const yes = prompt.components.flatMap((r) => r.components ?? []).find((c) => String(c.custom_id).startsWith('confirm:yes:'))!;
    const progress: string[] = [];
    st.s.app.dispatcher.events.on('run_started', ({ run }) => run.onUpdate((u) => void (u.state === 'progress' && progress.push(`${u.agentId}: ${u.progress}`))));
    const click = await st.emu.click({ message: prompt, customId: String(yes.custom_id), user: MEMBERS.operator.user, roles: [...MEMBERS.operator.roles] });

    const final = await st.emu.waitFor(() => st.emu.interaction(click.id).followUps.find((m) => /stopped at rr-3/.test(text(m)) && /rr-5 · failed/.test(text(m))), 15_000);
    const body = text(final);
    // Progress, as the reply was kept in step with it: rr-3 restarted and waited for.
    assert.ok(progress.some((p) => /^rr-3: restarted \(3 of 5\); waiting until healthy: 0 peers \(needs 3\)/.test(p)), progress.join('\n'));
    assert.match(body, /❌ rr-3 · failed · 0 peers \(needs 3\), still after 1 s/);
    assert.match(body, /❌ rr-4 · failed · not restarted: stopped at rr-3 \(3 of 5\)/);
    assert.match(body, /❌ rr-5 · failed · not restarted: stopped at rr-3 \(3 of 5\)/);
    assert.match(body, /✅ rr-1 · .* · \{"health":"healthy: 12 peers/);

    // The order the agents saw: each restart after the previous node reported healthy; rr-4 and rr-5 untouched.
    const restarts = log.filter((l) => l.endsWith(':restart'));
    assert.deepEqual(restarts, ['rr-1:restart', 'rr-2:restart', 'rr-3:restart']);
    const at = (entry: string) => log.indexOf(entry);
    assert.ok(log.slice(at('rr-1:restart'), at('rr-2:restart')).filter((l) => l === 'rr-1:status').length >= 2, 'rr-1 polled until its best block advanced');
    assert.ok(log.slice(at('rr-2:restart'), at('rr-3:restart')).includes('rr-2:status'));
    assert.ok(!log.some((l) => l.startsWith('rr-4') || l.startsWith('rr-5')));
    // The agents never saw mserver's own parameter.
    const restartFrames = agents[0]!.received.filter((f) => f.type === 'command' && (f.data as { command: string }).command === 'restart');
    assert.deepEqual((restartFrames[0]!.data as { params: unknown }).params, { container: 'node', stop_timeout_s: 60 });
  });

  it('a cancel while it waits for a node stops it: the agents after it are cancelled and never restarted', async () => {
    const ops = { id: 'console:ops', name: 'ops (console)' };
    const from = log.length;
    const asked = await st.s.app.dispatcher.dispatch({ command: 'restart', target: 'rr-3,rr-4', params: { container: 'node', rolling: 'true' }, actor: ops, via: 'console' });
    assert.equal(asked.kind, 'needs_confirmation');
    const run = st.s.app.dispatcher.confirm(asked.request.id, ops, 'console');
    // rr-3 restarted and never healthy: mserver polls its status.
    await waitUntil(() => log.slice(from).includes('rr-3:status'), 'rr-3 polled');
    st.s.app.dispatcher.abandon(asked.request.id, ops, 'console');
    const outcomes = await run.done;
    assert.deepEqual(outcomes.map((u) => `${u.agentId}:${u.state}`).sort(), ['rr-3:cancelled', 'rr-4:cancelled']);
    assert.match(outcomes.find((u) => u.agentId === 'rr-4')!.error ?? '', /cancelled by ops \(console\)/);
    // A later command to rr-4 arrives: nothing else was sent to it before, so its restart never will be.
    const later = await st.s.app.dispatcher.dispatch({ command: 'status', target: 'rr-4', params: { container: 'node' }, actor: ops, via: 'console' });
    assert.equal(later.kind, 'running');
    if (later.kind === 'running') await later.run.done;
    assert.deepEqual(log.slice(from).filter((l) => l.startsWith('rr-4')), ['rr-4:status']);
  });
});
