// The console never blocks: a command an agent does not answer shows that it waits (with the time so
// far) and gives the prompt back; `list` answers meanwhile; `cancel` gives up on it, recorded in history
// and the audit trail as cancelled by whom. And what a person typed is quoted back cut, never whole.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

describe('console: waiting commands, cancel, and what it echoes', () => {
  let s: TestServer;
  let agent: TestAgent;
  const input = new PassThrough();
  const output = new PassThrough();
  const out: string[] = [];
  let ended: Promise<string>;
  const type = (line: string) => input.write(`${line}\n`);
  const waitFor = async (match: RegExp, from = 0) => {
    await waitUntil(() => out.slice(from).some((l) => match.test(l)), `console to print ${match}; it printed:\n${out.join('\n')}`, 10_000);
    return out.slice(from).find((l) => match.test(l))!;
  };

  before(async () => {
    s = await startTestServer();
    let partial = '';
    output.on('data', (c: Buffer) => {
      partial += c.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      out.push(...parts);
    });
    ended = s.app.runConsole({ input, output, terminal: false, onQuit: () => {}, foregroundMs: 200, remindEveryMs: 300 });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'stall-1' } });
    await waitUntil(() => s.app.hub.isConnected('stall-1'), 'stall-1 connected');
  });
  after(async () => {
    await agent.close();
    input.end();
    await s.dispose();
  });

  it('a command nobody answers frees the prompt, says it waits, list answers meanwhile, cancel is recorded', async () => {
    let from = out.length;
    type('send stall-1 status');
    const cmd = await agent.nextCommand(10_000);
    const waiting = await waitFor(/^Request #(\d+) \(status on stall-1\): waiting for stall-1, \d+ ms so far\. The prompt is free: "cancel \d+" gives up on it/, from);
    const id = Number(/#(\d+)/.exec(waiting)![1]);
    await waitFor(new RegExp(`^Request #${id} \\(status on stall-1\\): still waiting for stall-1, [\\d.]+ (ms|s) so far\\.`), from);

    from = out.length;
    type('list');
    await waitFor(/^Agents: 1 known, 1 connected\./, from);
    type('waiting');
    await waitFor(new RegExp(`^  #${id}  status on stall-1  waiting for stall-1, `), from);

    from = out.length;
    type(`cancel ${id}`);
    await waitFor(new RegExp(`^Request #${id}: gave up waiting; recorded as cancelled by \\S+ \\(console\\)\\.`), from);
    await waitFor(new RegExp(`^Request #${id} \\(status on stall-1\\) finished after `), from);
    await waitFor(/^\s+stall-1\s+cancelled\s.*cancelled by \S+ \(console\) via console before the agent answered/, from);

    // The store says so: the command's outcome, the request done, and who cancelled in the audit trail.
    s.app.store.queue.flush();
    const row = s.app.store.commands.get(cmd.id);
    assert.equal(row?.state, 'cancelled');
    assert.match(row?.error ?? '', /cancelled by \S+ \(console\) via console/);
    await waitUntil(() => (s.app.store.queue.flush(), s.app.store.requests.get(id)?.state === 'done'), 'request done');
    const audit = s.app.store.audit.list({ limit: 20 }).filter((e) => e.requestId === id);
    const cancelled = audit.find((e) => e.kind === 'cancelled');
    assert.ok(cancelled, audit.map((e) => e.kind).join(', '));
    assert.equal(cancelled.via, 'console');
    assert.match(cancelled.actorName ?? '', /\(console\)$/);
    assert.deepEqual(cancelled.detail, { running: true, commands: 1 });

    from = out.length;
    type('history stall-1');
    await waitFor(new RegExp(`#${id} \\S+\\s+stall-1\\s+status\\s+cancelled .* by \\S+ \\(console\\) via console`), from);

    // The agent's late answer is kept, and nothing is printed twice.
    agent.respond(cmd.id, 'success', { result: { containers: [{ name: 'polkadot-validator-1', state: 'running' }] } });
    from = out.length;
    type(`cancel ${id}`);
    await waitFor(new RegExp(`^error: Request #${id} is already done\\.`), from);
  });

  it('quotes long input back cut to 80 characters with its length', async () => {
    const from = out.length;
    type(`send ${'x'.repeat(200_000)} status`);
    const line = await waitFor(/^error: No agent called/, from);
    assert.equal(line, `error: No agent called "${'x'.repeat(80)}…" (200,000 characters) has ever connected. \`list\` (or /nodes) shows the known agents.`);
    type(`${'y'.repeat(5000)}`);
    const verb = await waitFor(/^error: Unknown console command/, from);
    assert.equal(verb, `error: Unknown console command "${'y'.repeat(80)}…" (5,000 characters). Type help.`);
    assert.ok(out.slice(from).every((l) => l.length < 400), 'nothing echoed whole');
  });

  it('extra words after a verb are an error, not ignored', async () => {
    const from = out.length;
    type('list all');
    await waitFor(/^error: list takes nothing after it \(got "all"\)\. Type help\./, from);
    type('help me');
    await waitFor(/^error: help takes nothing after it \(got "me"\)/, from);
    type('keys a b');
    await waitFor(/^error: usage: keys \[client\] \(got "a b"\)/, from);
    type('schedule show a b');
    await waitFor(/^error: usage: schedule show <name> \(one name; got "a b"\)/, from);
    type('cancel');
    await waitFor(/^error: usage: cancel <request number>/, from);
  });

  it('a schedule added while Discord is off says where its outcomes go', async () => {
    const from = out.length;
    type('schedule add nightly "0 3 * * *" stall-1 status');
    await waitFor(/^Schedule nightly added: status on stall-1, "0 3 \* \* \*" in UTC; active; outcomes go to this console and history \(Discord is off\)\./, from);
  });

  it('end of input ends the console once nothing is left running', async () => {
    input.end();
    assert.equal(await ended, 'end of input');
  });
});
