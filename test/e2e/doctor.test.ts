// `mserver doctor` against the Discord API emulator: a channel where the bot may not send, a role id
// the guild does not have and slash commands out of date are each reported with their fix and exit 1;
// after the fixes every line is OK and the exit code 0. Discord out of reach fails its line while the
// local checks still run; the hub port, the database's mode and the TLS certificate are read for real.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { REST } from 'discord.js';
import { slashCommands } from '../../commands/index.ts';
import { runDoctor } from '../../src/doctor/doctor.ts';
import { openDatabase } from '../../src/store/database.ts';
import { syncCommands } from '../../src/transports/discord/command-sync.ts';
import type { DiscordEmulator } from '../support/discord-emulator/index.ts';
import { IDS, stackEnv, startEmulator } from '../support/discord-stack.ts';
import { startTestServer } from '../support/mserver.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NO_SUCH_ROLE = '1300000000000000999';
const SEND_MESSAGES = String(1n << 11n);
const VIEW_CHANNEL = String(1n << 10n);

async function doctor(env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runDoctor([], { env, out: (l) => lines.push(l) });
  return { code, lines };
}

const lineOf = (lines: string[], prefix: RegExp): string => {
  const hit = lines.find((l) => prefix.test(l));
  assert.ok(hit, `no line matching ${String(prefix)} in:\n${lines.join('\n')}`);
  return hit;
};

async function listen(): Promise<{ srv: Server; port: number }> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { srv, port: (srv.address() as { port: number }).port };
}

async function freePort(): Promise<number> {
  const { srv, port } = await listen();
  await new Promise((r) => srv.close(r));
  return port;
}

