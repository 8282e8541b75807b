// The dashboard's Keys page during a key hand-over (issues 17 and 19): after a verified rotation the
// container is in hand-over ("set_keys pending"), and the page says so with what the verification rests
// on (here the node's word: no CHAIN_RPC_URL), so an operator knows the old node must keep running.
// mserver's own check of the rotated keys runs without Discord too: no bot here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { collectPageErrors, launchBrowser, newContext, noBrowser, screenshot, type Browser } from '../support/browser.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';

describe('dashboard: a key hand-over on the Keys page', { skip: noBrowser }, () => {
  let s: TestServer;
  let browser: Browser;
  let agent: TestAgent;
  const ops = { id: 'console:ops', name: 'ops (console)' };

  before(async () => {
    s = await startTestServer({ http: true });
    agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'kh-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('kh-1'), 'agent connected');
    browser = await launchBrowser();
  });
  after(async () => {
    await agent?.close();
    await browser?.close();
    await s?.dispose();
  });

  it('shows the hand-over as set_keys pending, with what its verification rests on', async () => {
    const asked = await s.app.dispatcher.dispatch({ command: 'rotate_keys', target: 'kh-1', params: { container: 'polkadot' }, actor: ops, via: 'console' });
    assert.equal(asked.kind, 'needs_confirmation');
    const run = s.app.dispatcher.confirm(asked.request.id, ops, 'console');
    const rotate = await agent.nextCommand();
    assert.equal(rotate.command, 'rotate_keys');
    const fresh = `0x${'ab'.repeat(32)}`;
    agent.send({ type: 'key_update', data: { container: 'polkadot', session_key: fresh, action: 'rotate_keys' } });
    agent.respond(rotate.id, 'success', { result: { session_key: fresh } });
    await run.done;
    const check = await agent.nextCommand();
    assert.equal(check.command, 'has_session_keys');
    agent.respond(check.id, 'success', { result: { has_session_keys: true } });
    await waitUntil(() => s.app.keyGuard.handoverAt('kh-1', 'polkadot'), 'hand-over begins');

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL(s.app.web.createLoginLink(), s.httpUrl).href);
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByRole('heading', { name: 'Key hand-overs in progress' }).waitFor();
    const item = page.locator('ul.handovers li[data-agent="kh-1"]');
    await item.getByText('set_keys pending').waitFor();
    await item.getByText(/the node's word \(has_session_keys\); no CHAIN_RPC_URL/).waitFor();
    assert.equal(await item.getAttribute('data-basis'), 'node');
    await screenshot(page, 'web-ui-keys-handover');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
