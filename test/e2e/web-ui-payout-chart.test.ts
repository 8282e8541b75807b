// Issue 17 in headless Chromium against the real app: the Agent page draws the agent's payout history
// (stored by the hub from its summaries) as an SVG with the warning and critical lines, in English and
// Korean, and adds a point when a new report arrives; History filtered by outcome and time range on the
// server shows only the matching rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser } from '../support/browser.ts';
import type { TestServer } from '../support/mserver.ts';
import { DAY, startPayoutFleet, type PayoutFleet } from '../support/payout-history.ts';
import { waitUntil } from '../support/wait.ts';

describe('dashboard: payout chart and history filters', { skip: noBrowser }, () => {
  let fleet: PayoutFleet;
  let s: TestServer;
  let browser: Browser;

  before(async () => {
    fleet = await startPayoutFleet();
    s = fleet.s;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await fleet?.dispose();
  });

  it('the Agent page charts the payout history with the warning and critical lines, live, in both languages', async () => {
    const agent = await fleet.connect('chart-ui');
    // A day apart: nothing unclaimed, then the oldest era 1, 8 (warning) and 70 (critical) old.
    await fleet.sendPayoutDays(agent, 'chart-ui');
    fleet.offset = 3 * DAY + 60_000;

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.locator('section[data-stream="open"]').waitFor();
    await page.goto(`${s.httpUrl}/agents/chart-ui`);
    await page.getByRole('heading', { name: 'Payout history' }).waitFor();
    const chart = page.getByRole('img', { name: 'Unclaimed payouts of chart-ui over time' });
    await chart.waitFor();
    const warning = chart.locator('g[data-line="warning"]');
    const critical = chart.locator('g[data-line="critical"]');
    assert.equal(await warning.locator('text').first().textContent(), 'Warning: older than 6 eras');
    assert.equal(await critical.locator('text').first().textContent(), 'Critical: 20 eras left or fewer');
    // The critical line (age 84 - 20 = 64) is drawn above the warning line (age 6): y grows downwards.
    const yOf = async (g: typeof warning) => Number(await g.locator('line').getAttribute('y1'));
    assert.ok((await yOf(critical)) < (await yOf(warning)), 'critical above warning');
    assert.equal(await critical.locator('text.tick').textContent(), '64');
    const points = chart.locator('circle.point');
    assert.equal(await points.count(), 4);
    assert.deepEqual(await points.evaluateAll((cs) => cs.map((c) => c.getAttribute('class'))), ['point level-ok', 'point level-ok', 'point level-warning', 'point level-critical']);
    assert.match((await chart.locator('desc').textContent()) ?? '', /4 reports from .* Latest: 2 eras, oldest unclaimed era 1600, oldest lost in 14 eras; level critical\./);
    await page.locator('figure.payout-chart figcaption').getByText('Oldest at any time: 70 eras (level critical).').waitFor();
    await screenshot(page, 'web-ui-payout-chart');

    // A new report reaches the chart without a reload: the rewards claimed, a fifth point, ok.
    agent.send({ type: 'summary', data: { payout_info: { active_era: 1671, unclaimed_eras: [], history_depth: 84 } } });
    await chart.locator('circle.point.level-ok').nth(2).waitFor();
    assert.equal(await points.count(), 5);
    await page.locator('figure.payout-chart figcaption').getByText('Latest: nothing unclaimed.').waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();

    const ko = await newContext(browser, { locale: 'ko-KR' });
    const kpage = await ko.newPage();
    await kpage.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await kpage.locator('section[data-stream="open"]').waitFor();
    await kpage.goto(`${s.httpUrl}/agents/chart-ui`);
    const kchart = kpage.getByRole('img', { name: 'chart-ui의 미청구 보상 추이' });
    await kchart.waitFor();
    assert.equal(await kchart.locator('g[data-line="warning"] text').first().textContent(), '경고: 6에라 초과');
    assert.equal(await kchart.locator('g[data-line="critical"] text').first().textContent(), '위험: 남은 에라 20 이하');
    await kpage.getByRole('heading', { name: '보상 이력' }).waitFor();
    await screenshot(kpage, 'web-ui-payout-chart-ko');
    await ko.close();
  });

  it('History filtered by outcome and time range shows only the matching commands', async () => {
    const agent = await fleet.connect('hist-ui');
    // One command a day, six days ago to yesterday: success on even days back, failed on odd ones.
    await fleet.commandDays(agent, 'hist-ui', [-6, -5, -4, -3, -2, -1]);
    fleet.offset = 0;

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.locator('section[data-stream="open"]').waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    const rows = page.locator('table tbody tr[data-command="status"]');
    await rows.nth(5).waitFor();

    // The browser's zone is UTC (newContext): a datetime-local value is the UTC wall time.
    const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const now = Date.now();
    await page.getByRole('combobox', { name: /^Outcome/ }).selectOption('failed');
    await page.getByLabel('From', { exact: true }).fill(local(now - 5.5 * DAY));
    await page.getByLabel('To', { exact: true }).fill(local(now - 1.5 * DAY));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('table tbody .badge.success').first().waitFor({ state: 'detached' });
    await waitUntil(async () => (await rows.count()) === 2, 'two rows');
    const when = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('.badge')?.textContent));
    assert.deepEqual(when, ['failed', 'failed']);
    // Days 3 and 5 back, newest first: the failed command of yesterday is outside the range.
    const sent = await page.locator('table tbody tr[data-command="status"] td:first-child').allTextContents();
    const expected = [3, 5].map((back) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(now - back * DAY)));
    sent.forEach((text, i) => assert.ok(text.startsWith(expected[i]!), `${text} is ${expected[i]}`));
    await screenshot(page, 'web-ui-history-filtered');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
