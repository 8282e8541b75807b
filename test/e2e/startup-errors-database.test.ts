// Start-up errors of DATABASE_PATH with the real process: one line naming the variable and the cause,
// exit code 2, no stack trace; never the port blamed for a folder's EACCES, never a spin under /proc.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runningAsRoot, startupRefusal, useScratchFolder } from '../support/startup-refusal.ts';

const scratch = useScratchFolder();

describe('start-up errors of DATABASE_PATH: one line naming the variable and the cause, exit code 2', () => {
  it('DATABASE_PATH under a file', async () => {
    const file = join(scratch(), 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await startupRefusal({ DATABASE_PATH: join(file, 'x.db') });
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, [`mserver: not started: DATABASE_PATH=${join(file, 'x.db')}: ${file} is a file, not a folder; choose a writable folder (the default is ./data/mserver.db)`]);
    assert.equal(r.out, '');
  });

  it('DATABASE_PATH under /sys and /proc ends at once (no recursive mkdir spinning)', async () => {
    const paths = ['/sys/x/m.db', '/proc/x/m.db', '/proc/self/x/y/m.db'];
    const results = await Promise.all(paths.map((path) => startupRefusal({ DATABASE_PATH: path })));
    for (const [i, r] of results.entries()) {
      assert.equal(r.code, 2, paths[i]);
      assert.equal(r.lines.length, 1, r.lines.join('\n'));
      assert.match(r.lines[0]!, new RegExp(`^mserver: not started: DATABASE_PATH=${paths[i]}: /(sys|proc) is a kernel file system, not storage`));
    }
  });

  it('DATABASE_PATH in a folder the user may not write names the folder, not the port', async () => {
    const locked = join(scratch(), 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const path = join(locked, 'sub', 'm.db');
    const r = await startupRefusal({ DATABASE_PATH: path }, { asNobody: runningAsRoot, scratch: scratch() });
    assert.equal(r.code, 2, r.lines.join('\n'));
    assert.deepEqual(r.lines, [`mserver: not started: DATABASE_PATH=${path}: cannot create the folder ${join(locked, 'sub')}: permission denied for the user running mserver (EACCES); choose a writable folder (the default is ./data/mserver.db)`]);
  });
});
