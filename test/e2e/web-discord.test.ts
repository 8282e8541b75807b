// Logging in to the dashboard with Discord OAuth2, against the real app, its bot and the Discord API
// emulator (whose OAuth2 endpoints play discord.com): the member's roles give the level and approver
// right they have in Discord, read again at each call, so a role removed counts at the next click; a
// member without a role gets no session and no fleet data; a forged or replayed callback opens nothing.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import type { EmuUser } from '../support/discord-emulator/index.ts';
import { IDS, MEMBERS, startDiscordStack, startEmulator, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { waitUntil } from '../support/wait.ts';
import { webBrowser, type WebBrowser } from '../support/web-browser.ts';

type Member = { user: EmuUser; roles: readonly string[] };

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('dashboard: Discord OAuth2 login', () => {
  let st: DiscordStack;
  let agent: TestAgent;
  let publicUrl: string;
  const offset = { ms: 0 };
  const clock = { now: () => Date.now() + offset.ms };

  const member = (who: Member, roles: readonly string[] = who.roles) => st.emu.setMemberRoles(IDS.guild, who.user, roles);

  /** What a browser does from the dashboard's Discord button to the dashboard, one redirect at a time. */
  async function discordLogin(who: Member | undefined, b: WebBrowser = webBrowser(st.s.httpUrl)) {
    if (who) st.emu.oauth2.authorizeAs(who.user.id);
    const start = await b.request('GET', '/auth/discord');
    assert.equal(start.status, 302, start.text);
    const atDiscord = await b.request('GET', start.headers.get('location')!);
    assert.equal(atDiscord.status, 302, atDiscord.text);
    const back = atDiscord.headers.get('location')!;
    assert.ok(back.startsWith(`${publicUrl}/auth/discord/callback?`), back);
    const end = await b.request('GET', back);
    return { b, status: end.status, location: end.headers.get('location'), start, back };
  }

  before(async () => {
    const emu = await startEmulator();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    st = await startDiscordStack({ emu, http: true, app: { clock }, env: { DISCORD_CLIENT_SECRET: emu.oauth2.clientSecret, HTTP_PUBLIC_URL: publicUrl, HTTP_PORT: String(port) } });
    assert.equal(st.s.httpUrl, publicUrl);
    agent = await TestAgent.connect(st.s.url, { token: TEST_TOKEN, register: { client_id: 'dc-1', containers: ['polkadot'] } });
    await waitUntil(() => st.s.app.hub.isConnected('dc-1'), 'dc-1 connected');
  });
  after(async () => {
    await agent.close();
    await st.stop();
    await st.emu.close();
  });

  it('/auth/methods offers Discord; the button goes to Discord with the scopes, a state, and a Lax state cookie', async () => {
    const methods = await webBrowser(st.s.httpUrl).request('GET', '/auth/methods');
    assert.deepEqual(methods.body, { discord: true });
    const b = webBrowser(st.s.httpUrl);
    const start = await b.request('GET', '/auth/discord');
    assert.equal(start.status, 302);
    const url = new URL(start.headers.get('location')!);
    assert.equal(`${url.origin}${url.pathname}`, `${st.emu.apiBase}/oauth2/authorize`);
    assert.equal(url.searchParams.get('client_id'), st.emu.applicationId);
    assert.equal(url.searchParams.get('scope'), 'identify guilds.members.read');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('redirect_uri'), `${publicUrl}/auth/discord/callback`);
    const state = b.lastSetCookies.find((c) => c.name === 'mserver_oauth_state')!;
    assert.equal(state.value, url.searchParams.get('state'));
    assert.equal(state.attrs.get('samesite'), 'Lax');
    assert.equal(state.attrs.get('path'), '/auth/discord');
    assert.equal(state.attrs.get('httponly'), '');
  });

  it('an operator logs in and has the operator level; an admin approver has the approver right', async () => {
    member(MEMBERS.operator);
    const op = await discordLogin(MEMBERS.operator);
    assert.equal(op.status, 303);
    assert.equal(op.location, '/');
    const session = op.b.lastSetCookies.find((c) => c.name === 'mserver_session')!;
    assert.equal(session.attrs.get('samesite'), 'Strict');
    const me = await op.b.me();
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.actor.id, MEMBERS.operator.user.id);
    assert.equal(me.body.level, 'operator');
    assert.equal(me.body.approver, false);
    assert.ok(st.emu.oauth2.exchanges.at(-1)!.ok);
    // An operator may not run what needs admin, as in Discord.
    const stop = await op.b.request('POST', '/api/v1/requests', { body: { command: 'stop', target: 'dc-1', params: { container: 'polkadot' }, reason: 'maintenance window' }, csrf: true });
    assert.equal(stop.status, 403, stop.text);

    member(MEMBERS.adminApprover);
    const alba = await discordLogin(MEMBERS.adminApprover);
    const albaMe = await alba.b.me();
    assert.equal(albaMe.body.level, 'admin');
    assert.equal(albaMe.body.approver, true);
  });

  it('a critical request from one member is approved by another, both via web, each checked against Discord', async () => {
    member(MEMBERS.adminApprover);
    member(MEMBERS.approver);
    const alba = (await discordLogin(MEMBERS.adminApprover)).b;
    const paul = (await discordLogin(MEMBERS.approver)).b;
    await alba.me();
    await paul.me();
    const asked = await alba.request('POST', '/api/v1/requests', { body: { command: 'stop', target: 'dc-1', params: { container: 'polkadot' }, reason: 'move to the new host' }, csrf: true });
    assert.equal(asked.status, 201, asked.text);
    assert.equal(asked.body.status, 'needs_approval');
    const own = await alba.request('POST', `/api/v1/requests/${asked.body.request.id}/approve`, { csrf: true });
    assert.equal(own.status, 403);
    const ok = await paul.request('POST', `/api/v1/requests/${asked.body.request.id}/approve`, { csrf: true });
    assert.equal(ok.status, 200, ok.text);
    const cmd = await agent.nextCommand();
    assert.equal(cmd.command, 'stop');
    agent.respond(cmd.id, 'completed', { result: {} });
    st.s.app.store.queue.flush();
    const approved = st.s.app.store.audit.list({ kind: 'approved', limit: 5 }).find((e) => e.requestId === asked.body.request.id)!;
    assert.equal(approved.via, 'web');
    assert.equal(approved.actorId, MEMBERS.approver.user.id);
  });

  it('a role removed in Discord refuses the next action (once the <= 60 s member cache has passed), with no fleet data', async () => {
    member(MEMBERS.admin);
    const adam = (await discordLogin(MEMBERS.admin)).b;
    await adam.me();
    const first = await adam.request('POST', '/api/v1/requests', { body: { command: 'status', target: 'dc-1' }, csrf: true });
    assert.equal(first.status, 201, first.text);
    const cmd = await agent.nextCommand();
    agent.respond(cmd.id, 'completed', { result: {} });
    const sent = agent.received.filter((f) => f.type === 'command').length;

    member(MEMBERS.admin, []);
    offset.ms += 61_000;
    const refused = await adam.request('POST', '/api/v1/requests', { body: { command: 'status', target: 'dc-1' }, csrf: true });
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.body.detail, /"viewer"/);
    const agents = await adam.request('GET', '/api/v1/agents');
    assert.equal(agents.status, 403);
    assert.ok(!agents.text.includes('dc-1'));
    const events = await adam.request('GET', '/api/v1/events');
    assert.equal(events.status, 403);
    const me = await adam.me();
    assert.equal(me.body.level, 'none');
    assert.match(me.body.roleNeeded, /"viewer", "operator", "admin"/);
    // Roles back: the same session works again, and only then does the agent get a command.
    member(MEMBERS.admin);
    offset.ms += 61_000;
    const again = await adam.request('POST', '/api/v1/requests', { body: { command: 'status', target: 'dc-1' }, csrf: true });
    assert.equal(again.status, 201, again.text);
    const next = await agent.nextCommand();
    agent.respond(next.id, 'completed', { result: {} });
    assert.equal(agent.received.filter((f) => f.type === 'command').length, sent + 1);
    st.s.app.store.queue.flush();
    assert.ok(st.s.app.store.audit.list({ kind: 'refused', limit: 20 }).some((e) => e.via === 'web' && e.actorId === MEMBERS.admin.user.id));
  });

  it('a member without a role, or not in the server, gets no session', async () => {
    member(MEMBERS.nobody);
    const nina = await discordLogin(MEMBERS.nobody);
    assert.equal(nina.status, 303);
    assert.equal(nina.location, '/login?reason=no_role');
    assert.ok(!nina.b.cookies.has('mserver_session'));
    assert.equal((await nina.b.request('GET', '/api/v1/agents')).status, 401);

    const stranger: Member = { user: { id: '1300000000000000999', username: 'stranger' }, roles: [MEMBERS.viewer.roles[0]!] };
    member(stranger);
    st.emu.removeMember(IDS.guild, stranger.user.id);
    const out = await discordLogin(stranger);
    assert.equal(out.location, '/login?reason=no_role');
    assert.ok(!out.b.cookies.has('mserver_session'));
  });

  it('cancelled at Discord: discord_denied', async () => {
    st.emu.oauth2.denyNext();
    const r = await discordLogin(undefined);
    assert.equal(r.location, '/login?reason=discord_denied');
    assert.ok(!r.b.cookies.has('mserver_session'));
  });

  it('a callback this browser did not start (login CSRF) or a replayed one opens nothing, and its code is never exchanged', async () => {
    member(MEMBERS.viewer);
    // The attacker starts a login in their own browser and sends the victim the callback URL.
    st.emu.oauth2.authorizeAs(MEMBERS.viewer.user.id);
    const attacker = webBrowser(st.s.httpUrl);
    const start = await attacker.request('GET', '/auth/discord');
    const atDiscord = await attacker.request('GET', start.headers.get('location')!);
    const callback = atDiscord.headers.get('location')!;
    const exchanges = st.emu.oauth2.exchanges.length;
    const victim = webBrowser(st.s.httpUrl);
    const forged = await victim.request('GET', callback);
    assert.equal(forged.headers.get('location'), '/login?reason=discord_state');
    assert.ok(!victim.cookies.has('mserver_session'));
    // The victim's own login in progress does not make the attacker's state right either.
    await victim.request('GET', '/auth/discord');
    const mixed = await victim.request('GET', callback);
    assert.equal(mixed.headers.get('location'), '/login?reason=discord_state');
    assert.equal(st.emu.oauth2.exchanges.length, exchanges);
    // The attacker's own browser completes once; replaying the callback (state cookie cleared) fails.
    const own = await attacker.request('GET', callback);
    assert.equal(own.headers.get('location'), '/');
    const replay = await attacker.request('GET', callback);
    assert.equal(replay.headers.get('location'), '/login?reason=discord_state');
  });

  it('Discord refusing the exchange (a wrong client secret) is discord_error', async () => {
    member(MEMBERS.viewer);
    const secret = st.emu.oauth2.clientSecret;
    st.emu.oauth2.setClientSecret('rotated-in-the-developer-portal');
    try {
      const r = await discordLogin(MEMBERS.viewer);
      assert.equal(r.location, '/login?reason=discord_error');
      assert.equal(st.emu.oauth2.exchanges.at(-1)!.error, 'invalid_client');
      assert.ok(!r.b.cookies.has('mserver_session'));
    } finally {
      st.emu.oauth2.setClientSecret(secret);
    }
  });
});
