// A restore of the wrong file is refused at start with one line and exit code 2, and the file is left
// as it was: a file that is not SQLite, an SQLite file of another program, a database of a newer mserver.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { TEST_TOKEN } from '../support/mserver.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function run(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, out, err };
}

describe('restoring the wrong file', () => {
  it('refuses at start with one line: not a database, not an mserver database, or from a newer mserver', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-restore-'));
    try {
      const text = join(dir, 'text.db');
      writeFileSync(text, 'a text file restored in place of the database, by mistake, long enough for a header');
      const other = join(dir, 'other.db');
      const raw = new Database(other);
      raw.exec('CREATE TABLE photos (id INTEGER)');
      raw.close();
      const newer = join(dir, 'newer.db');
      const n = new Database(newer);
      n.exec('CREATE TABLE settings (key TEXT)');
      n.pragma('user_version = 999');
      n.close();
      // Restored as mserver writes its files (0600): a looser file also gets the line saying it was
      // tightened (test/unit/store/file-modes.test.ts), which is not what this test counts.
      for (const f of [text, other, newer]) chmodSync(f, 0o600);
      const cases: [string, RegExp][] = [
        [text, /^mserver: not started: .*text\.db is not an SQLite database \(was another file restored there\?\): restore an mserver backup, or set DATABASE_PATH to another file$/],
        [other, /^mserver: not started: .*other\.db is an SQLite file but not an mserver database \(it has 1 table\(s\) and no mserver schema version\): restore an mserver backup there/],
        [newer, /^mserver: not started: the database .*newer\.db is from a newer mserver \(schema 999; this mserver knows up to \d+\): run that newer version, or restore .*newer\.db\.before-999/],
      ];
      for (const [path, expected] of cases) {
        const r = await run([], { DATABASE_PATH: path, MCLIENT_PORT: '0', MCLIENT_HOST: '127.0.0.1', MCLIENT_TOKEN: TEST_TOKEN });
        assert.equal(r.code, 2, r.err);
        const lines = r.err.trim().split('\n');
        assert.equal(lines.length, 1, r.err);
        assert.match(lines[0]!, expected);
      }
      const check = new Database(other, { readonly: true });
      assert.equal(check.pragma('user_version', { simple: true }), 0);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
