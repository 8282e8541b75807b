// The dashboard's server side without Discord, over real HTTP against the real app and a real agent:
// the console's one-time link, the session cookie and its flags, /auth/me, /api/v1 with the cookie (via
// 'web', audited), CSRF refusals that do nothing, logout, sessions surviving a restart, static files
// with their Content-Security-Policy, and the page shown when the client is not built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { apiClient } from '../support/http-client.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';
import { webBrowser, type WebBrowser } from '../support/web-browser.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

async function loggedIn(s: TestServer): Promise<WebBrowser> {
  const b = webBrowser(s.httpUrl);
  const opened = await b.open(s.app.web.createLoginLink());
  assert.equal(opened.status, 303);
  assert.equal(opened.location, '/');
  assert.equal((await b.me()).status, 200);
  return b;
}

describe('dashboard: one-time link, session, CSRF, static files', () => {
  let s: TestServer;
  let agent: TestAgent;
  let dist: string;
  const offset = { ms: 0 };
  const clock = { now: () => Date.now() + offset.ms };

  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'mserver-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="app"></div></body></html>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("dashboard")');
    writeFileSync(join(dist, '.env'), 'SECRET=1');
    s = await startTestServer({ http: true, console: true, app: { clock, webDist: dist } });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'web-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('web-1'), 'web-1 connected');
  });
  after(async () => {
    await agent.close();
    await s.dispose();
    rmSync(dist, { recursive: true, force: true });
  });

  it('the console prints a one-time link that opens an admin session for the console user, with a strict HttpOnly cookie', async () => {
    const from = s.consoleOut.length;
    s.type('web-login');
    const line = await s.waitForOutput(/\/auth\/link\?code=/, 5000, from);
    const link = /(http:\/\/\S+\/auth\/link\?code=\S+)/.exec(line)![1]!;
    assert.ok(link.startsWith(s.httpUrl), link);
    const b = webBrowser(s.httpUrl);
    const opened = await b.open(link);
    assert.equal(opened.status, 303);
    assert.equal(opened.location, '/');
    const cookie = b.lastSetCookies.find((c) => c.name === 'mserver_session')!;
    assert.ok(cookie, 'the session cookie is set');
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(cookie.attrs.get('httponly'), '');
    assert.equal(cookie.attrs.get('samesite'), 'Strict');
    assert.equal(cookie.attrs.get('path'), '/');
    assert.equal(cookie.attrs.get('max-age'), String(12 * 3600));
    // Plain http on loopback: a Secure cookie would never be sent back.
    assert.equal(cookie.attrs.has('secure'), false);
    const me = await b.me();
    assert.equal(me.status, 200, me.text);
    assert.match(me.body.actor.id, /^console:/);
    assert.equal(me.body.level, 'admin');
    assert.equal(me.body.approver, true);
    assert.match(me.body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(me.body.expiresAt > Date.now() + 11 * 3_600_000);
    // The database keeps a hash of the session id and nothing that equals the cookie.
    const rows = JSON.stringify(s.app.store.db.prepare('SELECT * FROM web_sessions').all());
    assert.ok(!rows.includes(cookie.value));
    assert.ok(!JSON.stringify(s.app.store.db.prepare('SELECT * FROM web_login_links').all()).includes(new URL(link).searchParams.get('code')!));
  });

  it('the session reads /api/v1 like a token, and its streams', async () => {
    const b = await loggedIn(s);
    const agents = await b.request('GET', '/api/v1/agents');
    assert.equal(agents.status, 200, agents.text);
    assert.ok(JSON.stringify(agents.body).includes('web-1'));
    const me = await b.request('GET', '/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.level, 'admin');
    const res = await fetch(`${s.httpUrl}/api/v1/events`, { headers: { cookie: `mserver_session=${b.cookies.get('mserver_session')!.value}`, accept: 'text/event-stream' }, signal: AbortSignal.timeout(5000) });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    await res.body?.cancel();
  });

  it('a link works once: the second click goes to /login?reason=used and sets nothing', async () => {
    const link = s.app.web.createLoginLink();
    // A link checker asking HEAD first does not use it up.
    const head = await fetch(link, { method: 'HEAD', redirect: 'manual' });
    assert.notEqual(head.status, 303);
    assert.equal(head.headers.get('set-cookie'), null);
    assert.equal((await webBrowser(s.httpUrl).open(link)).location, '/');
    const again = webBrowser(s.httpUrl);
    const second = await again.open(link);
    assert.equal(second.status, 303);
    assert.equal(second.location, '/login?reason=used');
    assert.equal(again.lastSetCookies.length, 0);
    assert.equal((await again.me()).status, 401);
  });

  it('an expired link and an unknown one go to the login page saying why', async () => {
    const link = s.app.web.createLoginLink();
    offset.ms += 10 * 60_000 + 1000;
    try {
      const b = webBrowser(s.httpUrl);
      assert.equal((await b.open(link)).location, '/login?reason=expired');
      assert.equal(b.lastSetCookies.length, 0);
    } finally {
      offset.ms -= 10 * 60_000 + 1000;
    }
    const b = webBrowser(s.httpUrl);
    assert.equal((await b.open('/auth/link?code=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).location, '/login?reason=invalid');
    assert.equal((await b.open('/auth/link')).location, '/login?reason=invalid');
    assert.equal((await b.open("/auth/link?code=x'%20OR%201=1--")).location, '/login?reason=invalid');
  });

  it('a POST with the cookie but without the CSRF token is refused, audited, and nothing is sent', async () => {
    const b = await loggedIn(s);
    s.app.store.queue.flush();
    const before = (s.app.store.db.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
    const commandsBefore = agent.received.filter((f) => f.type === 'command').length;
    const bare = await b.request('POST', '/api/v1/requests', { body: { command: 'status', target: 'web-1' } });
    assert.equal(bare.status, 403, bare.text);
    assert.equal(bare.body.code, 'forbidden');
    assert.match(bare.body.detail, /CSRF/);
    const wrong = await b.request('POST', '/api/v1/requests', { body: { command: 'status', target: 'web-1' }, csrf: 'A'.repeat(43) });
    assert.equal(wrong.status, 403);
    // Another session's token is no better.
    const other = await loggedIn(s);
    const crossed = await b.request('POST', '/api/v1/requests', { body: { command: 'status', target: 'web-1' }, csrf: other.csrf! });
    assert.equal(crossed.status, 403);
    s.app.store.queue.flush();
    assert.equal((s.app.store.db.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n, before);
    const refusals = s.app.store.audit.list({ kind: 'refused', limit: 20 }).filter((e) => e.via === 'web' && /csrf/.test(JSON.stringify(e.detail)));
    assert.equal(refusals.length, 3);
    // Then a request with the token goes through: the agent's next command is that one, so none of
    // the refused ones reached it.
    const ok = await b.request('POST', '/api/v1/requests', { body: { command: 'status', target: 'web-1' }, csrf: true });
    assert.equal(ok.status, 201, ok.text);
    const cmd = await agent.nextCommand();
    assert.equal(agent.received.filter((f) => f.type === 'command').length, commandsBefore + 1);
    agent.respond(cmd.id, 'completed', { result: { ok: true } });
    assert.equal(ok.body.request.actor.via, 'web');
    s.app.store.queue.flush();
    const requested = s.app.store.audit.list({ kind: 'requested', limit: 5 }).find((e) => e.requestId === ok.body.request.id)!;
    assert.equal(requested.via, 'web');
    assert.match(requested.actorId ?? '', /^console:/);
  });

  it('a change command from the dashboard is confirmed with the CSRF token, through the same dispatcher', async () => {
    const b = await loggedIn(s);
    const asked = await b.request('POST', '/api/v1/requests', { body: { command: 'restart', target: 'web-1', params: { container: 'polkadot' } }, csrf: true });
    assert.equal(asked.status, 201, asked.text);
    assert.equal(asked.body.status, 'needs_confirmation');
    const refused = await b.request('POST', `/api/v1/requests/${asked.body.request.id}/confirm`);
    assert.equal(refused.status, 403);
    const confirmed = await b.request('POST', `/api/v1/requests/${asked.body.request.id}/confirm`, { csrf: true });
    assert.equal(confirmed.status, 200, confirmed.text);
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'restart');
    agent.respond(cmd.id, 'completed', { result: {} });
    s.app.store.queue.flush();
    const confirmedRow = s.app.store.audit.list({ kind: 'dispatched', limit: 5 }).find((e) => e.requestId === asked.body.request.id)!;
    assert.equal(confirmedRow.via, 'web');
  });

  it('bearer tokens work as before, and a bearer wins over a cookie', async () => {
    const token = s.app.apiTokens.add({ name: 'viewer-script', level: 'viewer', approver: false, ownerId: 'console:script', ownerName: 'script', createdBy: 't', expiresInMs: null }).token;
    const b = await loggedIn(s);
    const r = await b.request('POST', '/api/v1/requests', { body: { command: 'restart', target: 'web-1', params: { container: 'polkadot' } }, csrf: true, headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 403, r.text);
    assert.match(r.body.detail, /token/);
    const plain = await apiClient(s.httpUrl, token).call('GET', '/api/v1/me');
    assert.equal(plain.status, 200);
    assert.equal(plain.body.level, 'viewer');
  });

  it('logout needs the CSRF token, ends the session, its open event streams, and clears the cookie', async () => {
    const b = await loggedIn(s);
    const cookie = b.cookies.get('mserver_session')!.value;
    const abort = new AbortController();
    const stream = await fetch(`${s.httpUrl}/api/v1/events`, { headers: { cookie: `mserver_session=${cookie}`, accept: 'text/event-stream' }, signal: abort.signal });
    assert.equal(stream.status, 200);
    const reader = stream.body!.getReader();
    assert.ok(!(await reader.read()).done);
    assert.equal((await b.request('POST', '/auth/logout')).status, 403);
    assert.equal((await b.me()).status, 200);
    const out = await b.request('POST', '/auth/logout', { csrf: true });
    assert.equal(out.status, 204);
    // The stream ends now, not at its next recheck a minute later (the read fails or says done);
    // bounded: after 5 s the test gives up and fails.
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      (async () => {
        try {
          for (;;) if ((await reader.read()).done) return 'ended';
        } catch {
          return 'ended';
        }
      })(),
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still open'), 5000))),
    ]);
    clearTimeout(timer);
    abort.abort();
    assert.equal(ended, 'ended');
    const cleared = b.lastSetCookies.find((c) => c.name === 'mserver_session')!;
    assert.equal(cleared.attrs.get('max-age'), '0');
    const stale = webBrowser(s.httpUrl);
    stale.cookies.set('mserver_session', { value: cookie, path: '/' });
    assert.equal((await stale.me()).status, 401);
    const api = await stale.request('GET', '/api/v1/agents');
    assert.equal(api.status, 401);
    assert.ok(!api.text.includes('web-1'));
    s.app.store.queue.flush();
    assert.ok(s.app.store.audit.list({ kind: 'web_logout', limit: 5 }).some((e) => e.via === 'web'));
  });

  it('a session ends after 12 hours', async () => {
    const b = await loggedIn(s);
    offset.ms += 12 * 3_600_000 + 1000;
    try {
      assert.equal((await b.me()).status, 401);
      assert.equal((await b.request('GET', '/api/v1/agents')).status, 401);
    } finally {
      offset.ms -= 12 * 3_600_000 + 1000;
    }
  });

  it('serves the built client with a CSP, index.html for each page path, and no dotfiles', async () => {
    for (const path of ['/', '/agents/web-1', '/run', '/approvals', '/history', '/schedules', '/payouts', '/keys', '/login']) {
      const r = await fetch(s.httpUrl + path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(r.headers.get('content-security-policy'), CSP);
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.match(await r.text(), /<div id="app">/);
    }
    const js = await fetch(`${s.httpUrl}/assets/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.equal((await fetch(`${s.httpUrl}/.env`)).status, 404);
    assert.equal((await fetch(`${s.httpUrl}/assets/../../etc/passwd`)).status, 404);
    // The API's own 404 is unchanged.
    const missing = await fetch(`${s.httpUrl}/api/v1/nothing-here`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /problem\+json/);
  });

  it('/auth/methods says Discord is off here', async () => {
    const r = await webBrowser(s.httpUrl).request('GET', '/auth/methods');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { discord: false });
    assert.equal((await webBrowser(s.httpUrl).request('GET', '/auth/discord')).status, 404);
  });
});

describe('dashboard: sessions survive a restart; an unbuilt client', () => {
  it('a session opened before a restart still works after it', async () => {
    const missing = mkdtempSync(join(tmpdir(), 'mserver-web-none-'));
    let s = await startTestServer({ http: true, app: { webDist: join(missing, 'dist') } });
    const dir = s.dir;
    try {
      const b = await loggedIn(s);
      const page = await fetch(`${s.httpUrl}/`);
      assert.equal(page.status, 503);
      assert.equal(page.headers.get('content-security-policy'), CSP);
      assert.match(await page.text(), /not built[\s\S]*npm run build:web/);
      const ko = await fetch(`${s.httpUrl}/`, { headers: { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.5' } });
      assert.match(await ko.text(), /<html lang="ko">[\s\S]*빌드되지 않았습니다[\s\S]*npm run build:web/);
      await s.stop();
      s = await startTestServer({ http: true, dir });
      const again = webBrowser(s.httpUrl);
      again.cookies.set('mserver_session', b.cookies.get('mserver_session')!);
      const me = await again.me();
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.csrfToken, b.csrf);
    } finally {
      await s.dispose();
      rmSync(dir, { recursive: true, force: true });
      rmSync(missing, { recursive: true, force: true });
    }
  });
});

describe('dashboard: behind a TLS proxy', () => {
  it('with an https HTTP_PUBLIC_URL, links use that address and the session cookie is Secure; a session has five times a token\'s rate', async () => {
    const s = await startTestServer({ http: true, env: { HTTP_PUBLIC_URL: 'https://ops.example.org/', HTTP_RATE_LIMIT_PER_MIN: '2' } });
    try {
      const link = s.app.web.createLoginLink();
      assert.match(link, /^https:\/\/ops\.example\.org\/auth\/link\?code=[A-Za-z0-9_-]{43}$/);
      const u = new URL(link);
      const b = webBrowser(s.httpUrl);
      assert.equal((await b.open(u.pathname + u.search)).location, '/');
      const cookie = b.lastSetCookies.find((c) => c.name === 'mserver_session')!;
      assert.equal(cookie.attrs.get('secure'), '');
      assert.equal(cookie.attrs.get('samesite'), 'Strict');
      const statuses = [];
      for (let i = 0; i < 11; i++) statuses.push((await b.request('GET', '/api/v1/agents')).status);
      assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
      // Login attempts are limited per address too (each refusal is an audit row): one used above.
      const tries = [];
      for (let i = 0; i < 2; i++) tries.push((await b.request('GET', '/auth/link?code=nope')).status);
      assert.deepEqual(tries, [303, 429]);
      assert.equal((await b.me()).status, 200, '/auth/me is not limited with them');
    } finally {
      await s.dispose();
    }
  });
});
