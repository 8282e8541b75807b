// A rolling restart's verdicts are stored (issue 19): when the run ends, the history says what the run
// said, not what the hub's rows said alone: the agent where it stopped failed (its restart succeeded, its
// node never became healthy), the agents after it were not restarted, and a healthy one's outcome carries
// the health it was judged on. Read back from the store through GET /api/v1/history.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, type ApiClient } from '../support/http-client.ts';
import { startNodeFleet, type NodeFleet } from '../support/node-agent.ts';
import { waitUntil } from '../support/wait.ts';

const IDS = ['rv-1', 'rv-2', 'rv-3', 'rv-4'];

describe('a rolling restart, as the history keeps it', () => {
  let fleet: NodeFleet;
  let api: ApiClient;

  before(async () => {
    fleet = await startNodeFleet(IDS, (id) => (id === 'rv-2' ? { syncing: true } : {}));
    const token = fleet.s.app.apiTokens.add({ name: 'ops', level: 'admin', approver: false, ownerId: 'console:o', ownerName: 'o', createdBy: 't', expiresInMs: null }).token;
    api = apiClient(fleet.s.httpUrl, token);
  });
  after(async () => {
    await fleet?.stop();
  });

  it('stores the stop, the agents not restarted and the health of the one before', async () => {
    const posted = await api.call('POST', '/api/v1/requests', { body: { command: 'restart', target: IDS.join(','), params: { container: 'node', rolling: true }, confirm: true } });
    assert.equal(posted.status, 201, posted.text);
    const id = posted.body.request.id as number;
    await waitUntil(() => fleet.s.app.dispatcher.getRequest(id)?.state === 'done', 'the rolling restart done', 10_000);
    fleet.s.app.store.queue.flush();

    const h = await api.call('GET', `/api/v1/history?request=${id}&limit=50`);
    assert.equal(h.status, 200, h.text);
    type Row = { agentId: string; command: string; state: string; error: string | null; result?: unknown };
    // Only the restarts: the status polls of the health check are stored under the request too.
    const rows = (h.body.items as Row[]).filter((r) => r.command === 'restart').sort((a, b) => a.agentId.localeCompare(b.agentId));
    assert.deepEqual(
      rows.map((r) => `${r.agentId}:${r.state}`),
      ['rv-1:success', 'rv-2:failed', 'rv-3:failed', 'rv-4:failed'],
    );
    assert.match(String(rows[1]!.error), /still syncing.*the rolling restart stops here/);
    assert.match(String(rows[2]!.error), /not restarted: stopped at rv-2 \(2 of 4\)/);
    assert.match(String(rows[3]!.error), /not restarted/);
    assert.match(JSON.stringify(rows[0]!.result), /healthy/);
    // rv-3 and rv-4 were never sent a restart.
    assert.deepEqual(fleet.log.filter((l) => l.endsWith(':restart')), ['rv-1:restart', 'rv-2:restart']);
  });
});
