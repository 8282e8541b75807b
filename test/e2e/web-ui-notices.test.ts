// The dashboard's Notices page with Discord off (architecture point 3): an agent gone past the grace is a
// row (time, a critical badge, the title and text, a link to the agent), and a second one arrives live
// from the event stream without a reload. Both languages: the page reads again in Korean when switched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser } from '../support/browser.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

describe('dashboard: the Notices page', { skip: noBrowser }, () => {
  let s: TestServer;
  let browser: Browser;

  const goneOffline = async (id: string) => {
    const agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected(id), `${id} connected`);
    await agent.close();
  };

  before(async () => {
    s = await startTestServer({ http: true, env: { AGENT_OFFLINE_GRACE_S: '1', AGENT_ALERT_WINDOW_MS: '10' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await s?.dispose();
  });

  it('lists a host-offline notice, then shows a new one as it happens', async () => {
    await goneOffline('web-n1');
    await waitUntil(() => s.app.store.notices.page({ limit: 5 }).some((n) => n.agentId === 'web-n1'), 'the first notice recorded', 10_000);

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByRole('link', { name: 'Notices' }).click();
    await page.getByRole('heading', { name: 'Notices' }).waitFor();
    const first = page.locator('table.notices tr[data-agent="web-n1"]');
    await first.getByText('web-n1 is offline', { exact: true }).waitFor();
    assert.equal(await first.getAttribute('data-level'), 'critical');
    await first.locator('.badge.level-critical', { hasText: 'critical' }).waitFor();
    await first.getByText(/web-n1 is offline: disconnected \d{4}-\d\d-\d\d/).waitFor();
    assert.equal(await first.getByRole('link', { name: 'web-n1' }).getAttribute('href'), '/agents/web-n1');

    // A second host goes dark while the page is open: its row arrives without a reload.
    await goneOffline('web-n2');
    const second = page.locator('table.notices tr[data-agent="web-n2"]');
    await second.getByText('web-n2 is offline', { exact: true }).waitFor();
    const agents = await page.locator('table.notices tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agent')));
    assert.deepEqual(agents.slice(0, 2), ['web-n2', 'web-n1'], 'newest first');
    await screenshot(page, 'web-ui-notices');

    // The level filter asks the server; another language reads the rows again in it.
    await page.getByLabel('Level').selectOption('info');
    await page.getByText('No notice yet.').waitFor();
    await page.getByLabel('Level').selectOption('');
    await page.getByLabel('Language').selectOption('ko');
    await page.locator('table.notices tr[data-agent="web-n2"]').getByText('web-n2 오프라인', { exact: true }).waitFor();
    await page.locator('table.notices .badge.level-critical', { hasText: '위험' }).first().waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
