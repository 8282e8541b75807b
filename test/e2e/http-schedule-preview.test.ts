// GET /api/v1/schedule-preview, what the dashboard's Schedules form asks as a cron is typed: the next
// five runs in the schedule's zone, or the same refusal saving gives (field by field, in the caller's
// language, SCHEDULE_MIN_INTERVAL_S included), so the form can never accept what saving refuses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, type ApiClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/mserver.ts';

describe('HTTP API: schedule preview', () => {
  let s: TestServer;
  let viewer: ApiClient;
  let operator: ApiClient;

  before(async () => {
    s = await startTestServer({ http: true });
    const token = (name: string, level: 'viewer' | 'operator') =>
      s.app.apiTokens.add({ name, level, approver: false, ownerId: `console:${name}`, ownerName: name, createdBy: 't', expiresInMs: null }).token;
    viewer = apiClient(s.httpUrl, token('preview-viewer', 'viewer'));
    operator = apiClient(s.httpUrl, token('preview-operator', 'operator'));
  });
  after(async () => {
    await s.dispose();
  });

  const preview = (cron: string, timezone?: string, language?: string) =>
    viewer.call('GET', `/api/v1/schedule-preview?${new URLSearchParams({ cron, ...(timezone ? { timezone } : {}) })}`, language ? { headers: { 'accept-language': language } } : {});

  it('answers a viewer the next five runs, increasing, in the schedule\'s zone (its name spelled as IANA does)', async () => {
    const r = await preview('0  3 * * *', 'asia/seoul');
    assert.equal(r.status, 200);
    assert.equal(r.body.cron, '0 3 * * *');
    assert.equal(r.body.timezone, 'Asia/Seoul');
    const runs = r.body.runs as { at: string; text: string }[];
    assert.equal(runs.length, 5);
    for (const [k, run] of runs.entries()) {
      // 03:00 in Seoul (UTC+9, no summer time) is 18:00 UTC the day before.
      assert.match(run.at, /^\d{4}-\d{2}-\d{2}T18:00:00\.000Z$/);
      assert.match(run.text, /^\d{4}-\d{2}-\d{2} 03:00:00 Asia\/Seoul$/);
      if (k > 0) assert.ok(Date.parse(run.at) > Date.parse(runs[k - 1]!.at), `${run.at} after ${runs[k - 1]!.at}`);
    }
    assert.ok(Date.parse(runs[0]!.at) > Date.now());
    assert.equal(Date.parse(runs[4]!.at) - Date.parse(runs[0]!.at), 4 * 86_400_000);
  });

  it('refuses a bad cron or zone with 400 and the field that is wrong, in Korean with Accept-Language: ko', async () => {
    const en = await preview('0 25 * * *', 'UTC');
    assert.equal(en.status, 400);
    assert.match(en.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(en.body.code, 'bad_input');
    assert.equal(en.body.detail, '"0 25 * * *" is not a valid cron expression: the hour field (2nd) is "25": it takes 0 to 23, *, a list (1,15), a range (1-5) or a step (*/10)');

    const ko = await preview('0 25 * * *', 'UTC', 'ko');
    assert.equal(ko.status, 400);
    assert.equal(ko.body.code, 'bad_input');
    assert.match(ko.body.detail, /^"0 25 \* \* \*"은\(는\) 올바른 cron 표현식이 아닙니다: 두 번째 필드\(시\)의 값이 "25"입니다/);

    const fields = await preview('0 3 * *', undefined, 'ko');
    assert.equal(fields.status, 400);
    assert.match(fields.body.detail, /필드는 4개입니다/);

    const zone = await preview('0 3 * * *', 'Mars/Olympus');
    assert.equal(zone.status, 400);
    assert.equal(zone.body.detail, '"Mars/Olympus" is not an IANA time zone; use a name such as UTC, Europe/Berlin or Asia/Seoul');
  });

  it('refuses a cron firing more often than SCHEDULE_MIN_INTERVAL_S in the words saving uses, and saving refuses it too', async () => {
    for (const language of ['en', 'ko']) {
      const cron = '*/30 * * * * *';
      const p = await preview(cron, 'UTC', language);
      assert.equal(p.status, 400);
      assert.equal(p.body.code, 'bad_input');
      const saved = await operator.call('POST', '/api/v1/schedules', {
        body: { name: 'hammer', cron, timezone: 'UTC', target: 'nobody', command: 'status', params: {} },
        headers: { 'accept-language': language },
      });
      assert.equal(saved.status, 400);
      assert.equal(saved.body.code, 'bad_input');
      // Saving names the schedule before the same problem.
      assert.equal(saved.body.detail, language === 'en' ? `Schedule hammer: ${p.body.detail}.` : `스케줄 hammer: ${p.body.detail}.`);
      assert.match(p.body.detail, language === 'en' ? /fires every 30 s at times; schedules may fire at most once every 60 s/ : /30초마다 실행됩니다/);
    }
    assert.equal(s.app.scheduler.list().length, 0);
    // Once a minute is allowed by both.
    assert.equal((await preview('* * * * *', 'UTC')).status, 200);
  });

  it('needs a token like every other route', async () => {
    const r = await viewer.call('GET', '/api/v1/schedule-preview?cron=0%203%20*%20*%20*', { token: null });
    assert.equal(r.status, 401);
  });
});
