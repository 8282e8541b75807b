// The dashboard in headless Chromium against the real app and real agents: log in through the console's
// one-time link, see an agent appear and drop in the fleet table without a reload, run `status` and
// read the result, have a bad parameter refused as it is typed, and confirm a `restart`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser, type BrowserContext, type Page } from '../support/browser.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';

describe('dashboard: login, fleet, run', { skip: noBrowser }, () => {
  let s: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  const agents: TestAgent[] = [];

  before(async () => {
    s = await startTestServer({ http: true });
    browser = await launchBrowser();
    ctx = await newContext(browser);
    page = await ctx.newPage();
    errors = collectPageErrors(page);
  });
  after(async () => {
    for (const a of agents) await a.close();
    await ctx?.close();
    await browser?.close();
    await s?.dispose();
  });

  it('a used or unknown one-time link lands on the login page saying why', async () => {
    const other = await newContext(browser);
    const p = await other.newPage();
    await p.goto(`${s.httpUrl}/auth/link?code=not-a-code`);
    await p.getByRole('heading', { name: 'Log in to mserver' }).waitFor();
    await p.getByText('That link is not valid').waitFor();
    assert.equal(new URL(p.url()).pathname, '/login');
    await screenshot(p, 'web-ui-login-invalid-link');
    await other.close();
  });

  it('logs in through the console\'s one-time link, which then works no more', async () => {
    const link = new URL(s.app.web.createLoginLink(), s.httpUrl).href;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    await page.getByText(/Signed in as .* \(admin\)/).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    const other = await newContext(browser);
    const p = await other.newPage();
    await p.goto(link);
    await p.getByText('That link was already used').waitFor();
    await other.close();
    await screenshot(page, 'web-ui-logged-in');
  });

  it('the fleet table shows an agent that connects, and its drop, without a reload', async () => {
    await page.locator('section[data-stream="open"]').waitFor();
    await page.getByText('No agent has connected yet').waitFor();
    // A mark on the window: a reload would wipe it.
    await page.evaluate('window.__sameDocument = true');

    const a = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'web-1', host_name: 'validator-seoul', containers: ['polkadot'] } });
    agents.push(a);
    const row = page.locator('tr[data-agent="web-1"]');
    await row.locator('text=online').waitFor();
    await row.getByText('validator-seoul').waitFor();
    await row.getByText('polkadot').waitFor();

    const b = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'web-2', host_name: 'validator-busan', containers: ['kusama'] } });
    await page.locator('tr[data-agent="web-2"][data-state="online"]').waitFor();
    await b.close();
    await page.locator('tr[data-agent="web-2"][data-state="offline"]').waitFor();

    // Search narrows the table to what matches.
    await page.getByLabel('Search agents').fill('seoul');
    await page.locator('tr[data-agent="web-2"]').waitFor({ state: 'detached' });
    await page.getByText('1 of 2 shown').waitFor();
    assert.equal(await page.evaluate('window.__sameDocument === true'), true, 'no reload');
    await screenshot(page, 'web-ui-fleet-live');
    await page.getByLabel('Search agents').fill('');
  });

  it('runs status on an agent and shows its result', async () => {
    await page.getByRole('link', { name: 'Run' }).click();
    await page.getByRole('heading', { name: 'Run a command' }).waitFor();
    await page.getByLabel('Target').fill('web-1');
    await page.getByLabel('Command').selectOption('status');
    await page.getByText('Runs at once (read only).').waitFor();
    await page.getByText('on 1 agent: web-1').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    const cmd = await agents[0]!.nextCommand();
    assert.equal(cmd.command, 'status');
    agents[0]!.respond(cmd.id, 'completed', { result: { state: 'running', best_block: 123456, peers: 42 } });
    const row = page.locator('tr[data-agent="web-1"][data-outcome="success"]');
    await row.waitFor();
    await row.getByText('"best_block": 123456').waitFor();
    await page.getByText('Finished.').waitFor();
    await screenshot(page, 'web-ui-run-status');
  });

  it('refuses a bad parameter as it is typed, with the server\'s message, before anything is sent', async () => {
    await page.getByRole('button', { name: 'Run another command' }).click();
    await page.getByLabel('Target').fill('web-1');
    await page.getByLabel('Command').selectOption('logs');
    await page.getByLabel(/^lines/).fill('12x');
    await page.getByText('lines: expected an integer from 1 to 5000, got "12x"').waitFor();
    assert.equal(await page.getByLabel(/^lines/).getAttribute('aria-invalid'), 'true');
    await page.getByLabel(/^lines/).fill('120');
    await page.getByText(/lines: expected/).waitFor({ state: 'detached' });
    // container is required: the field says so once the form is tried, and nothing is sent.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/container: required/).waitFor();
    await screenshot(page, 'web-ui-run-bad-param');
  });

  it('long output opens in a viewer that downloads it whole', async () => {
    await page.getByLabel(/^container/).fill('polkadot');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const cmd = await agents[0]!.nextCommand();
    assert.deepEqual(cmd.params, { container: 'polkadot', lines: 120 });
    const lines = Array.from({ length: 120 }, (_, i) => `2026-12-06 04:00:${String(i % 60).padStart(2, '0')} imported block #${1000 + i}`);
    agents[0]!.respond(cmd.id, 'completed', { result: { lines: lines.join('\n') } });
    await page.getByText('imported block #1011').waitFor();
    assert.equal(await page.getByText('imported block #1119').count(), 0, 'only the first lines inline');
    await page.getByRole('button', { name: /Open full output \(120 lines\)/ }).click();
    const viewer = page.getByRole('dialog', { name: 'Output of web-1' });
    await viewer.getByText('imported block #1119').waitFor();
    await screenshot(page, 'web-ui-output-viewer');
    const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('link', { name: 'Download' }).click()]);
    assert.match(download.suggestedFilename(), /^request-\d+-web-1\.txt$/);
    assert.equal(await readFile((await download.path())!, 'utf8'), lines.join('\n'));
    await viewer.getByRole('button', { name: 'Close' }).click();
    await viewer.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Run another command' }).click();
  });

  it('a restart waits for Confirm, then runs and streams its outcome', async () => {
    await page.getByLabel('Command').selectOption('restart');
    await page.getByLabel(/^container/).fill('polkadot');
    await page.getByText('A change: you confirm it before it runs.').waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    const confirmHeading = page.getByRole('heading', { name: /Confirm request #\d+/ });
    await confirmHeading.waitFor();
    const id = Number(/#(\d+)/.exec((await confirmHeading.textContent()) ?? '')![1]);
    assert.equal(s.app.dispatcher.getRequest(id)?.state, 'awaiting_confirmation');
    await screenshot(page, 'web-ui-restart-confirm');

    await page.getByRole('button', { name: 'Confirm' }).click();
    const cmd = await agents[0]!.nextCommand();
    assert.equal(cmd.command, 'restart');
    assert.equal(cmd.params.container, 'polkadot');
    agents[0]!.respond(cmd.id, 'completed', { result: { restarted: true } });
    await page.locator('tr[data-agent="web-1"][data-outcome="success"]').waitFor();
    await page.getByText('Finished.').waitFor();
    await screenshot(page, 'web-ui-restart-done');
    assert.deepEqual(errors, []);

    // The same POST from this page's script without the CSRF header: refused, and no request made.
    const status = await page.evaluate(
      `fetch('/api/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: 'restart', target: 'web-1', params: { container: 'polkadot' }, confirm: true }) }).then((r) => r.status)`,
    );
    assert.equal(status, 403);
    assert.equal(s.app.dispatcher.getRequest(id + 1), undefined, 'nothing was asked');
  });

  it('the agent page lists its recent commands; history filters by command and opens a request with its steps', async () => {
    await page.getByRole('link', { name: 'Fleet' }).click();
    await page.getByRole('link', { name: 'web-1' }).click();
    await page.getByRole('heading', { name: 'Agent web-1' }).waitFor();
    const commands = page.locator('section table tbody tr');
    await commands.filter({ hasText: 'restart' }).getByText('success').waitFor();
    await commands.filter({ hasText: 'status' }).getByText('success').waitFor();
    await screenshot(page, 'web-ui-agent');

    await page.getByRole('link', { name: 'History' }).click();
    await page.getByLabel('Command').selectOption('restart');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('tr[data-command="status"]').waitFor({ state: 'detached' });
    const row = page.locator('tr[data-command="restart"]');
    await row.getByText('web-1').waitFor();
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: /^Request #\d+$/ }).waitFor();
    await page.locator('tr[data-agent="web-1"][data-outcome="success"]').waitFor();
    const steps = page.locator('ol.steps');
    await steps.getByText('confirmed').waitFor();
    await screenshot(page, 'web-ui-request');
  });
});
