// The operator console of a real mserver process, driven through piped stdin; start-up errors, a crash
// in the middle of a command, and a graceful stop.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { spawnMserver, startMserverProcess, type MserverProcess } from '../support/mserver-process.ts';
import { startTestServer, TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';

describe('console through a pipe', () => {
  let dir: string;
  let m: MserverProcess;
  let fleet: Fleet;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-console-'));
    m = await startMserverProcess({ DATABASE_PATH: join(dir, 'db.sqlite'), MCLIENT_TOKEN: TEST_TOKEN, COMMAND_TIMEOUT_MS: '3000' });
    fleet = await startFleet({ url: `ws://127.0.0.1:${m.port}`, clients: 3, token: TEST_TOKEN, summaryEveryMs: 0, seed: 5, idPrefix: 'box' });
    await fleet.waitConnected(3, 10_000);
  });
  after(async () => {
    await fleet.stop();
    await m.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists agents with their state and host', async () => {
    const from = m.stdout.length;
    m.write('list');
    await m.waitForStdout('Agents: 3 known, 3 connected.', 10_000, from);
    const line = await m.waitForStdout(/online\s+box-1\s+host box-host-1/, 5000, from);
    assert.match(line, /polkadot-validator-1/);
  });

  it('sends one command and prints the outcome with the result', async () => {
    const from = m.stdout.length;
    m.write('send box-2 status');
    await m.waitForStdout(/Request #\d+: status sent to 1 agent/, 10_000, from);
    const line = await m.waitForStdout(/^\s+box-2\s+success/, 10_000, from);
    assert.match(line, /polkadot-validator-1/);
  });

  it('asks for confirmation of a change command and runs it after yes', async () => {
    const container = fleet.agents[0]!.containers[0]!;
    const from = m.stdout.length;
    m.write(`send box-1 restart container=${container} stop_timeout_s=30`);
    await m.waitForStdout('Type yes to run it', 10_000, from);
    m.write('yes');
    await m.waitForStdout(/^\s+box-1\s+success/, 10_000, from);
    const received = fleet.agents[0]!.commandsReceived;
    assert.ok(received >= 1);
  });

  it('cancels when the answer is not yes, and sends nothing', async () => {
    const before = fleet.agents[2]!.commandsReceived;
    const from = m.stdout.length;
    m.write(`send box-3 stop container=${fleet.agents[2]!.containers[0]!}`);
    await m.waitForStdout('Type yes to run it', 10_000, from);
    m.write('no');
    await m.waitForStdout(/Request #\d+ cancelled: nothing was sent/, 10_000, from);
    assert.equal(fleet.agents[2]!.commandsReceived, before);
  });

  it('broadcasts and prints one line per agent and a tally', async () => {
    const from = m.stdout.length;
    m.write('broadcast status');
    await m.waitForStdout('Done: 3 success.', 10_000, from);
    for (const id of ['box-1', 'box-2', 'box-3']) await m.waitForStdout(new RegExp(`^\\s+${id}\\s+success`), 1000, from);
  });

  it('shows history, keys and the token', async () => {
    const container = fleet.agents[1]!.containers[0]!;
    let from = m.stdout.length;
    m.write(`send box-2 rotate_keys container=${container} --yes`);
    await m.waitForStdout(/^\s+box-2\s+success\s.*set_keys pending/, 10_000, from);
    from = m.stdout.length;
    m.write('keys box-2');
    const keyLine = await m.waitForStdout(/box-2\s+polkadot-validator-1\s+0x[0-9a-f]+/, 10_000, from);
    assert.ok(keyLine.includes(fleet.agents[1]!.sessionKeys.get(container)!));
    from = m.stdout.length;
    m.write('history box-2');
    await m.waitForStdout(/box-2\s+rotate_keys\s+success .* by \S+ \(console\) via console/, 10_000, from);
    from = m.stdout.length;
    m.write('token');
    await m.waitForStdout('The fleet enrolment token is the one in MCLIENT_TOKEN (not shown).', 10_000, from);
    assert.equal(m.stdout.join('\n').includes(TEST_TOKEN), false, 'the console never prints the token');
  });

  it('answers mistakes with a clear error and keeps going', async () => {
    const from = m.stdout.length;
    m.write('send nobody status');
    await m.waitForStdout('error: No agent called "nobody" has ever connected.', 10_000, from);
    m.write('send box-1 logs lines=9');
    await m.waitForStdout('error: logs: container: required', 10_000, from);
    m.write('frobnicate');
    await m.waitForStdout('error: Unknown console command "frobnicate". Type help.', 10_000, from);
    m.write('list');
    await m.waitForStdout('Agents: 3 known', 10_000, from);
  });
});

describe('process life', () => {
  it('refuses a bad configuration with one line per problem and exit code 2', async () => {
    const child = spawnMserver({ MCLIENT_PORT: 'abc', LOG_LEVEL: 'loud', MCLIENT_TOKEN: 'short' }, []);
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(err, /MCLIENT_PORT="abc" is not valid: expected an integer from 0 to 65535/);
    assert.match(err, /LOG_LEVEL="loud" is not valid: expected fatal, error, warn, info, debug, trace, silent/);
    assert.match(err, /MCLIENT_TOKEN=\(hidden\) is not valid/);
    assert.doesNotMatch(err, /short|at .*\.ts:\d+/, 'no secret and no stack trace');
  });

  it('generates an enrolment token at first start into a 0600 file beside the database, never into a log stream, and keeps only its hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-token-'));
    try {
      const env = { DATABASE_PATH: join(dir, 'db.sqlite') };
      const first = await startMserverProcess(env, ['--console']);
      const file = join(dir, 'enrolment-token');
      assert.ok(first.stderr.some((l) => l.includes(`written to ${file} (mode 0600)`)), 'the path is told');
      const token = readFileSync(file, 'utf8').trim();
      assert.ok(Buffer.from(token, 'base64url').length >= 32);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      await first.waitForStderr('Discord is off: set DISCORD_TOKEN');
      assert.equal([...first.stderr, ...first.stdout].join('\n').includes(token), false, 'never on a log stream');
      const from = first.stdout.length;
      first.write('token');
      await first.waitForStdout(`The fleet enrolment token is in the file ${file} (mode 0600)`, 10_000, from);
      const db = new Database(join(dir, 'db.sqlite'), { readonly: true });
      const values = db.prepare('SELECT value FROM settings').pluck().all() as string[];
      db.close();
      assert.equal(values.includes(token), false, 'not in the database');
      assert.ok(values.includes(createHash('sha256').update(token).digest('hex')), 'its hash is');
      const agent = await TestAgent.connect(`ws://127.0.0.1:${first.port}`, { token, register: { client_id: 'tok-agent' } });
      await agent.close();
      assert.equal((await first.kill('SIGTERM')).code, 0, 'SIGTERM stops gracefully with exit code 0');
      const second = await startMserverProcess(env, []);
      assert.equal(second.stderr.join('\n').includes(token), false, 'not printed again');
      const again = await TestAgent.connect(`ws://127.0.0.1:${second.port}`, { token, register: { client_id: 'tok-agent' } });
      await again.close();
      await second.kill();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks a command running at a crash as interrupted at the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-crash-'));
    try {
      const m = await startMserverProcess({ DATABASE_PATH: join(dir, 'mserver.db'), MCLIENT_TOKEN: TEST_TOKEN });
      const agent = await TestAgent.connect(`ws://127.0.0.1:${m.port}`, { token: TEST_TOKEN, register: { client_id: 'crash-1' } });
      await new Promise((r) => setTimeout(r, 100));
      m.write('send crash-1 status');
      const cmd = await agent.nextCommand(10_000);
      const killed = await m.kill('SIGKILL');
      assert.equal(killed.signal, 'SIGKILL');
      const s = await startTestServer({ dir });
      try {
        const row = s.app.store.commands.get(cmd.id);
        assert.equal(row?.state, 'interrupted');
        assert.deepEqual(s.app.store.commands.events(cmd.id).map((e) => e.state), ['sent', 'interrupted']);
        assert.ok(s.logs.some((l) => String(l.msg).includes('marked interrupted')));
        assert.equal(s.app.store.agents.get('crash-1')?.connected, false);
      } finally {
        await s.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
