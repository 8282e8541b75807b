// The dashboard in Korean: a browser that prefers Korean gets the Korean interface, the API calls carry
// Accept-Language: ko, the switch in the header changes the language at once and is remembered after a
// reload; at phone width the fleet table becomes cards that still read in Korean.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser } from '../support/browser.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';

describe('dashboard: the Korean interface', { skip: noBrowser }, () => {
  let s: TestServer;
  let browser: Browser;
  let agent: TestAgent;

  before(async () => {
    s = await startTestServer({ http: true });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'ko-1', host_name: 'validator-seoul', containers: ['polkadot'] } });
    browser = await launchBrowser();
  });
  after(async () => {
    await agent?.close();
    await browser?.close();
    await s?.dispose();
  });

  it('speaks Korean to a Korean browser, sends Accept-Language: ko, and remembers the switch to English', async () => {
    const ctx = await newContext(browser, { locale: 'ko-KR', phone: true });
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    const languages: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/v1/agents')) languages.push(r.headers()['accept-language'] ?? '');
    });
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByRole('heading', { name: '에이전트 현황' }).waitFor();
    await page.getByRole('link', { name: '명령 실행' }).waitFor();
    const row = page.locator('tr[data-agent="ko-1"]');
    await row.getByText('온라인').waitFor();
    await row.getByText('보고 없음').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.ok(languages.length > 0 && languages.every((l) => l === 'ko'), languages.join(','));
    await screenshot(page, 'web-ui-korean-fleet-phone');

    await page.getByRole('link', { name: '명령 실행' }).click();
    await page.getByLabel('대상').fill('ko-1');
    await page.getByLabel('명령', { exact: true }).selectOption('restart');
    await page.getByText('변경 명령입니다. 실행 전에 확인을 거칩니다.').waitFor();
    await page.getByRole('button', { name: '검토' }).waitFor();
    await screenshot(page, 'web-ui-korean-run-phone');

    await page.getByLabel('언어').selectOption('en');
    await page.getByRole('heading', { name: 'Run a command' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Run a command' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
