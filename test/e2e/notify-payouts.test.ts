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
// A fourth agent whose changes are the later event the "nothing posted" checks wait for.
const SENTINEL = 'pay-4';
// Changes a second apart are each stored and told: the snapshot quota (PAYOUT_SNAPSHOT_MIN_S) is off here.
const ENV = { PAYOUT_SNAPSHOT_MIN_S: '0', PAYOUT_ALERT_WINDOW_MS: String(WINDOW_MS), PAYOUT_WARN_ERAS: '4', PAYOUT_CRITICAL_ERAS_LEFT: '14' };
const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');

describe('notifications: payouts', () => {
  let emu: DiscordEmulator;
  let st: DiscordStack;
  let fleet: Fleet;
  const dir = mkdtempSync(join(tmpdir(), 'mserver-payouts-'));

  const posts = () => st.emu.messages(PAYOUTS);

  /** Every agent sends `rounds` summaries; resolves once the hub has read them (and so compared them). */
  async function summaries(rounds = 3): Promise<void> {
    const hub = st.s.app.hub;
    const start = hub.stats().framesIn;
    let sent = 0;
    for (let i = 0; i < rounds; i++) sent += fleet.sendSummaries();
    await waitUntil(() => hub.stats().framesIn >= start + sent, 'the summaries read');
  }

  /** The post at `index`, once the channel has it. */
  const postAt = (index: number): Promise<EmuMessage> => st.emu.waitFor(() => posts()[index], 8000);

  // "Nothing was posted" needs a later event to count after, never a wait of the alert window: SENTINEL
  // changes after every summary before it was read, and changes go through one coalescer and one outbox
  // in order, so once its post is in the channel whatever the earlier summaries caused has been posted,
  // in an earlier message or beside the sentinel's own line in the same one.
  let sentinelEra = 1000;
  /** A new unclaimed era of SENTINEL, posted; returns the index of that post. */
  async function sentinel(): Promise<number> {
    sentinelEra += 1;
    const era = sentinelEra - 1;
    const agent = fleet.agent(SENTINEL)!;
    agent.setPayout({ activeEra: sentinelEra, unclaimedEras: [era] });
    agent.sendSummary();
    const mine = (m: EmuMessage) => text(m).includes(`**${SENTINEL}** · new unclaimed era ${era} `);
    await st.emu.waitFor(() => posts().some(mine) || undefined, 8000);
    return posts().findIndex(mine);
  }

  /** Asserts that nothing was posted from index `from` on but the sentinel's own change, alone. */
  async function nothingPostedSince(from: number, what: string): Promise<void> {
    const at = await sentinel();
    assert.equal(at, from, `${what}: a post came before the sentinel's`);
    assert.equal(posts().length, from + 1, what);
    assert.equal(posts()[at]!.embeds[0]!.title, `🟢 Payouts: ${SENTINEL}`, `${what}: the sentinel's post carries another change`);
  }

  type State = { activeEra: number; unclaimedEras: number[] };
  /**
   * Brings the named agents to the payout states a test starts from, whatever an earlier test left (or
   * none ran): told to the server and posted, so that each test stands alone. Returns the number of posts
   * already in the channel; the test counts what its own change posts from there.
   */
  async function at(states: Record<string, State>): Promise<number> {
    for (const [id, state] of Object.entries(states)) fleet.agent(id)!.setPayout(state);
    await summaries();
    await sentinel();
    return posts().length;
  }

  before(async () => {
    emu = await startEmulator();
    st = await startDiscordStack({ emu, dir, env: ENV });
    fleet = await startFleet({ url: st.s.url, clients: 4, token: TEST_TOKEN, summaryEveryMs: 0, seed: 31, idPrefix: 'pay' });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 4, 'four agents');
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
    await nothingPostedSince(0, 'a healthy fleet and its repeats');
  });

  it('posts once for a new unclaimed era, not for the repeats after it', async () => {
    const base = await at({ 'pay-1': { activeEra: 1000, unclaimedEras: [999] } });
    fleet.agent('pay-1')!.setPayout({ activeEra: 1001, unclaimedEras: [999, 1000] });
    await summaries();
    const post = await postAt(base);
    assert.match(post.embeds[0]!.title!, /^🟢 Payouts: pay-1$/);
    assert.match(text(post), /\*\*pay-1\*\* · new unclaimed era 1000 · 2 unclaimed, oldest era 999 \(2 eras old, \*\*82 eras left\*\* before it expires\)/);
    await summaries();
    await nothingPostedSince(base + 1, 'repeats post nothing');
  });

  it('posts once when the eras are claimed', async () => {
    const base = await at({ 'pay-1': { activeEra: 1001, unclaimedEras: [999, 1000] } });
    fleet.agent('pay-1')!.setPayout({ unclaimedEras: [] });
    await summaries();
    assert.match(text(await postAt(base)), /\*\*pay-1\*\* · claimed 999-1000 · nothing left to claim/);
    await nothingPostedSince(base + 1, 'one post for the claim');
  });

  it('crosses to warning, then to critical naming the stash and the eras left', async () => {
    const base = await at({ 'pay-2': { activeEra: 1000, unclaimedEras: [999] } });
    const pay2 = fleet.agent('pay-2')!;
    pay2.setPayout({ activeEra: 1010, unclaimedEras: [1004] });
    await summaries();
    const warning = await postAt(base);
    assert.match(text(warning), /🟠 \*\*pay-2\*\* · \*\*warning\*\* · new unclaimed era 1004 · claimed 999 · 1 unclaimed, oldest era 1004 \(6 eras old, \*\*78 eras left/);
    assert.ok(text(warning).includes(pay2.payout.stash), 'the stash is named');
    assert.equal(warning.embeds[0]!.color, 0xe67e22);

    pay2.setPayout({ activeEra: 1070 });
    await summaries();
    await nothingPostedSince(base + 1, 'eras left shrinking within the warning band is no news');

    pay2.setPayout({ activeEra: 1075 });
    await summaries();
    const critical = await postAt(base + 2);
    assert.equal(critical.embeds[0]!.title, '🔴 Payouts: pay-2');
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
    const batch = await postAt(base);
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
    await fleet.waitConnected(4, 10_000);
    await waitUntil(() => st.s.app.hub.connectedIds().length === 4, 'the fleet back');
    await summaries();
    await nothingPostedSince(base, 'the same state after a restart is no news');
    fleet.agent('pay-3')!.setPayout({ unclaimedEras: [] });
    await summaries();
    assert.match(text(await postAt(base + 1)), /pay-3\*\* · claimed 999-1000/);
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
    assert.match(msg.embeds[0]!.title!, /^Payouts: 4 agents · 1 critical · 2 with unclaimed eras$/);
    const lines = msg.embeds[0]!.description!.split('\n');
    assert.match(lines[0]!, /^🔴 \*\*pay-1\*\* \(pay-host-1\) · 1 unclaimed, oldest era 1000 \(80 eras old, \*\*4 eras left\*\* before it expires\) · stash `1/);
    // The sentinel: always one era old, whichever era it is at.
    assert.match(lines[1]!, /^🟢 \*\*pay-4\*\* \(pay-host-4\) · 1 unclaimed, oldest era \d+ \(1 eras old, /);
    assert.match(lines[2]!, /^✅ 2 with nothing to claim: pay-2, pay-3$/);
    assert.match(msg.embeds[0]!.footer!.text, /unclaimed era older than 4 eras.*14 eras or fewer/);
  });
});
