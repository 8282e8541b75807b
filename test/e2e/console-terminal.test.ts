// The console through a real pseudo-terminal (util-linux `script` runs mserver on one): Ctrl-C clears
// the typed line as shells do and the next line runs; Ctrl-C on an empty line stops mserver gracefully.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasScript = spawnSync('script', ['--version']).status === 0;

/** mserver with its stdin, stdout and stderr on a pseudo-terminal; `typed` goes to the terminal. */
function onTerminal(env: Record<string, string>) {
  const child = spawn('script', ['-qfec', `${process.execPath} --import tsx src/main.ts`, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'dumb', LOG_FORMAT: 'json', MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: '0', MCLIENT_TOKEN: TEST_TOKEN, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout!.on('data', (c: Buffer) => (screen += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (screen += c.toString()));
  return {
    child,
    screen: () => screen,
    type: (text: string) => child.stdin!.write(text),
    /** Waits for `match` in what the terminal showed after `from` characters. */
    waitFor: (match: RegExp, from = 0, timeoutMs = 15_000) => waitUntil(() => match.test(screen.slice(from)), `the terminal to show ${match}\n--- it shows:\n${screen}`, timeoutMs),
  };
}

describe('console on a terminal', { skip: hasScript ? false : 'util-linux script is not installed' }, () => {
  it('Ctrl-C clears the typed line, the next line runs, and Ctrl-C on an empty line stops gracefully', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-tty-'));
    const t = onTerminal({ DATABASE_PATH: join(dir, 'm.db') });
    try {
      await t.waitFor(/mserver> /);
      let from = t.screen().length;
      t.type('frobnicate');
      await t.waitFor(/frobnicate/, from);
      t.type('\x03');
      await t.waitFor(/\^C[\s\S]*mserver> /, from);
      from = t.screen().length;
      // Had the line not been cleared, this would run "frobnicatelist"; had the input frozen, nothing.
      t.type('list\r');
      await t.waitFor(/Agents: 0 known, 0 connected\./, from);
      assert.doesNotMatch(t.screen(), /Unknown console command/);
      await t.waitFor(/mserver> $/, from);
      from = t.screen().length;
      t.type('\x03');
      await t.waitFor(/"msg":"mserver stopped"/, from);
      const [code] = (await once(t.child, 'exit')) as [number | null];
      assert.equal(code, 0);
      assert.match(t.screen(), /"reason":"Ctrl-C at the console"/);
    } finally {
      if (t.child.exitCode === null) t.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Ctrl-C twice in a row stops it too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-tty-'));
    const t = onTerminal({ DATABASE_PATH: join(dir, 'm.db') });
    try {
      await t.waitFor(/mserver> /);
      t.type('history');
      await t.waitFor(/history/);
      t.type('\x03');
      await t.waitFor(/\^C/);
      t.type('\x03');
      const [code] = (await once(t.child, 'exit')) as [number | null];
      assert.equal(code, 0);
      assert.match(t.screen(), /"msg":"mserver stopped"/);
    } finally {
      if (t.child.exitCode === null) t.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
