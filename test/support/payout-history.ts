// Issue 17's setup, shared by the payout series over HTTP and the chart in the browser: a test server on a
// clock the test moves, keeping every payout change (PAYOUT_SNAPSHOT_MIN_S=0) and reading it against
// fixed thresholds (warning past 6 eras, critical within 20 eras of the 84 kept); four days of payout
// reports; and days of commands for the history filters.
import { TestAgent } from './agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from './mserver.ts';
import { waitUntil } from './wait.ts';

export const DAY = 86_400_000;

/**
 * A day apart: nothing unclaimed, then the oldest unclaimed era 1, 8 (past PAYOUT_WARN_ERAS=6) and 70
 * (14 eras left of 84: within PAYOUT_CRITICAL_ERAS_LEFT=20) eras old.
 */
export const PAYOUT_DAYS = [
  { active_era: 1600, unclaimed_eras: [] },
  { active_era: 1601, unclaimed_eras: [1600] },
  { active_era: 1608, unclaimed_eras: [1600, 1601, 1602] },
  { active_era: 1670, unclaimed_eras: [1600, 1605] },
];

export interface PayoutFleet {
  s: TestServer;
  /** How far mserver's clock is ahead of the wall clock (ms); the test moves it. */
  offset: number;
  /** An agent with a polkadot container, connected and registered. */
  connect(id: string, hostName?: string): Promise<TestAgent>;
  /** PAYOUT_DAYS as summaries, the clock a day further for each, each stored before the next is sent. */
  sendPayoutDays(agent: TestAgent, id: string): Promise<void>;
  /** A `status` on each day (offset `day` days), answered success on even days and failed on odd ones. */
  commandDays(agent: TestAgent, id: string, days: Iterable<number>): Promise<void>;
  dispose(): Promise<void>;
}

/** With the HTTP API (and the dashboard) on. */
export async function startPayoutFleet(): Promise<PayoutFleet> {
  const agents: TestAgent[] = [];
  let offset = 0;
  const s = await startTestServer({
    http: true,
    env: { PAYOUT_WARN_ERAS: '6', PAYOUT_CRITICAL_ERAS_LEFT: '20', PAYOUT_SNAPSHOT_MIN_S: '0' },
    app: { clock: { now: () => Date.now() + offset } },
  });
  const fleet: PayoutFleet = {
    s,
    get offset() {
      return offset;
    },
    set offset(ms) {
      offset = ms;
    },
    async connect(id, hostName) {
      const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, ...(hostName ? { host_name: hostName } : {}), containers: ['polkadot'] } });
      await waitUntil(() => s.app.hub.isConnected(id), `${id} connected`);
      agents.push(a);
      return a;
    },
    async sendPayoutDays(agent, id) {
      // The clock only moves ahead: the hub stores a change once PAYOUT_SNAPSHOT_MIN_S has passed since the last.
      const before = s.app.store.payouts.history(id, 100).length;
      for (const [i, payout] of PAYOUT_DAYS.entries()) {
        offset = i * DAY;
        agent.send({ type: 'summary', data: { payout_info: { ...payout, history_depth: 84 } } });
        await waitUntil(() => s.app.store.payouts.history(id, 100).length === before + i + 1, `snapshot ${i} of ${id} stored`);
      }
    },
    async commandDays(agent, id, days) {
      for (const day of days) {
        offset = day * DAY;
        const out = await s.app.dispatcher.dispatch({ command: 'status', target: id, params: {}, actor: { id: 'console:ops', name: 'ops' }, via: 'console' });
        const cmd = await agent.nextCommand();
        const ok = day % 2 === 0;
        agent.respond(cmd.id, ok ? 'success' : 'failed', ok ? { result: {} } : { error: 'no' });
        if (out.kind === 'running') await out.run.done;
      }
    },
    async dispose() {
      for (const a of agents) await a.close();
      await s.dispose();
    },
  };
  return fleet;
}
