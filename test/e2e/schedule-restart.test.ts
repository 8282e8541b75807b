// Schedules set up at the console survive a restart: every one is armed again from SQLite, and the runs
// that fell while mserver was down are reported in one line per schedule, not replayed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IDS, startEmulator, stackEnv, withTimeout } from '../support/discord-stack.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

describe('schedules across a restart, from the console', () => {
  it('re-arms every schedule and reports the runs it missed while down', async () => {
    const emu = await startEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'mserver-sched-'));
    const start = async () => {
      const s = await startTestServer({ env: { ...stackEnv(emu), COMMAND_TIMEOUT_MS: '2000', SCHEDULE_MIN_INTERVAL_S: '1' }, dir, console: true });
      await withTimeout(s.app.discord!.ready, 15_000, 'the bot to log in');
      const fleet = await startFleet({ url: s.url, clients: 1, token: TEST_TOKEN, summaryEveryMs: 0, seed: 9, idPrefix: 'rs' });
      await waitUntil(() => s.app.hub.isConnected('rs-1'), 'rs-1');
      return { s, fleet };
    };
    let s: TestServer | undefined;
    let fleet: Fleet | undefined;
    try {
      ({ s, fleet } = await start());
      const container = fleet.agents[0]!.containers[0]!;
      const typed = async (line: string, expect: RegExp | string) => {
        const from = s!.consoleOut.length;
        s!.type(line);
        return s!.waitForOutput(expect, 5000, from);
      };
      const rows = () => {
        s!.app.store.queue.flush();
        return s!.app.store.schedules;
      };

      // Refusals first: nothing is stored for them.
      assert.match(await typed('schedule add bad "0 3 * *" rs-1 status', 'error:'), /Schedule bad: "0 3 \* \*" has 4 fields/);
      assert.match(await typed('schedule add bad "0 3 * * *" rs-1 status tz=Moon/Tranquility', 'error:'), /"Moon\/Tranquility" is not an IANA time zone/);
      assert.match(await typed('schedule add bad 0 3 * * * rs-1 status', 'error:'), /put the cron expression in quotes/);

      await typed('schedule add every2 "*/2 * * * * *" rs-1 status tz=Asia/Seoul', /Schedule every2 added: status on rs-1, "\*\/2 \* \* \* \* \*" in Asia\/Seoul; active/);
      await typed(`schedule add held "*/1 * * * * *" rs-1 status container=${container}`, 'Schedule held added');
      await typed('schedule pause held', 'Schedule held paused');
      // A critical command: the console asks for the typed yes (there is no second person to approve).
      await typed(`schedule add rotate "*/3 * * * * *" rs-1 rotate_keys container=${container}`, 'Type yes to set it up');
      await typed('yes', 'Schedule rotate added');
      const list = await typed('schedule list', 'Schedules: 3');
      assert.ok(list);
      await s.waitForOutput(/held {2}\[paused\] {2}status container=\S+ on rs-1/);
      const every2 = rows().byName('every2')!;
      await waitUntil(() => rows().runs(every2.id).find((r) => r.state === 'ran'), 'every2 ran before the restart', 4000);

      await fleet.stop();
      await s.stop();
      const down = Date.now();
      await new Promise((r) => setTimeout(r, 4200));
      ({ s, fleet } = await start());
      const up = Date.now();

      const missed = await emu.waitFor(() => emu.messages(IDS.channels.alerts).find((m) => m.content.includes('missed')), 5000);
      const lines = missed.content.split('\n');
      assert.equal(lines.length, 2, 'one post for the channel, one line per schedule that missed runs');
      assert.match(lines[0]!, /^⏰ schedule every2 missed [2-4] runs while mserver was down \(first \d{4}-\d\d-\d\d \d\d:\d\d:\d[02468] Asia\/Seoul, last .* Asia\/Seoul\); not replayed$/);
      assert.match(lines[1]!, /^schedule rotate missed \d run(s)? while mserver was down .*; not replayed$/);
      assert.ok(s.logs.some((l) => String(l.msg).startsWith('schedule every2 missed')), 'and in the log');
      assert.ok(s.logs.some((l) => l.msg === 'schedules armed: 2 of 3 (2 active, 1 paused)'), 'said once, in words');

      const runs = (name: string) => rows().runs(rows().byName(name)!.id, 100);
      const gap = runs('every2').find((r) => r.state === 'missed')!;
      assert.ok(gap.ticks >= 2 && gap.firedAt > down - 2000 && gap.finishedAt! <= up);
      // Re-armed, not replayed: the next runs come on the cron's own ticks after the restart.
      await waitUntil(() => runs('every2').find((r) => r.state === 'ran' && r.firedAt >= up), 'every2 runs again after the restart', 4000);
      assert.equal(runs('every2').filter((r) => r.state === 'ran' && r.firedAt > down && r.firedAt < up).length, 0, 'nothing ran for the gap');
      assert.equal(rows().byName('held')?.state, 'paused', 'a paused schedule stays paused');
      assert.equal(runs('held').length, 0);
      assert.equal(rows().byName('rotate')?.state, 'active');

      const show = await typed('schedule show every2', /missed \d runs? while mserver was down/);
      assert.ok(show);
      await typed('schedule remove every2', 'Schedule every2 removed');
      await typed('schedule remove rotate', 'Schedule rotate removed');
    } finally {
      await fleet?.stop();
      await s?.stop();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
