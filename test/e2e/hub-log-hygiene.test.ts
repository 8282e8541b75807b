// Log hygiene (issue 8, "Who gets in"): a busy hub, with refused agents, malformed frames, agents' answers
// carrying a keystore seed, a node key and tokens, and agent-chosen text that echoes a token in every field
// the hub logs. No token, seed or node key may appear in any captured log line, not even in part.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandHandle } from '../../src/core/ports.ts';
import { AgentRefusedError, TestAgent } from '../support/agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const SECOND_TOKEN = 'second-agent-token-9f8e7d6c5b4a3210';
const WRONG_TOKEN = 'not-the-token-but-close-0123456789ab';
const SEED = `0x${'5eed'.repeat(16)}`;
const NODE_KEY = 'ab12'.repeat(16);
const PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const SECRETS = { TEST_TOKEN, SECOND_TOKEN, WRONG_TOKEN, SEED, NODE_KEY, PHRASE };

/** Every 12-character piece of a secret: a log line holding a good part of one fails too. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i += 4) out.push(secret.slice(i, i + 12));
  return out;
}

describe('no secret in any log line of a busy hub', () => {
  let s: TestServer;
  let a: TestAgent;
  before(async () => {
    s = await startTestServer({ env: { MCLIENT_TOKEN: `${TEST_TOKEN},${SECOND_TOKEN}`, LOG_LEVEL: 'debug', COMMAND_TIMEOUT_MS: '300' } });
    a = await TestAgent.connect(s.url, { token: SECOND_TOKEN, tokenIn: 'register', register: { client_id: 'clean-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('clean-1'), 'clean-1');
  });
  after(async () => {
    await a.close();
    await s.dispose();
  });

  async function answered(handle: CommandHandle, answer: (id: string) => void): Promise<void> {
    await a.next((f) => f.type === 'command' && (f.data as { id?: string }).id === handle.commandId);
    answer(handle.commandId);
    await handle.done;
  }

  const send = (command: string, params: Record<string, unknown> = { container: 'polkadot' }) =>
    s.app.hub.send({ agentIds: ['clean-1'], command, params, requestId: null }).handles[0]!;

  async function scenario(): Promise<void> {
    // Refused agents: wrong tokens in each place, and a stranger whose first message echoes the token.
    for (const tokenIn of ['header', 'query', 'register'] as const) {
      await assert.rejects(TestAgent.connect(s.url, { token: WRONG_TOKEN, tokenIn, register: { client_id: 'intruder' }, settleMs: 300 }), AgentRefusedError);
    }
    const stranger = await TestAgent.connect(s.url, { register: false });
    stranger.send({ type: `auth ${TEST_TOKEN}`, token: TEST_TOKEN });
    assert.equal((await stranger.closed).code, 4401);
    const stranger2 = await TestAgent.connect(s.url, { register: false });
    stranger2.send(`token=${TEST_TOKEN} {`);
    assert.equal((await stranger2.closed).code, 4401);

    // Malformed frames and agent-chosen text that carries a token, in each field the hub may log.
    a.send(`not json ${TEST_TOKEN}`);
    a.send({ type: `x-${SECOND_TOKEN}`, data: { token: SECOND_TOKEN } });
    a.send({ type: 'command_response', data: { id: `cmd_1_${TEST_TOKEN}`, status: 'success', result: { token: TEST_TOKEN } } });
    a.send({ type: 'key_update', data: { container: `polkadot ${SECOND_TOKEN}`, session_key: '0xabcdef', action: 'rotate_keys' } });
    a.send({ type: 'summary', data: { host_name: 'clean-1-host', note: `--node-key ${NODE_KEY}`, payout_info: { stash: PHRASE } } });

    // Answers carrying secrets: a backup that is the keystore itself, logs with the node key, errors with tokens.
    await answered(send('backup_keys'), (id) => a.respond(id, 'success', { result: `"${SEED}"` }));
    await answered(send('backup_keys'), (id) => a.respond(id, 'success', { result: { path: '/backup/k.tar', content: SEED, phrase: PHRASE } }));
    await answered(send('logs', { container: 'polkadot', lines: 100 }), (id) =>
      a.respond(id, 'success', { result: { lines: [`2025-01-01 Running: polkadot --validator --node-key ${NODE_KEY}`, `Secret seed: ${SEED}`, PHRASE] } }),
    );
    await answered(send('status'), (id) => a.respond(id, 'failed', { error: `could not authenticate with token ${TEST_TOKEN} (also tried ${SECOND_TOKEN})` }));
    await answered(send('exec', { container: 'polkadot', command: 'cat keystore' }), (id) => a.respond(id, 'error', { error: `{"secretSeed":"${SEED}"}` }));
    // A token across the 4,000-character cut of an error: redacted before it is cut, not half kept.
    await answered(send('status'), (id) => a.respond(id, 'failed', { error: `${'x'.repeat(3980)}${TEST_TOKEN}` }));
    // A late answer and a progress word with secrets.
    const late = send('status');
    await late.done;
    a.respond(late.commandId, 'success', { result: { token: TEST_TOKEN, seed: SEED } });
    const progress = send('status');
    await a.next((f) => f.type === 'command' && (f.data as { id?: string }).id === progress.commandId);
    a.respond(progress.commandId, `running ${TEST_TOKEN}`.slice(0, 64));
    await progress.done;
    await waitUntil(() => s.app.hub.stats().lateResponses >= 1, 'late answer handled');
  }
  // The scenario runs once per file, from whichever test comes first: the checks below stand alone
  // (and have something to find) without relying on the test before them.
  let ran: Promise<void> | undefined;
  const busy = () => (ran ??= scenario());

  it('runs the busy scenario', () => busy());

  it('stores no secret from an error, a progress word, a late answer or an agent-chosen field', async () => {
    await busy();
    s.app.store.queue.flush();
    const db = s.app.store.db;
    const stored = [
      ...db.prepare('SELECT error, progress, result FROM commands').all(),
      ...db.prepare('SELECT detail FROM command_events').all(),
      ...db.prepare('SELECT container FROM session_keys').all(),
      ...db.prepare('SELECT type, body FROM agent_messages').all(),
      ...db.prepare('SELECT detail FROM audit').all(),
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    for (const [name, secret] of Object.entries({ TEST_TOKEN, SECOND_TOKEN, SEED, NODE_KEY })) {
      const found = pieces(secret).filter((p) => stored.includes(p));
      assert.deepEqual(found, [], `${name} is stored: ${stored.split('\n').find((l) => found[0] !== undefined && l.includes(found[0]))?.slice(0, 300) ?? ''}`);
    }
  });

  it('leaves no token, seed, phrase or node key in any log line', async () => {
    await busy();
    await s.stop();
    const text = s.logText();
    assert.ok(s.logs.length > 10, `a busy log (${s.logs.length} lines)`);
    for (const [name, secret] of Object.entries(SECRETS)) {
      const found = pieces(secret).filter((p) => text.includes(p));
      const line = found.length ? text.split('\n').find((l) => l.includes(found[0]!)) : undefined;
      assert.deepEqual(found, [], `${name} appears in the log: ${line?.slice(0, 300) ?? ''}`);
    }
  });
});
