// The dashboard with Discord login, in headless Chromium against the real app, its bot on the Discord
// emulator (whose OAuth2 endpoints play discord.com) and a real agent: a member logs in with the
// Discord button; a viewer is refused the Run page's change commands; a rotate_keys asked for by one
// member is approved by another in a second browser, and the first sees the decision without a reload.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser, type Page } from '../support/browser.ts';
import { IDS, MEMBERS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

type Member = (typeof MEMBERS)[keyof typeof MEMBERS];

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('dashboard: Discord login, roles and approvals in the browser', { skip: noBrowser }, () => {
  let st: DiscordStack;
  let agent: TestAgent;
  let browser: Browser;
  let publicUrl: string;

  /** A new browser window logged in as `who` through the login page's Discord button. */
  async function loginWithDiscord(who: Member): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    st.emu.setMemberRoles(IDS.guild, who.user, who.roles);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${publicUrl}/login`);
    st.emu.oauth2.authorizeAs(who.user.id);
    await page.getByRole('link', { name: 'Log in with Discord' }).click();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    await page.getByText(new RegExp(`Signed in as ${who.user.global_name}`)).waitFor();
    return { page, errors, close: () => ctx.close() };
  }

  before(async () => {
    const emu = await startEmulator();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    st = await startDiscordStack({ emu, http: true, env: { DISCORD_CLIENT_SECRET: emu.oauth2.clientSecret, HTTP_PUBLIC_URL: publicUrl, HTTP_PORT: String(port) } });
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dc-1', host_name: 'validator-daejeon', containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected('dc-1'), 'dc-1 connected');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await agent?.close();
    await st?.stop();
    await st?.emu.close();
  });

  it('a viewer logs in with Discord and is refused the Run page\'s change commands', async () => {
    const v = await loginWithDiscord(MEMBERS.viewer);
    await v.page.getByText(/\(viewer\)/).waitFor();
    await v.page.getByRole('link', { name: 'Run' }).click();
    await v.page.getByRole('heading', { name: 'Run a command' }).waitFor();
    const option = (name: string) => v.page.locator(`#run-command option[value="${name}"]`);
    await option('status').waitFor({ state: 'attached' });
    assert.equal(await option('status').isDisabled(), false);
    for (const change of ['restart', 'start', 'payout', 'rotate_keys', 'stop']) assert.equal(await option(change).isDisabled(), true, change);
    assert.match((await option('restart').textContent()) ?? '', /restart \(needs operator\)/);

    // A link that names a change command opens the page saying why it cannot run, with nothing to press.
    await v.page.goto(`${publicUrl}/run?command=restart&target=dc-1`);
    await v.page.getByText('Your level (viewer) cannot run restart: it needs operator.').waitFor();
    assert.equal(await v.page.getByRole('button', { name: 'Review' }).isDisabled(), true);
    await screenshot(v.page, 'web-ui-viewer-refused');
    assert.deepEqual(v.errors, []);

    // Logging out ends the session: the dashboard asks to log in again.
    await v.page.getByRole('button', { name: 'Log out' }).click();
    await v.page.getByText('You have logged out.').waitFor();
    await v.page.goto(`${publicUrl}/`);
    await v.page.getByRole('heading', { name: 'Log in to mserver' }).waitFor();
    await v.close();
  });

  it('a rotate_keys asked for by one member is approved by another in a second browser; the first sees it live', async () => {
    const alba = await loginWithDiscord(MEMBERS.adminApprover);
    const paul = await loginWithDiscord(MEMBERS.approver);

    await alba.page.getByRole('link', { name: 'Run' }).click();
    await alba.page.getByLabel('Target').fill('dc-1');
    await alba.page.getByLabel('Command').selectOption('rotate_keys');
    await alba.page.getByLabel(/^container/).fill('polkadot');
    await alba.page.getByText('Critical: it waits for another person’s approval.').waitFor();
    await alba.page.getByRole('button', { name: 'Ask for approval' }).click();
    await alba.page.getByText('Give a reason of at least a few words.').waitFor();
    await alba.page.getByLabel('Reason').fill('keys moved to the new host');
    await alba.page.getByRole('button', { name: 'Ask for approval' }).click();
    const waiting = alba.page.getByText(/Request #\d+ waits for approval\./);
    await waiting.waitFor();
    const id = Number(/#(\d+)/.exec((await waiting.textContent()) ?? '')![1]);
    await alba.page.getByRole('link', { name: 'See Approvals' }).click();
    const own = alba.page.locator(`article[data-request="${id}"]`);
    await own.getByText('Your own request: another person decides.').waitFor();
    await alba.page.locator('section[data-stream="open"]').waitFor();

    await paul.page.getByRole('link', { name: 'Approvals' }).click();
    const card = paul.page.locator(`article[data-request="${id}"]`);
    await card.getByText('keys moved to the new host').waitFor();
    await card.getByText('rotate_keys container=polkadot').waitFor();
    await card.getByText(/Expires in \d+ minutes/).waitFor();
    await screenshot(paul.page, 'web-ui-approval-waiting');
    await card.getByRole('button', { name: 'Approve' }).click();

    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'rotate_keys');
    await own.getByText(/Approved by Paul/).waitFor();
    assert.equal(await own.getAttribute('data-state'), 'approved');
    await screenshot(alba.page, 'web-ui-approval-decided-live');
    agent.respond(cmd.id, 'completed', { result: { session_keys: `0x${'ab'.repeat(32)}` } });
    await waitUntil(() => st.s.app.dispatcher.getRequest(id)?.state === 'done', 'the rotation done');
    assert.deepEqual(alba.errors, []);
    assert.deepEqual(paul.errors, []);
    await alba.close();
    await paul.close();
  });
});
