// Dashboard sessions over a real SQLite file: one-time links (single use, 10 minutes, told apart when
// refused), sessions (hash only, 12 h, closed), and the principal a session gives, read again each time
// (a Discord member's level from MemberRoles as Discord answers now; the console's operator is admin).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { UserError } from '../../../../src/core/errors.ts';
import type { MemberLookup } from '../../../../src/core/member-roles.ts';
import { createPolicy } from '../../../../src/core/policy.ts';
import { openDatabase } from '../../../../src/store/database.ts';
import { createWebSessionsRepo } from '../../../../src/store/web-sessions-repo.ts';
import { cookieHeader, clearedCookie } from '../../../../src/transports/web/cookies.ts';
import { roleNeededText } from '../../../../src/transports/web/role-needed.ts';
import { createWebSessions, LINK_TTL_MS, SESSION_TTL_MS, sha256 } from '../../../../src/transports/web/web-sessions.ts';

const dir = mkdtempSync(join(tmpdir(), 'mserver-web-sessions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MEMBER = '1300000000000000902';
const roles = { viewer: ['1300000000000000201'], operator: ['1300000000000000202'], admin: ['1300000000000000203'], approver: ['1300000000000000204'] };
const CONSOLE = { id: 'console:ops', name: 'ops (console)' };

function setup() {
  const db = openDatabase(join(dir, `w-${Math.random().toString(36).slice(2)}.db`));
  const time = { now: 5_000_000 };
  let answer: MemberLookup = { kind: 'member', actor: { id: MEMBER, name: 'Olga', roles: roles.operator } };
  const sessions = createWebSessions({
    repo: createWebSessionsRepo(db),
    clock: { now: () => time.now },
    policy: createPolicy(roles),
    members: { lookup: async () => answer },
  });
  return { db, time, sessions, answer: (a: MemberLookup) => void (answer = a) };
}

describe('one-time login links', () => {
  test('a link opens one console session, then says used; the database holds only hashes', () => {
    const { db, sessions } = setup();
    const code = sessions.createLink(CONSOLE);
    assert.match(code, /^[A-Za-z0-9_-]{43}$/);
    const opened = sessions.redeemLink(code);
    assert.ok(!('refused' in opened));
    assert.equal(opened.record.kind, 'console');
    assert.equal(opened.record.actorId, CONSOLE.id);
    assert.deepEqual(sessions.redeemLink(code), { refused: 'used' });
    const dump = JSON.stringify([db.prepare('SELECT * FROM web_login_links').all(), db.prepare('SELECT * FROM web_sessions').all()]);
    assert.ok(!dump.includes(code));
    assert.ok(!dump.includes(opened.id));
    assert.ok(dump.includes(sha256(opened.id)));
  });

  test('expired after 10 minutes; unknown and malformed codes are invalid', () => {
    const { time, sessions } = setup();
    const code = sessions.createLink(CONSOLE);
    time.now += LINK_TTL_MS;
    assert.deepEqual(sessions.redeemLink(code), { refused: 'expired' });
    assert.deepEqual(sessions.redeemLink('A'.repeat(43)), { refused: 'invalid' });
    assert.deepEqual(sessions.redeemLink(''), { refused: 'invalid' });
    assert.deepEqual(sessions.redeemLink(`${code}x`), { refused: 'invalid' });
  });
});

describe('sessions', () => {
  test('found by the cookie value until 12 h have passed, then gone; close ends one', () => {
    const { time, sessions } = setup();
    const a = sessions.open('console', CONSOLE);
    const b = sessions.open('console', CONSOLE);
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.record.csrf, b.record.csrf);
    assert.equal(sessions.find(a.id)?.id, a.record.id);
    assert.equal(sessions.find(a.record.csrf), undefined, 'the CSRF token is not a session id');
    assert.ok(sessions.close(b.id));
    assert.equal(sessions.find(b.id), undefined);
    time.now += SESSION_TTL_MS;
    assert.equal(sessions.find(a.id), undefined);
  });

  test('the console session is admin and approver; the session is its own idempotency scope', async () => {
    const { sessions } = setup();
    const opened = sessions.open('console', CONSOLE);
    const p = await sessions.principal(opened.record);
    assert.equal(p.via, 'web');
    assert.equal(p.level, 'admin');
    assert.equal(p.approver, true);
    assert.equal(p.actor.level, 'admin');
    assert.ok(p.token.id < 0);
  });

  test("a Discord member's level is read at each call: operator, then none when gone, refused when Discord cannot say", async () => {
    const { sessions, answer } = setup();
    const s = sessions.open('discord', { id: MEMBER, name: 'Olga' }).record;
    const p = await sessions.principal(s);
    assert.equal(p.level, 'operator');
    assert.equal(p.approver, false);
    answer({ kind: 'member', actor: { id: MEMBER, name: 'Olga', roles: [...roles.admin, ...roles.approver] } });
    const q = await sessions.principal(s);
    assert.equal(q.level, 'admin');
    assert.equal(q.approver, true);
    answer({ kind: 'member', actor: { id: MEMBER, name: 'Olga', roles: roles.approver } });
    assert.equal((await sessions.principal(s)).level, 'none');
    assert.equal((await sessions.principal(s)).approver, false, 'an approver role without a level approves nothing');
    answer({ kind: 'not_member' });
    assert.equal((await sessions.principal(s)).level, 'none');
    answer({ kind: 'unknown', reason: 'Discord is down' });
    await assert.rejects(sessions.principal(s), (e: unknown) => e instanceof UserError && e.code === 'unavailable');
  });
});

describe('cookies and the role text', () => {
  test('the session cookie attributes', () => {
    assert.equal(cookieHeader('mserver_session', 'v', { maxAgeS: 43200, secure: true, sameSite: 'Strict', path: '/' }), 'mserver_session=v; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure');
    assert.equal(clearedCookie('mserver_session', { secure: false, sameSite: 'Strict', path: '/' }), 'mserver_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  test('names the roles the bot knows, ids otherwise, and the Administrator permission when none are configured', () => {
    const names = new Map([[roles.viewer[0]!, 'viewer']]);
    assert.equal(roleNeededText({ viewer: roles.viewer, operator: roles.operator, admin: [] }, (id) => names.get(id), 'en'), `one of the Discord roles "viewer", the role ${roles.operator[0]}`);
    assert.match(roleNeededText({ viewer: [], operator: [], admin: [] }, () => undefined, 'en'), /Administrator permission/);
  });
});
