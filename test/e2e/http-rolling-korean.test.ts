// A rolling restart (issue 19) read through the HTTP API in two languages at once: mserver's own progress
// and error lines come in Korean to a reader who sends Accept-Language: ko (the POST answer, the request's
// snapshot and each `outcome` event of its stream) and in English to one who sends none, for the same run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, openSse, type ApiClient, type SseEvent } from '../support/http-client.ts';
import type { TestServer } from '../support/mserver.ts';
import { gate, startNodeFleet, type NodeFleet } from '../support/node-agent.ts';
import { waitUntil } from '../support/wait.ts';

const IDS = ['hk-1', 'hk-2'];
const KO = { 'accept-language': 'ko' };

describe('HTTP API: a rolling restart in the reader\'s language', () => {
  let fleet: NodeFleet;
  let s: TestServer;
  let api: ApiClient;
  let token: string;
  // hk-1's restart waits until both streams are open; hk-2 never stops syncing.
  const hold = gate();

  before(async () => {
    fleet = await startNodeFleet(IDS, (id) => (id === 'hk-1' ? { hold: hold.promise } : { syncing: true }));
    s = fleet.s;
    token = s.app.apiTokens.add({ name: 'ops', level: 'admin', approver: false, ownerId: 'console:o', ownerName: 'o', createdBy: 't', expiresInMs: null }).token;
    api = apiClient(s.httpUrl, token);
  });
  after(async () => {
    hold.open();
    await fleet?.stop();
  });

  it('answers, snapshots and streams progress and failure in Korean with Accept-Language: ko, in English without', async () => {
    const posted = await api.call('POST', '/api/v1/requests', { body: { command: 'restart', target: IDS.join(','), params: { container: 'node', rolling: true }, confirm: true }, headers: KO });
    assert.equal(posted.status, 201, posted.text);
    assert.equal(posted.body.status, 'running');
    const id = posted.body.request.id as number;
    const second = (o: { outcomes: Array<{ agentId: string; progress: string | null }> }) => o.outcomes.find((x) => x.agentId === 'hk-2');
    // The POST answer lists both agents; the second waits for its turn, said in Korean.
    assert.deepEqual(posted.body.request.outcomes.map((o: { agentId: string }) => o.agentId), IDS);
    assert.equal(second(posted.body.request)?.progress, '차례를 기다리는 중 (2개 중 2번째)');

    // The same run, read now in both languages: the agent not restarted yet is there, in each reader's words.
    assert.equal(second((await api.call('GET', `/api/v1/requests/${id}`)).body)?.progress, 'waiting for its turn (2 of 2)');
    assert.equal(second((await api.call('GET', `/api/v1/requests/${id}`, { headers: KO })).body)?.progress, '차례를 기다리는 중 (2개 중 2번째)');

    const ko = await openSse(`${s.httpUrl}/api/v1/requests/${id}/events`, token, undefined, KO);
    const en = await openSse(`${s.httpUrl}/api/v1/requests/${id}/events`, token);
    assert.equal(second((await ko.next((e) => e.event === 'snapshot')).data)?.progress, '차례를 기다리는 중 (2개 중 2번째)');
    assert.equal(second((await en.next((e) => e.event === 'snapshot')).data)?.progress, 'waiting for its turn (2 of 2)');
    hold.open();

    const progressOf = (agent: string, re: RegExp) => (e: SseEvent) => e.event === 'outcome' && e.data.agentId === agent && e.data.state === 'progress' && re.test(String(e.data.progress));
    await ko.next(progressOf('hk-1', /^재시작됨 \(2개 중 1번째\), 정상 상태를 기다리는 중/), 10_000);
    await en.next(progressOf('hk-1', /^restarted \(1 of 2\); waiting until healthy/), 10_000);
    await ko.next(progressOf('hk-2', /^재시작됨 \(2개 중 2번째\), 정상 상태를 기다리는 중: 아직 동기화 중/), 10_000);
    await en.next(progressOf('hk-2', /^restarted \(2 of 2\); waiting until healthy: still syncing/), 10_000);

    const failedKo = await ko.next((e) => e.event === 'outcome' && e.data.agentId === 'hk-2' && e.data.state === 'failed', 10_000);
    const failedEn = await en.next((e) => e.event === 'outcome' && e.data.agentId === 'hk-2' && e.data.state === 'failed', 10_000);
    assert.equal(failedKo.data.error, '1초가 지나도 여전히: 아직 동기화 중: 순차 재시작을 여기서 중단합니다');
    assert.equal(failedEn.data.error, 'still syncing, still after 1 s: the rolling restart stops here');
    // The event ids are the same: one event, rendered for each reader.
    assert.equal(failedKo.id, failedEn.id);
    await Promise.all([ko.ended, en.ended]);
    assert.equal(ko.events.at(-1)?.event, 'end');

    // What the agents received: each restarted once, hk-2 polled until the time ran out.
    assert.deepEqual(fleet.log.filter((l) => l.endsWith(':restart')), ['hk-1:restart', 'hk-2:restart']);
    assert.ok(fleet.log.indexOf('hk-1:status') < fleet.log.indexOf('hk-2:restart'), fleet.log.join(' '));

    // Right after, the request still shows its verdicts in the reader's language (not the restart rows).
    const done = await api.call('GET', `/api/v1/requests/${id}`, { headers: KO });
    assert.equal(done.body.state, 'done');
    assert.deepEqual(
      done.body.outcomes.map((o: { agentId: string; state: string }) => `${o.agentId}:${o.state}`),
      ['hk-1:success', 'hk-2:failed'],
    );
    assert.match(done.body.outcomes[1].error, /순차 재시작을 여기서 중단합니다$/);
    assert.match((await api.call('GET', `/api/v1/requests/${id}`)).body.outcomes[1].error, /the rolling restart stops here$/);
  });

  it('answers a POST without Accept-Language in English', async () => {
    const posted = await api.call('POST', '/api/v1/requests', { body: { command: 'restart', target: IDS.join(','), params: { container: 'node', rolling: true }, confirm: true } });
    assert.equal(posted.status, 201, posted.text);
    const id = posted.body.request.id as number;
    assert.equal(posted.body.request.outcomes.find((o: { agentId: string }) => o.agentId === 'hk-2')?.progress, 'waiting for its turn (2 of 2)');
    await waitUntil(() => s.app.dispatcher.getRequest(id)?.state === 'done', 'the second run done', 10_000);
  });
});
