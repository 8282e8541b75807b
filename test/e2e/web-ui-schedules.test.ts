// Schedules in the dashboard, in headless Chromium against the real app: a bad cron is refused with
// the server's message, a good one is added and shows its next runs in its zone, then is paused,
// resumed and removed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser } from '../support/browser.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';

describe('dashboard: schedules', { skip: noBrowser }, () => {
  let s: TestServer;
  let browser: Browser;
  let agent: TestAgent;

  before(async () => {
    s = await startTestServer({ http: true });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'sch-1', containers: ['polkadot'] } });
    browser = await launchBrowser();
  });
  after(async () => {
    await agent?.close();
    await browser?.close();
    await s?.dispose();
  });

  it('adds a schedule (a bad cron refused first), shows its next runs, pauses, resumes and removes it', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByText('No schedule yet.').waitFor();

    await page.getByLabel('Name').fill('nightly-status');
    await page.getByLabel('Cron').fill('0 25 * * *');
    await page.getByLabel('Time zone').fill('Asia/Seoul');
    await page.getByLabel('Target').fill('sch-1');
    await page.getByLabel('Command', { exact: true }).selectOption('status');
    await page.getByLabel('Parameters').fill('container=polkadot');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('form [role="alert"]').waitFor();
    assert.equal(s.app.scheduler.list().length, 0);
    await screenshot(page, 'web-ui-schedule-bad-cron');

    await page.getByLabel('Cron').fill('0 3 * * *');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = page.locator('tr[data-schedule="nightly-status"]');
    await row.getByText('status container=polkadot').waitFor();
    await row.getByText('GMT+9').waitFor();
    await row.getByRole('button', { name: 'Next runs' }).click();
    const runs = page.getByRole('region', { name: 'Next runs of nightly-status' }).locator('li');
    await runs.nth(4).waitFor();
    assert.equal(await runs.count(), 5);
    assert.match((await runs.first().textContent()) ?? '', /3:00:00 AM GMT\+9/);
    await screenshot(page, 'web-ui-schedule-added');

    await row.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('nightly-status is paused.').waitFor();
    await row.getByText('paused').waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('nightly-status runs again.').waitFor();
    await row.getByText('active').waitFor();
    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('nightly-status was removed.').waitFor();
    await row.waitFor({ state: 'detached' });
    assert.equal(s.app.scheduler.list().length, 0);
    assert.deepEqual(errors.filter((e) => e !== '400 POST /api/v1/schedules'), []);
    await ctx.close();
  });
});
