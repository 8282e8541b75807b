// How the real process ends: SIGTERM to `npm start` (as Docker and systemd send it) stops the server
// itself gracefully with no process left behind; end of piped input stops it once what was read has
// finished, unless --keep-running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { startMserverProcess } from '../support/mserver-process.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mserver-stopping-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SIGTERM to npm start (as Docker and systemd send it)', () => {
  it('reaches the server, which stops gracefully, and no process is left behind', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true, // its own process group, so what is left of it can be looked for afterwards
      env: { ...process.env, DATABASE_PATH: join(dir, 'npm.db'), MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: '0', MCLIENT_ENROLL: 'auto', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    npm.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    npm.stdout!.resume();
    const group = npm.pid!;
    const alive = () => {
      try {
        process.kill(-group, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await waitUntil(() => /hub listening/.test(err), 'mserver listening', 30_000);
      const port = Number(/"port":(\d+)/.exec(err)![1]);
      const agent = await TestAgent.connect(`ws://127.0.0.1:${port}`, { token: TEST_TOKEN, register: { client_id: 'npm-agent' } });
      npm.kill('SIGTERM');
      const closed = await agent.closed;
      assert.equal(closed.code, 1001, 'the agent is told the server is going away');
      const [code] = (await once(npm, 'exit')) as [number | null];
      assert.equal(code, 0);
      await waitUntil(() => !alive(), 'every process of npm start gone', 10_000);
      assert.match(err, /"msg":"mserver stopped"/);
    } finally {
      if (alive()) process.kill(-group, 'SIGKILL');
    }
  });
});

describe('end of piped input', () => {
  it('stops mserver once what was read has finished', async () => {
    const m = await startMserverProcess({ DATABASE_PATH: join(dir, 'pipe.db'), MCLIENT_TOKEN: TEST_TOKEN });
    const agent = await TestAgent.connect(`ws://127.0.0.1:${m.port}`, { token: TEST_TOKEN, register: { client_id: 'pipe-1' } });
    // Once the hub has the agent (under load its register may still be on its way), send and end.
    for (let tries = 0; ; tries++) {
      const from = m.stdout.length;
      m.write('list');
      if ((await m.waitForStdout(/^Agents: \d+ known/, 30_000, from)).includes('1 connected')) break;
      assert.ok(tries < 100, 'pipe-1 never connected');
      await new Promise((r) => setTimeout(r, 100));
    }
    m.write('send pipe-1 status');
    m.child.stdin!.end();
    // The command read before the end is still answered and printed before mserver stops.
    const cmd = await agent.nextCommand(30_000);
    await m.waitForStdout('End of input: waiting for 1 request still running before stopping.', 30_000);
    agent.respond(cmd.id, 'success', { result: { containers: [{ name: 'polkadot-validator-1', state: 'running' }] } });
    const exit = await m.exited;
    assert.equal(exit.code, 0);
    assert.ok(m.stdout.some((l) => /^\s+pipe-1\s+success/.test(l)), m.stdout.join('\n'));
    assert.ok(m.stderr.some((l) => l.includes('end of console input')));
  });

  it('keeps serving with --keep-running', async () => {
    const m = await startMserverProcess({ DATABASE_PATH: join(dir, 'keep.db'), MCLIENT_TOKEN: TEST_TOKEN }, ['--console', '--keep-running']);
    try {
      m.write('help');
      m.child.stdin!.end();
      await m.waitForStderr('console input ended; mserver keeps running (--keep-running)', 30_000);
      const agent = await TestAgent.connect(`ws://127.0.0.1:${m.port}`, { token: TEST_TOKEN, register: { client_id: 'keep-1' } });
      await agent.close();
      assert.equal(m.child.exitCode, null);
    } finally {
      assert.equal((await m.kill('SIGTERM')).code, 0);
    }
  });
});
