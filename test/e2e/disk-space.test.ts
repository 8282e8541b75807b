// Disk full, seen early (issue 15): below DISK_WARN_FREE_MB, one alert in the alerts channel and one log
// line, once a day while it lasts (a restart the same day posts nothing more).
import assert from 'node:assert/strict';
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { EmuMessage } from '../support/discord-emulator/index.ts';
import { IDS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import type { DiscordEmulator } from '../support/discord-emulator/index.ts';
import { waitUntil } from '../support/wait.ts';

const ALERTS = IDS.channels.alerts;
const isDiskAlert = (m: EmuMessage) => m.embeds.some((e) => (e.title ?? '').startsWith('💾 Disk space low'));

describe('disk space low', () => {
  let emu: DiscordEmulator;
  let st: DiscordStack;
  // A threshold just above what the disk has free: the check sees "low" on this machine, whatever it is.
  const fs = statfsSync(tmpdir());
  const threshold = String(Math.floor((fs.bavail * fs.bsize) / 1048576) + 1024);

  before(async () => {
    emu = await startEmulator();
    st = await startDiscordStack({ emu, env: { DISK_WARN_FREE_MB: threshold, RETENTION_SWEEP_S: '1' } });
  });
  after(async () => {
    await st.stop();
    await emu.close();
  });

  it('posts one alert and logs one line, not one per check, and not again after a restart the same day', async () => {
    const alert = await emu.waitFor(() => emu.messages(ALERTS).find(isDiskAlert), 10_000);
    const body = alert.embeds.map((e) => `${e.title}\n${e.description}`).join('\n');
    assert.match(body, /MB\*\* free \(warning below [\d,]+ MB, DISK_WARN_FREE_MB\)/);
    assert.match(body, /refuses every command/);
    // Three more checks (one a second) say nothing more.
    await new Promise((r) => setTimeout(r, 3200));
    assert.equal(emu.messages(ALERTS).filter(isDiskAlert).length, 1);
    assert.equal(st.s.logs.filter((l) => String(l.msg).startsWith('disk space low')).length, 1);

    // A restart on the same day: the check runs at once, and the outbox's key for the day holds.
    const dir = st.s.dir;
    await st.s.stop();
    const again = await startDiscordStack({ emu, dir, env: { DISK_WARN_FREE_MB: threshold, RETENTION_SWEEP_S: '1' } });
    try {
      await waitUntil(() => again.s.logs.some((l) => String(l.msg).startsWith('disk space low')), 'the check after the restart', 5000);
      // An alert posted after it would come through the outbox within a sweep or two: wait for two.
      await new Promise((r) => setTimeout(r, 2200));
      assert.equal(emu.messages(ALERTS).filter(isDiskAlert).length, 1);
    } finally {
      await again.s.dispose();
    }
  });
});
