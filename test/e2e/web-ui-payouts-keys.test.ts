// Payouts and keys in the dashboard, in headless Chromium against the real app and a real agent: an
// agent's report of unclaimed eras shows in the fleet table without a reload and on the Payouts page;
// a session key it changed without rotate_keys is flagged on the Keys page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser } from '../support/browser.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';

describe('dashboard: payouts and keys', { skip: noBrowser }, () => {
  let s: TestServer;
  let browser: Browser;
  let agent: TestAgent;

  before(async () => {
    s = await startTestServer({ http: true });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'pay-1', containers: ['polkadot'] } });
    browser = await launchBrowser();
  });
  after(async () => {
    await agent?.close();
    await browser?.close();
    await s?.dispose();
  });

  it('unclaimed eras reach the fleet row live and the Payouts page; an unasked key change is flagged', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.locator('section[data-stream="open"]').waitFor();
    const row = page.locator('tr[data-agent="pay-1"]');
    await row.getByText('none reported').waitFor();

    agent.send({ type: 'summary', data: { payout_info: { active_era: 1600, unclaimed_eras: [1590, 1591], stash: '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5' } } });
    await row.getByText('2 eras').waitFor();
    await row.getByText(/oldest lost in \d+ eras/).waitFor();
    await screenshot(page, 'web-ui-fleet-payout');

    await page.getByRole('link', { name: 'Payouts' }).click();
    const payout = page.locator('tr[data-agent="pay-1"]');
    await payout.getByText('1590, 1591').waitFor();
    assert.ok(['ok', 'warning', 'critical'].includes((await payout.getAttribute('data-level')) ?? ''));
    await screenshot(page, 'web-ui-payouts');

    const key = `0x${'cd'.repeat(32)}`;
    agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: key } });
    await agent.next((f) => f.type === 'key_update_ack');
    await page.getByRole('link', { name: 'Keys' }).click();
    const keyRow = page.locator('tr[data-agent="pay-1"]');
    await keyRow.getByText(key).waitFor();
    await keyRow.getByText('not asked for').waitFor();
    await screenshot(page, 'web-ui-keys');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