describe('mserver doctor', () => {
  let emu: DiscordEmulator;
  let dir: string;
  let env: Record<string, string>;
  const channel = (id: string) => emu.guilds[0]!.channels.find((c) => c.id === id)!;

  before(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'mserver-doctor-'));
    env = { ...stackEnv(emu), MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: String(await freePort()), DATABASE_PATH: join(dir, 'data', 'mserver.db') };
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a channel without Send Messages, an unknown role and stale commands with their fixes, then all OK once fixed', async () => {
    channel(IDS.channels.alerts).permission_overwrites = [{ id: IDS.guild, type: 0, allow: '0', deny: SEND_MESSAGES }];
    const rest = new REST({ api: emu.apiBase }).setToken(emu.token);
    const wanted = slashCommands.map((c) => c.data);
    await syncCommands(rest, emu.applicationId, IDS.guild, wanted.slice(1));
    const broken = { ...env, ROLE_OPERATOR_IDS: `${IDS.roles.operator},${NO_SUCH_ROLE}` };

    const first = await doctor(broken);
    assert.equal(first.code, 1, first.lines.join('\n'));
    assert.match(lineOf(first.lines, /^FAIL\s+channel alerts:/), /lacks Send Messages in #alerts .*fix: in #alerts > Edit Channel > Permissions, allow Send Messages/);
    assert.match(lineOf(first.lines, /^FAIL\s+role operator:/), new RegExp(`ROLE_OPERATOR_IDS: role ${NO_SUCH_ROLE} does not exist in the guild -- fix: copy the role's id .* into ROLE_OPERATOR_IDS`));
    assert.match(lineOf(first.lines, /^FAIL\s+slash commands:/), new RegExp(`missing /${wanted[0]!.name}.*fix: run "npm run deploy-commands"`));
    assert.match(lineOf(first.lines, /^OK\s+role operator:/), new RegExp(IDS.roles.operator));
    assert.match(lineOf(first.lines, /^OK\s+channel payouts:/), /can view, send, embed links and attach files/);
    assert.equal(first.lines.filter((l) => l.startsWith('FAIL')).length, 3, first.lines.join('\n'));
    // What the doctor says is what Discord does: the bot cannot post there.
    await assert.rejects(rest.post(`/channels/${IDS.channels.alerts}/messages`, { body: { content: 'x' } }), /Missing Permissions/);

    channel(IDS.channels.alerts).permission_overwrites = [];
    await syncCommands(rest, emu.applicationId, IDS.guild, wanted);
    const fixed = await doctor(env);
    assert.equal(fixed.code, 0, fixed.lines.join('\n'));
    const checks = fixed.lines.slice(0, -1);
    assert.ok(checks.length >= 15, fixed.lines.join('\n'));
    for (const l of checks) assert.match(l, /^OK /, fixed.lines.join('\n'));
    assert.equal(fixed.lines.at(-1), 'All checks passed.');
  });

  it('fails when approver roles cannot see the approvals channel', async () => {
    channel(IDS.channels.approvals).permission_overwrites = [
      { id: IDS.guild, type: 0, allow: '0', deny: VIEW_CHANNEL },
      { id: emu.botUser.id, type: 1, allow: VIEW_CHANNEL, deny: '0' },
    ];
    try {
      const r = await doctor(env);
      assert.equal(r.code, 1);
      assert.match(lineOf(r.lines, /^OK\s+channel approvals:/), /can view/);
      assert.match(lineOf(r.lines, /^FAIL\s+approvals visible:/), new RegExp(`${IDS.roles.approver} cannot view #approvals -- fix: .*allow View Channel`));
    } finally {
      channel(IDS.channels.approvals).permission_overwrites = [];
    }
  });

  it('speaks MSERVER_LOCALE=ko: check names, details, fixes and the summary in Korean; OK / WARN / FAIL stay as scripts grep them', async () => {
    channel(IDS.channels.approvals).permission_overwrites = [
      { id: IDS.guild, type: 0, allow: '0', deny: VIEW_CHANNEL },
      { id: emu.botUser.id, type: 1, allow: VIEW_CHANNEL, deny: '0' },
    ];
    try {
      const r = await doctor({ ...env, MSERVER_LOCALE: 'ko' });
      assert.equal(r.code, 1);
      assert.match(lineOf(r.lines, /^OK\s+설정:/), /해석 정상/);
      assert.match(lineOf(r.lines, /^FAIL\s+승인 요청 보기:/), new RegExp(`승인자 역할 ${IDS.roles.approver}이\\(가\\) #approvals을\\(를\\) 볼 수 없습니다 -- 해결: #approvals > 채널 편집 > 권한에서`));
      assert.match(r.lines.at(-1)!, /^점검 1개 실패, 경고 \d+개\.$/);
      assert.ok(!r.lines.some((l) => /checks? failed|fix:/.test(l)), r.lines.join('\n'));
    } finally {
      channel(IDS.channels.approvals).permission_overwrites = [];
    }
  });

  it('with Discord unreachable: one FAIL for Discord, the local checks still run, exit 1 from the real command', async () => {
    emu.setUnreachable(true);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'doctor'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      const lines = text.trim().split('\n');
      assert.equal(code, 1, text);
      assert.match(lineOf(lines, /^FAIL\s+discord:/), /Discord is unreachable .*fix: check this machine's outbound HTTPS/);
      for (const name of ['configuration', 'database', 'disk', 'hub port', 'hub TLS']) assert.match(lineOf(lines, new RegExp(`^\\S+\\s+${name}:`)), /^OK/);
      assert.equal(lines.filter((l) => l.startsWith('FAIL')).length, 1, text);
    } finally {
      emu.setUnreachable(false);
    }
  });

  it('the hub port: FAIL when another program holds it, OK when a running mserver does', async () => {
    const other = await listen();
    try {
      const r = await doctor({ ...env, MCLIENT_PORT: String(other.port), DISCORD_TOKEN: '' });
      assert.match(lineOf(r.lines, /^FAIL\s+hub port:/), new RegExp(`127.0.0.1:${other.port} is in use by another program -- fix: .*MCLIENT_PORT`));
      assert.equal(r.code, 1);
    } finally {
      other.srv.close();
    }
    const port = await freePort();
    const s = await startTestServer({ env: { MCLIENT_PORT: String(port) } });
    try {
      const r = await doctor({ ...env, DATABASE_PATH: s.dbPath, MCLIENT_PORT: String(port), DISCORD_TOKEN: '' });
      assert.match(lineOf(r.lines, /^OK\s+hub port:/), /held by a running mserver/);
    } finally {
      await s.dispose();
    }
  });

  it('the database: a file readable by others is a WARN with the chmod; a policy file that does not parse and a file that is not SQLite are FAILs', async () => {
    const path = join(dir, 'loose.db');
    openDatabase(path).close();
    chmodSync(path, 0o644);
    const loose = await doctor({ ...env, DATABASE_PATH: path, DISCORD_TOKEN: '' });
    assert.match(lineOf(loose.lines, /^WARN\s+database permissions:/), new RegExp(`mode 0644: other users can read it .*fix: chmod 600 ${path}`));
    assert.equal(loose.code, 0);
    chmodSync(path, 0o600);
    assert.match(lineOf((await doctor({ ...env, DATABASE_PATH: path, DISCORD_TOKEN: '' })).lines, /^OK\s+database permissions:/), /mode 0600/);

    const policy = join(dir, 'policy.json');
    writeFileSync(policy, '{ "rules": [ oops');
    const badPolicy = await doctor({ ...env, DATABASE_PATH: path, DISCORD_TOKEN: '', POLICY_FILE: policy });
    assert.match(lineOf(badPolicy.lines, /^FAIL\s+policy file:/), /not valid JSON .*mserver will not start -- fix: correct the file/);
    assert.equal(badPolicy.code, 1);

    const foreign = join(dir, 'foreign.db');
    writeFileSync(foreign, 'not a database at all, just text that someone restored here by mistake');
    const r = await doctor({ ...env, DATABASE_PATH: foreign, DISCORD_TOKEN: '' });
    assert.match(lineOf(r.lines, /^FAIL\s+database:/), /cannot be read as SQLite .*fix: restore the latest backup/);
    assert.equal(r.code, 1);
  });

  const noOpenssl = spawnSync('openssl', ['version']).status !== 0 && process.env.CI !== 'true' ? 'openssl is not installed' : false;
  it('TLS files: a certificate expiring soon is a WARN, a key of another certificate a FAIL', { skip: noOpenssl }, async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const otherKey = join(dir, 'other-key.pem');
    const openssl = (out: string, keyOut: string, days: string) =>
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyOut, '-out', out, '-days', days, '-subj', '/CN=hub.example'], { stdio: 'ignore' });
    openssl(cert, key, '5');
    openssl(join(dir, 'other-cert.pem'), otherKey, '5');
    const soon = await doctor({ ...env, DISCORD_TOKEN: '', MCLIENT_TLS_CERT: cert, MCLIENT_TLS_KEY: key });
    assert.match(lineOf(soon.lines, /^WARN\s+hub TLS certificate:/), /expires in [45] days.*fix: renew the certificate/);
    assert.match(lineOf(soon.lines, /^OK\s+hub TLS key:/), /matches the certificate/);
    const wrong = await doctor({ ...env, DISCORD_TOKEN: '', MCLIENT_TLS_CERT: cert, MCLIENT_TLS_KEY: otherKey });
    assert.match(lineOf(wrong.lines, /^FAIL\s+hub TLS key:/), /is not the key of .*fix: set MCLIENT_TLS_KEY/);
    assert.equal(wrong.code, 1);
  });
});
