// The HTTP API answers people in their language (issue 18): with `Accept-Language: ko` a refusal and a
// bad parameter come back in Korean (title and detail), without it in English; the problem's `type` and
// `code`, which scripts branch on, stay the same English words either way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/mserver.ts';

interface ProblemBody {
  type: string;
  title: string;
  detail: string;
  code: string;
  status: number;
}

describe('HTTP API in Korean and English', () => {
  let s: TestServer;
  let viewerToken: string;

  before(async () => {
    s = await startTestServer({ http: true });
    viewerToken = s.app.apiTokens.add({ name: 'ko-viewer', level: 'viewer', approver: false, ownerId: 'console:ko', ownerName: 'ko', createdBy: 't', expiresInMs: null }).token;
  });
  after(async () => {
    await s.dispose();
  });

  async function get(path: string, language?: string): Promise<{ status: number; body: ProblemBody }> {
    const headers: Record<string, string> = { authorization: `Bearer ${viewerToken}` };
    if (language) headers['accept-language'] = language;
    const res = await fetch(`${s.httpUrl}${path}`, { headers });
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    return { status: res.status, body: (await res.json()) as ProblemBody };
  }

  it('refuses a viewer the audit trail in Korean with Accept-Language: ko, in English without', async () => {
    const ko = await get('/api/v1/audit', 'ko-KR,ko;q=0.9,en;q=0.5');
    assert.equal(ko.status, 403);
    assert.equal(ko.body.code, 'forbidden');
    assert.equal(ko.body.type, 'urn:mserver:problem:forbidden');
    assert.equal(ko.body.title, '권한 없음');
    assert.match(ko.body.detail, /GET \/audit을\(를\) 사용할 수 없습니다\. admin 등급이 필요한데 이 토큰은 viewer입니다/);

    const en = await get('/api/v1/audit');
    assert.equal(en.status, 403);
    assert.equal(en.body.code, 'forbidden');
    assert.equal(en.body.title, 'Not allowed');
    assert.match(en.body.detail, /^You may not use GET \/audit: it needs the admin level, and this token has viewer/);
  });

  it('says what is wrong with a parameter in Korean, and in English for a language it does not have', async () => {
    const ko = await get('/api/v1/requests?limit=900', 'ko');
    assert.equal(ko.status, 400);
    assert.equal(ko.body.code, 'bad_input');
    assert.equal(ko.body.title, '잘못된 입력');
    assert.match(ko.body.detail, /^요청이 올바르지 않습니다: querystring\.limit: .*500 이하여야 합니다/);

    const de = await get('/api/v1/requests?limit=900', 'de-DE');
    assert.equal(de.body.title, 'Bad input');
    assert.match(de.body.detail, /^querystring\.limit: Too big: expected number to be <=500/);

    const cursor = await get('/api/v1/requests?cursor=nonsense', 'ko');
    assert.equal(cursor.status, 400);
    assert.equal(cursor.body.detail, 'cursor: 이 API가 준 커서가 아닙니다.');
  });

  it('answers an unknown route and a token put in the URL in the caller\'s language', async () => {
    const route = await get('/api/v1/nothing-here', 'ko');
    assert.equal(route.status, 404);
    assert.equal(route.body.title, '찾을 수 없음');
    assert.match(route.body.detail, /^그런 경로가 없습니다: GET \/api\/v1\/nothing-here\./);

    const res = await fetch(`${s.httpUrl}/api/v1/agents?token=${viewerToken}`, { headers: { 'accept-language': 'ko' } });
    assert.equal(res.status, 400);
    const body = (await res.json()) as ProblemBody;
    assert.equal(body.code, 'bad_input');
    assert.match(body.detail, /^API 토큰은 Authorization 헤더\("Authorization: Bearer <token>"\)로만 받으며 URL로는 받지 않습니다/);
  });

  it("describes the command catalog (the dashboard's Run form) in the caller's language", async () => {
    const read = async (language?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${viewerToken}` };
      if (language) headers['accept-language'] = language;
      const res = await fetch(`${s.httpUrl}/api/v1/commands`, { headers });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { items: Array<{ name: string; description: string }> };
      return body.items.find((c) => c.name === 'restart')!.description;
    };
    assert.equal(await read('ko'), '컨테이너 재시작');
    assert.equal(await read(), 'Restart the container');
  });
});
