// Start-up errors of the network settings and typos of variables, with the real process: one line
// naming the variable and the cause, exit code 2; a typo of one of mserver's variables is a warning.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { chownSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startMserverProcess } from '../support/mserver-process.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { NOBODY, runningAsRoot, startupRefusal, useScratchFolder } from '../support/startup-refusal.ts';

const scratch = useScratchFolder();

describe('start-up errors of the network settings: one line naming the variable and the cause, exit code 2', () => {
  it('MCLIENT_PORT already in use', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      // A private folder, as mserver makes its own: a folder open to others gets a warning line too.
      const own = join(scratch(), 'inuse');
      mkdirSync(own, { mode: 0o700 });
      const r = await startupRefusal({ DATABASE_PATH: join(own, 'inuse.db'), MCLIENT_PORT: String(port) });
      assert.equal(r.code, 2);
      assert.deepEqual(r.lines, [`mserver: not started: MCLIENT_PORT=${port}: 127.0.0.1:${port} is already in use (EADDRINUSE); stop what uses it or set MCLIENT_PORT to a free port`]);
    } finally {
      blocker.close();
    }
  });

  it('MCLIENT_PORT below 1024 for an unprivileged user is the EACCES of the port', async (t) => {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    if (start <= 80) return t.skip('unprivileged users may listen on port 80 here');
    const writable = join(scratch(), 'p80');
    // The unprivileged user's own private folder: one open to others would get a warning line too.
    mkdirSync(writable, { mode: 0o700 });
    if (runningAsRoot) chownSync(writable, NOBODY, NOBODY);
    const r = await startupRefusal({ DATABASE_PATH: join(writable, 'm.db'), MCLIENT_PORT: '80' }, { asNobody: runningAsRoot, scratch: scratch() });
    assert.equal(r.code, 2, r.lines.join('\n'));
    assert.equal(r.lines.length, 1, r.lines.join('\n'));
    assert.match(r.lines[0]!, /^mserver: not started: MCLIENT_PORT=80: not allowed to listen on 127\.0\.0\.1:80 \(EACCES\); ports below 1024 need root/);
  });

  it('a value that is not valid', async () => {
    const r = await startupRefusal({ MCLIENT_PORT: 'abc' });
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, ['mserver: not started: MCLIENT_PORT="abc" is not valid: expected an integer from 0 to 65535']);
  });
});


describe('typos of mserver variables', () => {
  it('are warned at start with the closest real variable, and mserver runs', async () => {
    const m = await startMserverProcess({ DATABASE_PATH: join(scratch(), 'typo.db'), MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_PROT: '9000', DISCORD_TOKN: 'x' }, []);
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

