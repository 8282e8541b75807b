// The dashboard's audit trail (admins) and pages opened by their address: a refusal made with an API
// token shows on /audit filtered by kind; a request's page opened directly (a link pasted in chat, a
// reload) answers the page rather than a 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser } from '../support/browser.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';

describe('dashboard: the audit trail and pages by address', { skip: noBrowser }, () => {
  let s: TestServer;
  let browser: Browser;
  let agent: TestAgent;

  before(async () => {
    s = await startTestServer({ http: true });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'au-1', host_name: 'validator-audit', containers: ['polkadot'] } });
    browser = await launchBrowser();
  });
  after(async () => {
    await agent?.close();
    await browser?.close();
    await s?.dispose();
  });

  it('shows a refusal on /audit, filtered by kind, and opens a request page by its address', async () => {
    const viewer = s.app.apiTokens.add({ name: 'au-viewer', level: 'viewer', approver: false, ownerId: 'console:au', ownerName: 'auditor', createdBy: 't', expiresInMs: null }).token;
    const refused = await fetch(`${s.httpUrl}/api/v1/audit`, { headers: { authorization: `Bearer ${viewer}` } });
    assert.equal(refused.status, 403);

    const out = await s.app.dispatcher.dispatch({ command: 'status', target: 'au-1', params: {}, actor: { id: 'console:op', name: 'op (console)' }, via: 'console' });
    assert.equal(out.kind, 'running');
    const cmd = await agent.nextCommand();
    agent.respond(cmd.id, 'success', { result: { polkadot: 'running' } });
    if (out.kind === 'running') await out.run.done;

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByLabel('Kind').fill('refused');
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.locator('tr[data-kind="refused"]').filter({ hasText: 'auditor' });
    await row.waitFor();
    assert.match(await row.innerText(), /GET \/audit/);
    assert.equal(await page.locator('tbody tr:not([data-kind="refused"])').count(), 0);
    await screenshot(page, 'web-ui-audit');

    // Opened by its address, as from a link pasted in chat: the page, not a 404.
    const direct = await page.goto(`${s.httpUrl}/requests/${out.request.id}`);
    assert.equal(direct?.status(), 200);
    await page.getByText(`#${out.request.id}`).first().waitFor();
    const audit = await page.goto(`${s.httpUrl}/audit`);
    assert.equal(audit?.status(), 200);
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
