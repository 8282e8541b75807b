// The fleet payout digest on its cron: 120 simulated validators, most urgent first, split across
// messages within Discord's limits (the emulator refuses a message over them); /payouts the same on
// demand, privately.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmuMessage } from '../support/discord-emulator/index.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { drained } from '../support/outbox-drain.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const PAYOUTS = IDS.channels.payouts;
const AGENTS = 120;

/** Parts of one digest, in order: `title (k/n)`. */
function digestParts(messages: EmuMessage[], prefix: string): EmuMessage[][] {
  const digests: EmuMessage[][] = [];
  for (const m of messages) {
    const title = m.embeds[0]?.title ?? '';
    if (!title.startsWith(prefix)) continue;
    const first = /\(1\/\d+\)$/.test(title) || !/\(\d+\/\d+\)$/.test(title);
    if (first) digests.push([m]);
    else digests[digests.length - 1]?.push(m);
  }
  return digests;
}

const partsOf = (m: EmuMessage) => Number(/\(\d+\/(\d+)\)$/.exec(m.embeds[0]?.title ?? '')?.[1] ?? 1);
const complete = (d: EmuMessage[] | undefined) => d !== undefined && d.reduce((n, m) => n + m.embeds.length, 0) === partsOf(d[0]!);
const lines = (d: EmuMessage[]) => d.flatMap((m) => m.embeds.flatMap((e) => (e.description ?? '').split('\n')));
const size = (m: EmuMessage) => m.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0), 0);

function checkUrgencyOrder(all: string[]): void {
  const rank = (l: string) => ['🔴', '🟠', '🟢', '✅', '❔'].findIndex((icon) => l.startsWith(icon));
  const ranks = all.map(rank);
  assert.ok(ranks.every((r) => r >= 0), 'every line is an agent or a tally');
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'critical, then warning, then pending, then claimed');
  const left = all.filter((l) => l.startsWith('🔴')).map((l) => Number(/\*\*(\d+) eras left/.exec(l)?.[1]));
  assert.deepEqual(left, [...left].sort((a, b) => a - b), 'the fewest eras left first');
}

describe('notifications: payout digest', () => {
  let st: DiscordStack;
  let fleet: Fleet;

  before(async () => {
    st = await startDiscordStack({ env: { PAYOUT_DIGEST_CRON: '*/2 * * * * *', PAYOUT_ALERT_WINDOW_MS: '100' } });
    fleet = await startFleet({ url: st.s.url, clients: AGENTS, token: TEST_TOKEN, summaryEveryMs: 0, seed: 41, idPrefix: 'dig' });
    await waitUntil(() => st.s.app.hub.connectedIds().length === AGENTS, `${AGENTS} agents`, 10_000);
    fleet.agents.forEach((a, i) => {
      if (i < 10) a.setPayout({ activeEra: 1080, unclaimedEras: [1000 + (i % 4), 1010], accrue: false });
      else if (i < 40) a.setPayout({ activeEra: 1010, unclaimedEras: [1000 + (i % 5), 1009], accrue: false });
      else if (i < 100) a.setPayout({ activeEra: 1010, unclaimedEras: [1008, 1009], accrue: false });
      else a.setPayout({ activeEra: 1010, unclaimedEras: [], accrue: false });
    });
    const start = st.s.app.hub.stats().framesIn;
    fleet.sendSummaries();
    await waitUntil(() => st.s.app.hub.stats().framesIn >= start + AGENTS, 'every summary read');
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  it('posts the digest on its cron, most urgent first, split across messages within the limits', async () => {
    const prefix = 'Payout digest: 120 agents · 10 critical · 30 warning · 100 with unclaimed eras';
    const two = await st.emu.waitFor(() => {
      const ds = digestParts(st.emu.messages(PAYOUTS), prefix).filter(complete);
      return ds.length >= 2 && ds;
    }, 10_000);
    const [first, second] = two as [EmuMessage[], EmuMessage[]];
    assert.ok(first.length > 1, 'more than one message: the fleet does not fit one');
    for (const m of first) {
      assert.ok(m.embeds.length <= 10 && size(m) <= 6000, 'within Discord limits');
      assert.deepEqual(m.allowed_mentions, { parse: [] });
    }
    const all = lines(first);
    assert.equal(all.filter((l) => /^\S+ \*\*dig-\d+\*\*/.test(l)).length, 100, 'every agent with unclaimed eras, once');
    assert.match(all[all.length - 1]!, /^✅ 20 with nothing to claim: dig-101, /);
    checkUrgencyOrder(all);
    assert.match(all[0]!, /^🔴 \*\*dig-\d+\*\* \(dig-host-\d+\) · 2 unclaimed, oldest era 1000 \(80 eras old, \*\*4 eras left\*\* before it expires\) · stash `1\w+`$/);
    // On its cron: every 2 s, on even seconds.
    const gap = second[0]!.created_at - first[0]!.created_at;
    assert.ok(gap > 1000 && gap < 3500, `a digest every 2 s (got ${gap} ms)`);
    assert.equal(st.s.app.store.outbox.recent(500).filter((r) => r.failedAt !== null).length, 0, 'Discord refused nothing');
  });

  it('coalesced the first sight of 40 agents in trouble into one notification, not 40', async () => {
    // Alone, nothing has waited for the window yet: wait for the notification, then let a marker stored
    // after it reach the channel, so the count is final.
    const title = 'Payout changes: 40 validators, 10 critical';
    await st.emu.waitFor(() => digestParts(st.emu.messages(PAYOUTS), title).length > 0 || undefined, 8000);
    await drained(st, 'payouts', PAYOUTS);
    const changes = digestParts(st.emu.messages(PAYOUTS), title);
    assert.equal(changes.length, 1);
    assert.ok(complete(changes[0]));
    assert.equal(lines(changes[0]!).length, 40);
  });

  it('/payouts answers the same, privately, in as many messages as it needs', async () => {
    const ref = await st.emu.slash({ name: 'payouts', options: [], user: MEMBERS.viewer.user, roles: [...MEMBERS.viewer.roles], channelId: IDS.channels.ops });
    const parts = await st.emu.waitFor(() => {
      const i = st.emu.interaction(ref.id);
      const got = i.original ? [i.original, ...i.followUps] : [];
      return got.length > 0 && complete(got) && got;
    }, 8000);
    assert.ok(parts.length > 1);
    assert.ok(parts.every((m) => (m.flags & 64) === 64), 'every part private');
    assert.match(parts[0]!.embeds[0]!.title!, /^Payouts: 120 agents · 10 critical · 30 warning · 100 with unclaimed eras \(1\/\d+\)$/);
    checkUrgencyOrder(lines(parts));
  });
});
