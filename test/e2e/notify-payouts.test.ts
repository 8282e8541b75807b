// Payout notifications from simulated agents' summaries: one post per real change and none for repeats,
// thresholds crossed to warning and critical (naming the stash and the eras left), changes of several
// agents in one window as one post, no re-alert after a restart, and /payouts on demand.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DiscordEmulator, EmuMessage } from '../support/discord-emulator/index.ts';
import { IDS, MEMBERS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const PAYOUTS = IDS.channels.payouts;
const WINDOW_MS = 150;
// Changes a second apart are each stored and told: the snapshot quota (PAYOUT_SNAPSHOT_MIN_S) is off here.
const ENV = { PAYOUT_SNAPSHOT_MIN_S: '0', PAYOUT_ALERT_WINDOW_MS: String(WINDOW_MS), PAYOUT_WARN_ERAS: '4', PAYOUT_CRITICAL_ERAS_LEFT: '14' };
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');

describe('notifications: payouts', () => {
  let emu: DiscordEmulator;
  let st: DiscordStack;
  let fleet: Fleet;
  const dir = mkdtempSync(join(tmpdir(), 'mserver-payouts-'));

  const posts = () => st.emu.messages(PAYOUTS);

  /** Every agent sends `rounds` summaries; resolves once the hub has read them and the window has passed. */
  async function summaries(rounds = 3): Promise<void> {
    const hub = st.s.app.hub;
    const start = hub.stats().framesIn;
    let sent = 0;
    for (let i = 0; i < rounds; i++) sent += fleet.sendSummaries();
    await waitUntil(() => hub.stats().framesIn >= start + sent, 'the summaries read');
    await new Promise((r) => setTimeout(r, WINDOW_MS + 250));
    // Whatever the window produced is posted before the test looks.
    await waitUntil(() => st.s.app.store.outbox.pendingCount() === 0, 'the outbox drained');
  }

  type State = { activeEra: number; unclaimedEras: number[] };
  /**
   * Brings the named agents to the payout states a test starts from, whatever an earlier test left (or
   * none ran): told to the server and settled, so that each test stands alone. Returns the number of
   * posts already in the channel; the test counts what its own change posts from there.
   */
  async function at(states: Record<string, State>): Promise<number> {
    for (const [id, state] of Object.entries(states)) fleet.agent(id)!.setPayout(state);
    await summaries();
    return posts().length;
  }

  before(async () => {
    emu = await startEmulator();
    st = await startDiscordStack({ emu, dir, env: ENV });
    fleet = await startFleet({ url: st.s.url, clients: 3, token: TEST_TOKEN, summaryEveryMs: 0, seed: 31, idPrefix: 'pay' });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 3, 'three agents');
    for (const a of fleet.agents) a.setPayout({ activeEra: 1000, unclaimedEras: [999], accrue: false });
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says nothing for a healthy fleet seen for the first time, nor for repeats', async () => {
    await summaries();
    assert.equal(posts().length, 0);
  });

  it('posts once for a new unclaimed era, not for the repeats after it', async () => {
    const base = await at({ 'pay-1': { activeEra: 1000, unclaimedEras: [999] } });
    fleet.agent('pay-1')!.setPayout({ activeEra: 1001, unclaimedEras: [999, 1000] });
    await summaries();
    assert.equal(posts().length, base + 1);
    assert.match(posts()[base]!.embeds[0]!.title!, /^🟢 Payouts: pay-1$/);
    assert.match(text(posts()[base]!), /\*\*pay-1\*\* · new unclaimed era 1000 · 2 unclaimed, oldest era 999 \(2 eras old, \*\*82 eras left\*\* before it expires\)/);
    await summaries();
    assert.equal(posts().length, base + 1, 'repeats post nothing');
  });

  it('posts once when the eras are claimed', async () => {
    const base = await at({ 'pay-1': { activeEra: 1001, unclaimedEras: [999, 1000] } });
    fleet.agent('pay-1')!.setPayout({ unclaimedEras: [] });
    await summaries();
    assert.equal(posts().length, base + 1);
    assert.match(text(posts()[base]!), /\*\*pay-1\*\* · claimed 999-1000 · nothing left to claim/);
  });

  it('crosses to warning, then to critical naming the stash and the eras left', async () => {
    const base = await at({ 'pay-2': { activeEra: 1000, unclaimedEras: [999] } });
    const pay2 = fleet.agent('pay-2')!;
    pay2.setPayout({ activeEra: 1010, unclaimedEras: [1004] });
    await summaries();
    assert.equal(posts().length, base + 1);
    const warning = posts()[base]!;
    assert.match(text(warning), /🟠 \*\*pay-2\*\* · \*\*warning\*\* · new unclaimed era 1004 · claimed 999 · 1 unclaimed, oldest era 1004 \(6 eras old, \*\*78 eras left/);
    assert.ok(text(warning).includes(pay2.payout.stash), 'the stash is named');
    assert.equal(warning.embeds[0]!.color, 0xe67e22);

    pay2.setPayout({ activeEra: 1070 });
    await summaries();
    assert.equal(posts().length, base + 1, 'eras left shrinking within the warning band is no news');

    pay2.setPayout({ activeEra: 1075 });
    await summaries();
    assert.equal(posts().length, base + 2);
    const critical = posts()[base + 1]!;
    assert.match(text(critical), /🔴 \*\*pay-2\*\* · \*\*CRITICAL\*\* \(was warning\) · 1 unclaimed, oldest era 1004 \(71 eras old, \*\*13 eras left\*\* before it expires\)/);
    assert.equal(critical.content, `🔴 Payouts critical: pay-2 (stash ${pay2.payout.stash}) has 13 eras left before era 1004 expires`);
    assert.equal(critical.embeds[0]!.color, 0xe74c3c);
    assert.deepEqual(critical.allowed_mentions, { parse: [] });
  });

  it('posts the changes of several agents within one window as one message, most urgent first', async () => {
    const base = await at({
      'pay-1': { activeEra: 1001, unclaimedEras: [] },
      'pay-2': { activeEra: 1075, unclaimedEras: [1004] },
      'pay-3': { activeEra: 1000, unclaimedEras: [999] },
    });
    fleet.agent('pay-3')!.setPayout({ activeEra: 1001, unclaimedEras: [999, 1000] });
    fleet.agent('pay-2')!.setPayout({ unclaimedEras: [] });
    fleet.agent('pay-1')!.setPayout({ activeEra: 1080, unclaimedEras: [1000] });
    await summaries();
    assert.equal(posts().length, base + 1);
    const batch = posts()[base]!;
    assert.match(batch.embeds[0]!.title!, /^Payout changes: 3 validators, 1 critical$/);
    assert.deepEqual(
      batch.embeds[0]!.description!.split('\n').map((l) => /\*\*(pay-\d)\*\*/.exec(l)?.[1]),
      ['pay-1', 'pay-3', 'pay-2'],
    );
    assert.match(batch.embeds[0]!.description!, /pay-2\*\* · back to ok · claimed 1004/);
  });

  it('does not alert again after a restart, and still alerts on what changes next', async () => {
    const base = await at({ 'pay-3': { activeEra: 1001, unclaimedEras: [999, 1000] } });
    const port = String(st.s.app.port);
    await st.s.stop();
    // The same port: the fleet reconnects to the new mserver like real agents would.
    st = await startDiscordStack({ emu, dir, env: { ...ENV, MCLIENT_PORT: port } });
    await fleet.waitConnected(3, 10_000);
    await waitUntil(() => st.s.app.hub.connectedIds().length === 3, 'the fleet back');
    await summaries();
    assert.equal(posts().length, base, 'the same state after a restart is no news');
    fleet.agent('pay-3')!.setPayout({ unclaimedEras: [] });
    await summaries();
    assert.equal(posts().length, base + 1);
    assert.match(text(posts()[base]!), /pay-3\*\* · claimed 999-1000/);
  });

  it('/payouts shows the fleet sorted by urgency, privately', async () => {
    await at({
      'pay-1': { activeEra: 1080, unclaimedEras: [1000] },
      'pay-2': { activeEra: 1075, unclaimedEras: [] },
      'pay-3': { activeEra: 1001, unclaimedEras: [] },
    });
    const ref = await st.emu.slash({ name: 'payouts', options: [], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    const msg = await st.emu.waitFor(() => st.emu.interaction(ref.id).original, 5000);
    assert.equal(msg.flags & 64, 64);
    assert.match(msg.embeds[0]!.title!, /^Payouts: 3 agents · 1 critical · 1 with unclaimed eras$/);
    const lines = msg.embeds[0]!.description!.split('\n');
    assert.match(lines[0]!, /^🔴 \*\*pay-1\*\* \(pay-host-1\) · 1 unclaimed, oldest era 1000 \(80 eras old, \*\*4 eras left\*\* before it expires\) · stash `1/);
    assert.match(lines[1]!, /^✅ 2 with nothing to claim: pay-2, pay-3$/);
    assert.match(msg.embeds[0]!.footer!.text, /unclaimed era older than 4 eras.*14 eras or fewer/);
  });
});
