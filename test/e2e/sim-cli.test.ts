// `npm run sim` says what happened: with a wrong token, that mserver refused it (4401) and why; and
// its --help describes the ids the fleet really makes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startTestServer } from '../support/mserver.ts';
import { prepareFleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIM = ['--import', 'tsx', 'test/support/sim/cli.ts'];

describe('the simulator CLI', () => {
  it('with a wrong token, says once that mserver refused it (4401) and why', async () => {
    const s = await startTestServer();
    const sim = spawn(process.execPath, [...SIM, '--url', s.url, '--clients', '2', '--reconnect-delay', '100', '--status-every', '1', '--summary-every', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SIM_TOKEN: 'wrong-token-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    sim.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    sim.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    try {
      await waitUntil(() => /sim: connected 0\/2 .* refused [2-9]\d*/.test(out), `a status line counting refusals; stdout:\n${out}\nstderr:\n${err}`, 20_000);
      const refusals = err.split('\n').filter((l) => l.startsWith('sim: mserver refused'));
      assert.equal(refusals.length, 1, `said once, not per agent and retry:\n${err}`);
      assert.match(refusals[0]!, /^sim: mserver refused sim-\d: it closed the connection with code 4401 "unauthorized"\. The agent token is wrong or missing: give the server's token with --token or SIM_TOKEN/);
    } finally {
      sim.kill('SIGTERM');
      await once(sim, 'exit');
      await s.dispose();
    }
  });

  it('--help describes the ids the fleet makes', () => {
    const help = spawnSync(process.execPath, [...SIM, '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    const line = /--id-prefix P\s+agent ids (\S+), (\S+)\.\., host names (\S+)\.\. \(default sim\)[^\n]*\n\s+zero-padded to the width of --clients: (\S+)\.\.(\S+) for 12 agents/.exec(help);
    assert.ok(line, help);
    const small = prepareFleet({ url: 'ws://127.0.0.1:1', clients: 2, idPrefix: 'P' }).agents;
    assert.deepEqual([line[1], line[2], line[3]], [small[0]!.id, small[1]!.id, small[0]!.hostName]);
    const twelve = prepareFleet({ url: 'ws://127.0.0.1:1', clients: 12, idPrefix: 'P' }).agents;
    assert.deepEqual([line[4], line[5]], [twelve[0]!.id, twelve[11]!.id]);
  });
});
