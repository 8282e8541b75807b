// Schedules in the dashboard, in headless Chromium against the real app: a bad cron is shown wrong as it
// is typed (the server's message beside the field, saving disabled, nothing sent), a good one shows its
// next five runs in its zone and is added, then is paused, resumed and removed; an existing schedule is
// edited (a refusal of the server shown at the top of its form) and the store holds the change.
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

  it('shows a bad cron wrong as it is typed (nothing sent, saving disabled), previews five runs of a good one, adds, pauses, resumes and removes it', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByText('No schedule yet.').waitFor();

    const saves: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/v1/schedules')) saves.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await page.getByLabel('Name').fill('nightly-status');
    await page.getByLabel('Time zone').fill('Asia/Seoul');
    await page.getByLabel('Target').fill('sch-1');
    await page.getByLabel('Command', { exact: true }).selectOption('status');
    await page.getByLabel('Parameters').fill('container=polkadot');
    const cron = page.getByLabel('Cron');
    const add = page.getByRole('button', { name: 'Add', exact: true });
    await cron.pressSequentially('0 25 * * *');
    const check = page.locator('#sched-cron-check');
    await check.getByText('the hour field (2nd) is "25": it takes 0 to 23').waitFor();
    // The field points at its error, so a screen reader reads it with the field.
    assert.match((await cron.getAttribute('aria-describedby')) ?? '', /\bsched-cron-check\b/);
    assert.equal(await cron.getAttribute('aria-invalid'), 'true');
    assert.equal(await add.isDisabled(), true);
    assert.deepEqual(saves, []);
    assert.equal(s.app.scheduler.list().length, 0);
    await screenshot(page, 'web-ui-schedule-bad-cron');

    await cron.fill('0 3 * * *');
    const preview = check.locator('li');
    await preview.nth(4).waitFor();
    assert.equal(await preview.count(), 5);
    for (let k = 0; k < 5; k++) assert.match((await preview.nth(k).textContent()) ?? '', /3:00:00 AM GMT\+9/);
    await check.getByText('Next five runs (Asia/Seoul):').waitFor();
    assert.equal(await cron.getAttribute('aria-invalid'), 'false');
    await screenshot(page, 'web-ui-schedule-preview');
    await add.click();
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
    assert.deepEqual(saves, ['POST /api/v1/schedules', 'POST /api/v1/schedules/nightly-status/pause', 'POST /api/v1/schedules/nightly-status/resume', 'DELETE /api/v1/schedules/nightly-status']);
    assert.deepEqual(errors.filter((e) => e !== '400 GET /api/v1/schedule-preview'), []);
    await ctx.close();
  });

  it('edits a schedule: prefilled, a bad cron blocked as typed, the server\'s refusal at the top, the change stored', async () => {
    s.app.scheduler.add(
      { name: 'weekly-status', cron: '0 4 * * 1', timezone: 'UTC', target: 'sch-1', command: 'status', params: { container: 'polkadot' } },
      { actor: { id: 'console:test', name: 'test' }, via: 'console' },
    );
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByRole('link', { name: 'Schedules' }).click();
    const row = page.locator('tr[data-schedule="weekly-status"]');
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit weekly-status' });
    const cron = form.getByLabel('Cron');
    assert.equal(await cron.inputValue(), '0 4 * * 1');
    assert.equal(await form.getByLabel('Time zone').inputValue(), 'UTC');
    assert.equal(await form.getByLabel('Parameters').inputValue(), 'container=polkadot');
    const save = form.getByRole('button', { name: 'Save' });
    await form.locator('#sched-edit-cron-check li').nth(4).waitFor();

    await cron.fill('61 4 * * 1');
    await form.getByText('the minute field (1st) is "61"').waitFor();
    assert.equal(await save.isDisabled(), true);

    // A critical command needs a reason: the server refuses, and says so at the top of the form.
    await cron.fill('30 6 * * *');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.locator('#sched-edit-cron-check li').nth(4).waitFor();
    await form.getByLabel('Command', { exact: true }).selectOption('stop');
    await save.click();
    await form.locator('p[role="alert"]').getByText('stop needs another person\'s approval').waitFor();
    assert.equal(s.app.scheduler.show('weekly-status', 0).schedule.cron, '0 4 * * 1');
    await screenshot(page, 'web-ui-schedule-edit-refused');

    await form.getByLabel('Command', { exact: true }).selectOption('status');
    await form.getByLabel('Parameters').fill('container=kusama');
    await save.click();
    await page.getByText('weekly-status was changed.').waitFor();
    await form.waitFor({ state: 'detached' });
    const stored = s.app.scheduler.show('weekly-status', 0).schedule;
    assert.equal(stored.cron, '30 6 * * *');
    assert.equal(stored.timezone, 'Europe/Berlin');
    assert.equal(stored.command, 'status');
    assert.deepEqual(stored.params, { container: 'kusama' });
    await row.getByText('status container=kusama').waitFor();
    await row.getByText('30 6 * * *').waitFor();
    await screenshot(page, 'web-ui-schedule-edited');
    assert.deepEqual(errors.filter((e) => e !== '400 GET /api/v1/schedule-preview' && e !== '400 PUT /api/v1/schedules/weekly-status'), []);
    await ctx.close();
  });
});
