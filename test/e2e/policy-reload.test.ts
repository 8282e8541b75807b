// POLICY_FILE read again while mserver runs (issue 14: "the policy as it is now" at every decision and
// schedule tick): SIGHUP re-reads it, the next decision uses the new rules, and a file with mistakes
// changes nothing (the old rules stay, each problem logged).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isUserError } from '../../src/core/errors.ts';
import { TestAgent } from '../support/agent.ts';
import { startMserverProcess, type MserverProcess } from '../support/mserver-process.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';

const ops = { id: 'console:ops', name: 'ops (console)' };
const writePolicy = (path: string, allow: string[]) => writeFileSync(path, JSON.stringify({ commands: { exec: { allow } } }));

describe('POLICY_FILE reloaded while running', () => {
  let dir: string;
  let policy: string;
  let s: TestServer;
  let agent: TestAgent;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-policy-'));
    policy = join(dir, 'policy.json');
    writePolicy(policy, ['df -h']);
    s = await startTestServer({ env: { POLICY_FILE: policy } });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'pr-1', containers: ['polkadot'] } });
  });
  after(async () => {
    await agent?.close();
    await s?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Whether the policy lets `exec <line>` through now (it then waits for the console's confirmation). */
  async function allowed(line: string): Promise<boolean> {
    try {
      const out = await s.app.dispatcher.dispatch({ command: 'exec', target: 'pr-1', params: { container: 'polkadot', command: line }, actor: ops, via: 'console' });
      if (out.kind === 'needs_confirmation') s.app.dispatcher.cancel(out.request.id, ops, 'console');
      return true;
    } catch (err) {
      if (isUserError(err) && err.code === 'forbidden') return false;
      throw err;
    }
  }

  it('the next decision uses the new rules; a file with mistakes keeps the old ones', async () => {
    assert.equal(await allowed('df -h'), true);
    assert.equal(await allowed('uptime'), false);

    writePolicy(policy, ['uptime']);
    assert.equal(s.app.reloadPolicy(), true);
    assert.equal(await allowed('uptime'), true);
    assert.equal(await allowed('df -h'), false, 'a pattern taken out of the file no longer lets the line through');

    writeFileSync(policy, '{ "commands": { "exec": { "allow": [ "df -h" ] } ');
    assert.equal(s.app.reloadPolicy(), false);
    assert.equal(await allowed('uptime'), true, 'a broken file changes nothing');
    assert.equal(await allowed('df -h'), false);
  });
});

describe('SIGHUP reloads POLICY_FILE in a running mserver', () => {
  let dir: string;
  let m: MserverProcess;
  after(async () => {
    await m?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs the reload, and refuses a broken file saying why', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-policy-hup-'));
    const policy = join(dir, 'policy.json');
    writePolicy(policy, ['df -h']);
    m = await startMserverProcess({ DATABASE_PATH: join(dir, 'db.sqlite'), MCLIENT_TOKEN: TEST_TOKEN, POLICY_FILE: policy });
    // The console answers once start-up has finished (a SIGHUP before that is only logged).
    const started = m.stdout.length;
    m.write('policy');
    await m.waitForStdout(/df -h/, 10_000, started);
    writePolicy(policy, ['uptime']);
    let from = m.stderr.length;
    m.child.kill('SIGHUP');
    await m.waitForStderr('POLICY_FILE reloaded', 10_000, from);
    const shown = m.stdout.length;
    m.write('policy');
    await m.waitForStdout(/uptime/, 10_000, shown);
    writeFileSync(policy, 'not json');
    from = m.stderr.length;
    m.child.kill('SIGHUP');
    const refused = await m.waitForStderr('POLICY_FILE reload refused', 10_000, from);
    assert.match(refused, /policy\.json/);
  });
});
