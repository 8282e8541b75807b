// A rolling restart (issue 19) from the dashboard over five real agents where the third never becomes
// healthy: the Run page starts it (rolling=true, confirmed), the followed request shows each agent's
// step; a reload in the middle still shows all five (the agents waiting their turn included), in Korean
// after the language switch; at the end agents 1-2 are done, 3 is where it stopped and says why, and
// 4-5 were not restarted (they never received a `restart` frame).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser, type BrowserContext, type Page } from '../support/browser.ts';
import type { TestServer } from '../support/mserver.ts';
import { gate, startNodeFleet, type NodeFleet } from '../support/node-agent.ts';

const IDS = ['wr-1', 'wr-2', 'wr-3', 'wr-4', 'wr-5'];

describe('dashboard: a rolling restart followed step by step', { skip: noBrowser }, () => {
  let fleet: NodeFleet;
  let s: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  // wr-2's restart is answered only after the reload; wr-3 stays syncing; the others are healthy.
  const hold = gate();

  before(async () => {
    fleet = await startNodeFleet(IDS, (_id, i) => ({ syncing: i === 2, ...(i === 1 ? { hold: hold.promise } : {}) }));
    s = fleet.s;
    browser = await launchBrowser();
    ctx = await newContext(browser);
    page = await ctx.newPage();
    errors = collectPageErrors(page);
  });
  after(async () => {
    hold.open();
    await ctx?.close();
    await browser?.close();
    await fleet?.stop();
  });

  const row = (id: string) => page.locator(`tr[data-agent="${id}"]`);
  const step = (id: string, phase: string) => page.locator(`tr[data-agent="${id}"][data-step="${phase}"]`);

  it('starts from the Run page, survives a reload mid-run in both languages, and stops at the third', async () => {
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByText(/Signed in as .* \(admin\)/).waitFor();
    await page.getByRole('link', { name: 'Run' }).click();
    await page.getByRole('heading', { name: 'Run a command' }).waitFor();
    await page.getByLabel('Target').fill(IDS.join(','));
    await page.getByLabel('Command').selectOption('restart');
    await page.getByLabel(/^container/).fill('node');
    await page.getByLabel(/^rolling/).selectOption('true');
    await page.getByRole('button', { name: 'Review' }).click();
    const confirmHeading = page.getByRole('heading', { name: /Confirm request #\d+/ });
    await confirmHeading.waitFor();
    const id = Number(/#(\d+)/.exec((await confirmHeading.textContent()) ?? '')![1]);
    assert.equal(fleet.log.length, 0, 'nothing is sent before the confirmation');
    await page.getByRole('button', { name: 'Confirm' }).click();

    // wr-1 restarted and healthy; wr-2 restarting (held); the others wait their turn, in order.
    await page.getByRole('heading', { name: 'Rolling restart, one agent at a time' }).waitFor();
    await step('wr-1', 'done').waitFor();
    await step('wr-2', 'current').getByText('restarting (2 of 5)').waitFor();
    for (const [i, a] of IDS.entries()) if (i >= 2) await step(a, 'waiting').getByText(`waiting for its turn (${i + 1} of 5)`).waitFor();
    await page.getByRole('status').getByText('1 of 5 restarted and healthy.').waitFor();

    // A reload in the middle of the run, on the request's own page: every agent is still there.
    await page.goto(`${s.httpUrl}/requests/${id}`);
    await page.getByRole('heading', { name: `Request #${id}`, exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: `Request #${id}`, exact: true }).waitFor();
    await row('wr-5').waitFor();
    assert.equal(await page.locator('table.rolling-steps tbody tr').count(), 5);
    assert.deepEqual(await page.locator('table.rolling-steps tbody tr').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-agent')}:${r.getAttribute('data-step')}`)), [
      'wr-1:done',
      'wr-2:current',
      'wr-3:waiting',
      'wr-4:waiting',
      'wr-5:waiting',
    ]);
    await row('wr-4').getByRole('cell', { name: '4 of 5', exact: true }).waitFor();
    await row('wr-4').getByText('waiting for its turn (4 of 5)').waitFor();

    // In Korean: the page's words and the server's progress lines both.
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('heading', { name: '순차 재시작 (한 번에 에이전트 하나씩)' }).waitFor();
    await row('wr-2').getByText('재시작하는 중 (5개 중 2번째)').waitFor();
    await row('wr-3').getByText('차례를 기다리는 중 (5개 중 3번째)').waitFor();
    await row('wr-3').getByText('차례 대기 중').waitFor();
    await row('wr-1').getByText('재시작됨, 정상').waitFor();
    await screenshot(page, 'web-ui-rolling-restart-korean');
    await page.getByLabel('언어').selectOption('en');
    await page.getByRole('heading', { name: 'Rolling restart, one agent at a time' }).waitFor();
    await row('wr-3').getByText('waiting for its turn (3 of 5)').waitFor();

    // wr-2 answers; wr-3 restarts and never stops syncing: the run stops there and says why.
    hold.open();
    await step('wr-3', 'stopped').getByText(/still syncing, still after 1 s: the rolling restart stops here/).waitFor();
    await step('wr-2', 'done').waitFor();
    for (const a of ['wr-4', 'wr-5']) await step(a, 'notRestarted').getByText('not restarted: stopped at wr-3 (3 of 5)').waitFor();
    const summary = page.getByRole('status').filter({ hasText: 'Stopped at' });
    await summary.getByText('2 of 5 restarted and healthy.').waitFor();
    await summary.getByText(/Stopped at wr-3 \(3 of 5\): still syncing/).waitFor();
    await summary.getByText('2 agents not restarted: wr-4, wr-5.').waitFor();
    await page.getByText('Finished.').waitFor();
    await screenshot(page, 'web-ui-rolling-restart');

    // After the end, in Korean: where it stopped and why, and who was not restarted, in the server's Korean.
    await page.getByLabel('Language').selectOption('ko');
    await step('wr-3', 'stopped').getByText('1초가 지나도 여전히: 아직 동기화 중: 순차 재시작을 여기서 중단합니다').waitFor();
    await step('wr-5', 'notRestarted').getByText('재시작하지 않음: wr-3 (5개 중 3번째)에서 중단됨').waitFor();
    await page.getByText('wr-3에서 멈췄습니다 (5개 중 3번째): 1초가 지나도 여전히: 아직 동기화 중').waitFor();
    await screenshot(page, 'web-ui-rolling-restart-korean-stopped');

    // What the agents received: three restarts, each after the previous node was seen healthy; none for wr-4 and wr-5.
    assert.deepEqual(fleet.log.filter((l) => l.endsWith(':restart')), ['wr-1:restart', 'wr-2:restart', 'wr-3:restart']);
    assert.ok(fleet.log.indexOf('wr-2:status') < fleet.log.indexOf('wr-3:restart'), fleet.log.join(' '));
    for (const a of fleet.agents.slice(3)) assert.ok(!a.received.some((f) => f.type === 'command' && (f.data as { command?: string }).command === 'restart'), `${a.clientId} got no restart`);
    assert.deepEqual(errors, []);
  });
});
