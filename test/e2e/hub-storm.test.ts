// Strangers at the door (issue 8, "Hostile or broken agents"): thousands of connection attempts with a
// wrong token while genuine agents keep completing commands. Every attempt is refused with 4401 and
// counted; the log and the audit table stay bounded (a few lines and rows per address and window, then
// one line and one row with the count), and every refusal is accounted for.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { TestAgent } from '../support/agent.ts';
import { backgroundLoad, describeLatency, genuineLoad } from '../support/genuine-load.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const ATTEMPTS = 5000;
const PARALLEL = 250;

type Attempt = 'header' | 'query' | 'long' | 'near' | 'register';
const KINDS: Attempt[] = ['header', 'query', 'long', 'near', 'register'];

/** One connection attempt with a wrong token; resolves with the close code the server sent (or -HTTP status, or -1 if none in 15 s). */
function wrongTokenAttempt(base: string, kind: Attempt, n: number): Promise<number> {
  const url = new URL(base);
  const headers: Record<string, string> = {};
  const wrong = `wrong-token-${String(n).padStart(6, '0')}-${'x'.repeat(n % 40)}`;
  if (kind === 'header') headers.Authorization = `Bearer ${wrong}`;
  if (kind === 'query') url.searchParams.set('token', wrong);
  if (kind === 'long') headers.Authorization = `Bearer ${'L'.repeat(2000)}`;
  // The real token but for its last character: same length, same prefix.
  if (kind === 'near') headers.Authorization = `Bearer ${TEST_TOKEN.slice(0, -1)}${TEST_TOKEN.endsWith('0') ? '1' : '0'}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: 10_000 });
    // Bounded: a server that never closes shows up as code -1, not as a test that hangs.
    const timer = setTimeout(() => {
      resolve(-1);
      ws.terminate();
    }, 15_000);
    ws.on('close', () => clearTimeout(timer));
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(-(res.statusCode ?? 0));
      ws.terminate();
    });
    ws.on('open', () => {
      if (kind === 'register') ws.send(JSON.stringify({ type: 'register', data: { client_id: `intruder-${n}`, token: wrong } }));
    });
    ws.on('close', (code) => resolve(code));
  });
}

describe('a wrong-token storm while genuine agents work', () => {
  let s: TestServer;
  let fleet: Fleet;
  before(async () => {
    s = await startTestServer({ env: { LOG_LEVEL: 'info' } });
    fleet = await startFleet({ url: s.url, clients: 2, token: TEST_TOKEN, summaryEveryMs: 0, seed: 11, idPrefix: 'steady', responseDelayMs: 0, progress: false });
    await waitUntil(() => s.app.hub.isConnected('steady-1') && s.app.hub.isConnected('steady-2'), 'genuine agents connected');
  });
  after(async () => {
    await fleet.stop();
    await s.dispose();
  });

  it(`refuses, counts, logs and audits ${ATTEMPTS} attempts without flooding, and genuine commands keep completing`, async (t) => {
    const ids = ['steady-1', 'steady-2'];
    let rounds = 0;
    const baseline = await genuineLoad(s, ids, () => rounds++ < 20);

    const failuresBefore = s.app.hub.stats().authFailures;
    const during = backgroundLoad(s, ids);
    const started = performance.now();
    const codes: number[] = [];
    for (let from = 0; from < ATTEMPTS; from += PARALLEL) {
      const batch = Array.from({ length: Math.min(PARALLEL, ATTEMPTS - from) }, (_, i) => wrongTokenAttempt(s.url, KINDS[(from + i) % KINDS.length]!, from + i));
      codes.push(...(await Promise.all(batch)));
    }
    const stormMs = performance.now() - started;
    const latencies = await during.stop();

    const wrongCodes = codes.filter((c) => c !== 4401);
    assert.deepEqual(wrongCodes, [], `every attempt refused with 4401; others: ${[...new Set(wrongCodes)].join(', ')}`);
    assert.equal(s.app.hub.stats().authFailures - failuresBefore, ATTEMPTS, 'every refusal counted');
    assert.ok(ids.every((id) => s.app.hub.isConnected(id)), 'the genuine agents are still connected');
    assert.ok(latencies.length > 0, 'genuine commands completed during the storm');
    t.diagnostic(`wrong-token storm: ${ATTEMPTS} attempts (${PARALLEL} at a time) refused in ${(stormMs / 1000).toFixed(1)} s`);
    t.diagnostic(`genuine command latency before the storm: ${describeLatency(baseline)}`);
    t.diagnostic(`genuine command latency during the storm: ${describeLatency(latencies)}`);

    // The log: a few lines per address and 10-s window while it lasts, then one line with the count.
    const refusedLines = () => s.logs.filter((l) => l.msg === 'agent refused');
    const windows = Math.ceil(stormMs / 10_000) + 1;
    assert.ok(refusedLines().length <= 10 * windows, `${refusedLines().length} 'agent refused' lines for ${windows} window(s)`);
    await s.stop();
    const suppressed = s.logs.filter((l) => l.msg === 'more agents refused from this address').reduce((n, l) => n + Number(l.suppressed), 0);
    assert.equal(refusedLines().length + suppressed, ATTEMPTS, 'every refusal is in the log, one by one or in a count');

    // The audit: a few rows per address and minute, then one row with the count.
    const db = new Database(s.dbPath, { readonly: true });
    try {
      const rows = (db.prepare("SELECT detail FROM audit WHERE kind = 'agent_refused'").all() as Array<{ detail: string }>).map(
        (r) => JSON.parse(r.detail) as { address: string; reason: string; count?: number },
      );
      const single = rows.filter((r) => r.count === undefined);
      const counted = rows.reduce((n, r) => n + (r.count ?? 0), 0);
      t.diagnostic(`audit: ${rows.length} agent_refused rows (${single.length} single, ${rows.length - single.length} with a count) for ${ATTEMPTS} refusals`);
      assert.ok(rows.length <= 11 * Math.ceil(stormMs / 60_000 + 1), `${rows.length} audit rows`);
      assert.equal(single.length + counted, ATTEMPTS, 'every refusal is in the audit, one by one or in a count');
      assert.ok(rows.every((r) => r.address === '127.0.0.1'));
    } finally {
      db.close();
    }
    assert.equal(s.logText().includes(TEST_TOKEN.slice(0, -1)), false, 'no token, not even the near miss, in the log');
    assert.equal(s.logText().includes('wrong-token-'), false);
  });
});

describe('a stranger that sends garbage instead of a register', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { MCLIENT_REGISTER_TIMEOUT_MS: '10000' } });
  });
  after(() => s.dispose());

  it('is refused at its first malformed frame (4401), not kept until the register timeout, and logs nothing per frame', async () => {
    // 16: as many as one address may keep waiting for a token (more are closed with 4429, hub-quotas.test.ts).
    const strangers = await Promise.all(Array.from({ length: 16 }, () => TestAgent.connect(s.url, { register: false })));
    const started = Date.now();
    for (const a of strangers) for (let i = 0; i < 5; i++) a.send(`garbage ${i} {`);
    const closed = await Promise.all(strangers.map((a) => a.closed));
    assert.ok(Date.now() - started < 5000, 'refused at once, not after the 10-s register timeout');
    assert.deepEqual([...new Set(closed.map((c) => c.code))], [4401]);
    assert.equal(s.logs.filter((l) => l.msg === 'malformed frame ignored').length, 0, 'no per-frame log line for strangers');
    assert.ok(s.logs.filter((l) => l.msg === 'agent refused').length <= 10);
    s.app.store.queue.flush();
    const [row] = s.app.store.audit.list({ kind: 'agent_refused', limit: 1 });
    assert.match(String((row?.detail as { reason?: string } | undefined)?.reason), /first message was malformed \(not JSON\)/);
  });
});
