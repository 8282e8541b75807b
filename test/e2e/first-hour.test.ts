// The first hour of a new user, with the real process: every bad setting ends in one line naming the
// variable and the cause, exit code 2; typos of mserver's variables are warned; SIGTERM to `npm start`
// stops the server itself gracefully with no process left behind; piped input ends the process once
// what was read has finished, unless --keep-running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { spawnMserver, startMserverProcess } from '../support/mserver-process.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mserver-first-hour-'));
  // Readable by the unprivileged user the permission cases run as when the tests run as root.
  chmodSync(dir, 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts mserver with `env`, expecting it to refuse: its stderr lines, stdout and exit code. */
async function refusal(env: Record<string, string>, opts: { asNobody?: boolean } = {}) {
  const all = { MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: '0', ...env };
  const proc = opts.asNobody ? spawnAsNobody(all) : spawnMserver(all, []);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  const [code] = (await once(proc, 'exit')) as [number | null];
  clearTimeout(timer);
  return { lines: err.split('\n').filter((l) => l !== ''), out, code };
}

/** The same process as an unprivileged user: root may write anywhere and listen on any port. */
function spawnAsNobody(env: Record<string, string>) {
  // tsx keeps its cache under TMPDIR: it must be writable by that user.
  const tmp = join(dir, 'nobody-tmp');
  mkdirSync(tmp, { recursive: true });
  chmodSync(tmp, 0o777);
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    uid: NOBODY,
    gid: NOBODY,
    env: { PATH: process.env.PATH ?? '', HOME: tmp, TMPDIR: tmp, LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('start-up errors: one line naming the variable and the cause, exit code 2', () => {
  it('DATABASE_PATH under a file', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await refusal({ DATABASE_PATH: join(file, 'x.db') });
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, [`mserver: not started: DATABASE_PATH=${join(file, 'x.db')}: ${file} is a file, not a folder; choose a writable folder (the default is ./data/mserver.db)`]);
    assert.equal(r.out, '');
  });

  it('DATABASE_PATH under /sys and /proc ends at once (no recursive mkdir spinning)', async () => {
    for (const path of ['/sys/x/m.db', '/proc/x/m.db', '/proc/self/x/y/m.db']) {
      const r = await refusal({ DATABASE_PATH: path });
      assert.equal(r.code, 2, path);
      assert.equal(r.lines.length, 1, r.lines.join('\n'));
      assert.match(r.lines[0]!, new RegExp(`^mserver: not started: DATABASE_PATH=${path}: /(sys|proc) is a kernel file system, not storage`));
    }
  });

  it('DATABASE_PATH in a folder the user may not write names the folder, not the port', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const path = join(locked, 'sub', 'm.db');
    const r = await refusal({ DATABASE_PATH: path }, { asNobody: isRoot });
    assert.equal(r.code, 2, r.lines.join('\n'));
    assert.deepEqual(r.lines, [`mserver: not started: DATABASE_PATH=${path}: cannot create the folder ${join(locked, 'sub')}: permission denied for the user running mserver (EACCES); choose a writable folder (the default is ./data/mserver.db)`]);
  });

  it('MCLIENT_PORT already in use', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await refusal({ DATABASE_PATH: join(dir, 'inuse.db'), MCLIENT_PORT: String(port) });
      assert.equal(r.code, 2);
      assert.deepEqual(r.lines, [`mserver: not started: MCLIENT_PORT=${port}: 127.0.0.1:${port} is already in use (EADDRINUSE); stop what uses it or set MCLIENT_PORT to a free port`]);
    } finally {
      blocker.close();
    }
  });

  it('MCLIENT_PORT below 1024 for an unprivileged user is the EACCES of the port', async (t) => {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    if (start <= 80) return t.skip('unprivileged users may listen on port 80 here');
    const writable = join(dir, 'p80');
    mkdirSync(writable);
    chmodSync(writable, 0o777);
    const r = await refusal({ DATABASE_PATH: join(writable, 'm.db'), MCLIENT_PORT: '80' }, { asNobody: isRoot });
    assert.equal(r.code, 2, r.lines.join('\n'));
    assert.equal(r.lines.length, 1, r.lines.join('\n'));
    assert.match(r.lines[0]!, /^mserver: not started: MCLIENT_PORT=80: not allowed to listen on 127\.0\.0\.1:80 \(EACCES\); ports below 1024 need root/);
  });

  it('a value that is not valid', async () => {
    const r = await refusal({ MCLIENT_PORT: 'abc' });
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, ['mserver: not started: MCLIENT_PORT="abc" is not valid: expected an integer from 0 to 65535']);
  });
});

describe('typos of mserver variables', () => {
  it('are warned at start with the closest real variable, and mserver runs', async () => {
    const m = await startMserverProcess({ DATABASE_PATH: join(dir, 'typo.db'), MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_PROT: '9000', DISCORD_TOKN: 'x' }, []);
    try {
      const port = JSON.parse(await m.waitForStderr('MCLIENT_PROT is not a variable')) as { level: number; msg: string };
      assert.equal(port.level, 40, 'a warning');
      assert.match(port.msg, /did you mean MCLIENT_PORT\?/);
      assert.match(await m.waitForStderr('DISCORD_TOKN is not a variable'), /did you mean DISCORD_TOKEN\?/);
    } finally {
      await m.kill();
    }
  });
});

describe('SIGTERM to npm start (as Docker and systemd send it)', () => {
  it('reaches the server, which stops gracefully, and no process is left behind', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true, // its own process group, so what is left of it can be looked for afterwards
      env: { ...process.env, DATABASE_PATH: join(dir, 'npm.db'), MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: '0', LOG_FORMAT: 'json' },
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
    await m.waitForStderr('"agent":"pipe-1"', 10_000).catch(() => undefined);
    m.write('list');
    m.write('send pipe-1 status');
    m.child.stdin!.end();
    // The command read before the end is still answered and printed before mserver stops.
    const cmd = await agent.nextCommand(10_000);
    await m.waitForStdout('End of input: waiting for 1 request still running before stopping.', 10_000);
    agent.respond(cmd.id, 'success', { result: { containers: [{ name: 'polkadot-validator-1', state: 'running' }] } });
    const exit = await m.exited;
    assert.equal(exit.code, 0);
    assert.ok(m.stdout.some((l) => /Agents: 1 known, 1 connected\./.test(l)));
    assert.ok(m.stdout.some((l) => /^\s+pipe-1\s+success/.test(l)), m.stdout.join('\n'));
    assert.ok(m.stderr.some((l) => l.includes('end of console input')));
  });

  it('keeps serving with --keep-running', async () => {
    const m = await startMserverProcess({ DATABASE_PATH: join(dir, 'keep.db'), MCLIENT_TOKEN: TEST_TOKEN }, ['--console', '--keep-running']);
    try {
      m.write('help');
      m.child.stdin!.end();
      await m.waitForStderr('console input ended; mserver keeps running (--keep-running)', 10_000);
      const agent = await TestAgent.connect(`ws://127.0.0.1:${m.port}`, { token: TEST_TOKEN, register: { client_id: 'keep-1' } });
      await agent.close();
      assert.equal(m.child.exitCode, null);
    } finally {
      assert.equal((await m.kill('SIGTERM')).code, 0);
    }
  });
});
