import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isTimeZone, parseConfig, readEnvironment } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';

function config(env: Record<string, string | undefined>): Config {
  const r = parseConfig(env);
  assert.ok(r.ok, `expected a config, got ${JSON.stringify(r)}`);
  return r.config;
}

function problems(env: Record<string, string | undefined>): string[] {
  const r = parseConfig(env);
  assert.equal(r.ok, false, 'expected problems');
  return (r as { ok: false; problems: string[] }).problems;
}

const TOKEN_A = 'agent-token-aaaaaaaaaaaa';
const TOKEN_B = 'agent-token-bbbbbbbbbbbbbbbb';
const ID1 = '123456789012345678';
const ID2 = '223456789012345678';

describe('parseConfig: defaults', () => {
  test('an empty environment', () => {
    assert.deepEqual(config({}), {
      mclient: {
        host: '0.0.0.0',
        port: 8765,
        tokens: [],
        auth: 'token',
        maxFrameBytes: 1024 * 1024,
        maxMessagesPerSecond: 50,
        heartbeatMs: 30_000,
        registerTimeoutMs: 10_000,
      },
      databasePath: './data/mserver.db',
      commandTimeoutMs: 60_000,
      resultMaxBytes: 256 * 1024,
      log: { level: 'info', format: 'auto' },
      discord: undefined,
      roles: { viewer: [], operator: [], admin: [], approver: [] },
      scheduleTimezone: 'UTC',
      policyFile: undefined,
      safety: { sessionMs: 240 * 60_000, chainRpcUrl: undefined, chainRpcTimeoutMs: 10_000, rollingMinPeers: 3, rollingHealthTimeoutMs: 300_000, rollingPollMs: 10_000 },
      notifications: {
        payoutDigestCron: '0 9 * * *',
        payoutWarnEras: 4,
        payoutCriticalErasLeft: 14,
        payoutAlertWindowMs: 60_000,
        agentOfflineGraceMs: 120_000,
        agentAlertWindowMs: 5000,
        retryMinMs: 1000,
        retryMaxMs: 300_000,
      },
    });
  });

  test('empty and blank values are the defaults too', () => {
    const c = config({ MCLIENT_PORT: '', MCLIENT_HOST: '  ', COMMAND_TIMEOUT_MS: ' ', LOG_LEVEL: '', DATABASE_PATH: '', SCHEDULE_TIMEZONE: '' });
    assert.equal(c.mclient.port, 8765);
    assert.equal(c.mclient.host, '0.0.0.0');
    assert.equal(c.commandTimeoutMs, 60_000);
    assert.equal(c.log.level, 'info');
    assert.equal(c.databasePath, './data/mserver.db');
    assert.equal(c.scheduleTimezone, 'UTC');
  });

  test('unrelated variables are ignored', () => {
    assert.equal(config({ PATH: '/usr/bin', HOME: '/root' }).mclient.port, 8765);
  });
});

describe('parseConfig: values', () => {
  test('numbers, host, auth none, log level in any case', () => {
    const c = config({
      MCLIENT_HOST: '127.0.0.1',
      MCLIENT_PORT: ' 9000 ',
      MCLIENT_AUTH: 'none',
      COMMAND_TIMEOUT_MS: '5000',
      MCLIENT_MAX_FRAME_BYTES: '2048',
      LOG_LEVEL: 'DEBUG',
      LOG_FORMAT: 'json',
      DATABASE_PATH: '/var/lib/mserver/m.db',
    });
    assert.equal(c.mclient.host, '127.0.0.1');
    assert.equal(c.mclient.port, 9000);
    assert.equal(c.mclient.auth, 'none');
    assert.equal(c.commandTimeoutMs, 5000);
    assert.equal(c.mclient.maxFrameBytes, 2048);
    assert.deepEqual(c.log, { level: 'debug', format: 'json' });
    assert.equal(c.databasePath, '/var/lib/mserver/m.db');
  });

  test('port bounds 0 and 65535', () => {
    assert.equal(config({ MCLIENT_PORT: '0' }).mclient.port, 0);
    assert.equal(config({ MCLIENT_PORT: '65535' }).mclient.port, 65535);
  });

  test('comma token lists, spaces and empty items dropped', () => {
    assert.deepEqual(config({ MCLIENT_TOKEN: ` ${TOKEN_A} ,, ${TOKEN_B},` }).mclient.tokens, [TOKEN_A, TOKEN_B]);
  });

  test('comma role id lists', () => {
    const c = config({ ROLE_ADMIN_IDS: `${ID1}, ${ID2}`, ROLE_VIEWER_IDS: ID2, ROLE_APPROVER_IDS: '' });
    assert.deepEqual(c.roles, { viewer: [ID2], operator: [], admin: [ID1, ID2], approver: [] });
  });

  test('Discord is off without DISCORD_TOKEN, even with its other settings', () => {
    assert.equal(config({ DISCORD_GUILD_ID: ID1, DISCORD_ALERTS_CHANNEL_ID: ID2 }).discord, undefined);
    assert.equal(config({ DISCORD_TOKEN: '   ' }).discord, undefined);
  });

  test('Discord is on with DISCORD_TOKEN', () => {
    const c = config({
      DISCORD_TOKEN: 'bot-token-value',
      DISCORD_APPLICATION_ID: ID1,
      DISCORD_GUILD_ID: ID2,
      DISCORD_API_URL: 'http://127.0.0.1:3001/api',
      DISCORD_ALERTS_CHANNEL_ID: '323456789012345678',
      DISCORD_KEYS_CHANNEL_ID: '423456789012345678',
    });
    assert.deepEqual(c.discord, {
      token: 'bot-token-value',
      applicationId: ID1,
      guildId: ID2,
      apiUrl: 'http://127.0.0.1:3001/api',
      loginRetryS: 5,
      channels: { alerts: '323456789012345678', payouts: undefined, keys: '423456789012345678', approvals: undefined },
    });
  });

  test('SCHEDULE_TIMEZONE takes IANA zones', () => {
    assert.equal(config({ SCHEDULE_TIMEZONE: 'Europe/Berlin' }).scheduleTimezone, 'Europe/Berlin');
    assert.equal(config({ SCHEDULE_TIMEZONE: 'Asia/Seoul' }).scheduleTimezone, 'Asia/Seoul');
    assert.equal(isTimeZone('UTC'), true);
    assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
  });
});

describe('parseConfig: problems', () => {
  const cases: Array<[string, string, string]> = [
    ['MCLIENT_PORT', 'abc', 'an integer from 0 to 65535'],
    ['MCLIENT_PORT', '65536', 'an integer from 0 to 65535'],
    ['MCLIENT_PORT', '80.5', 'an integer from 0 to 65535'],
    ['MCLIENT_AUTH', 'maybe', '"token" or "none"'],
    ['COMMAND_TIMEOUT_MS', '-1', 'an integer from 100 to 3600000'],
    ['LOG_LEVEL', 'loud', 'fatal, error, warn, info, debug, trace, silent'],
    ['LOG_FORMAT', 'xml', '"auto", "pretty" or "json"'],
    ['ROLE_ADMIN_IDS', 'abc', 'comma-separated Discord role ids (17 to 20 digits each)'],
    ['ROLE_VIEWER_IDS', `${ID1},12`, 'comma-separated Discord role ids (17 to 20 digits each)'],
    ['DISCORD_GUILD_ID', '42', 'a Discord id (17 to 20 digits)'],
    ['DISCORD_API_URL', 'ftp://x', 'an http(s) URL'],
    ['SCHEDULE_TIMEZONE', 'Mars/Olympus_Mons', 'an IANA time zone such as UTC or Europe/Berlin'],
  ];
  for (const [name, value, expected] of cases) {
    test(`${name}=${value} names the variable, its value and what is expected`, () => {
      assert.deepEqual(problems({ [name]: value }), [`${name}=${JSON.stringify(value)} is not valid: expected ${expected}`]);
    });
  }

  test('one problem line per bad variable, all reported at once', () => {
    const p = problems({
      MCLIENT_PORT: 'abc',
      MCLIENT_AUTH: 'maybe',
      COMMAND_TIMEOUT_MS: '-1',
      LOG_LEVEL: 'loud',
      ROLE_ADMIN_IDS: 'abc,def',
      SCHEDULE_TIMEZONE: 'Nowhere/Else',
      MCLIENT_HOST: '10.0.0.1',
    });
    assert.equal(p.length, 6);
    assert.deepEqual(
      p.map((line) => line.split('=')[0]).sort(),
      ['COMMAND_TIMEOUT_MS', 'LOG_LEVEL', 'MCLIENT_AUTH', 'MCLIENT_PORT', 'ROLE_ADMIN_IDS', 'SCHEDULE_TIMEZONE'],
    );
  });

  test('a token is never echoed in a problem line', () => {
    const secret = 'short-secret';
    const p = problems({ MCLIENT_TOKEN: `${TOKEN_A},${secret}` });
    assert.deepEqual(p, ['MCLIENT_TOKEN=(hidden) is not valid: expected comma-separated tokens of at least 16 characters each']);
    assert.ok(!p.join('\n').includes(secret));
    assert.ok(!p.join('\n').includes(TOKEN_A));
  });
});

describe('readEnvironment', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'mserver-config-'));
    dirs.push(d);
    return d;
  };

  test('reads .env from cwd; the real environment wins', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, '.env'),
      ['# comment', 'MCLIENT_PORT=9000', 'LOG_LEVEL=debug', 'DATABASE_PATH="/srv/m.db"', 'ROLE_ADMIN_IDS=' + ID1, ''].join('\n'),
    );
    const r = readEnvironment(dir, { MCLIENT_PORT: '9100', HOME: '/root' });
    assert.equal(r.envFile, join(dir, '.env'));
    assert.deepEqual(r.env, { MCLIENT_PORT: '9100', LOG_LEVEL: 'debug', DATABASE_PATH: '/srv/m.db', ROLE_ADMIN_IDS: ID1, HOME: '/root' });
    const c = config(r.env);
    assert.equal(c.mclient.port, 9100);
    assert.equal(c.log.level, 'debug');
    assert.deepEqual(c.roles.admin, [ID1]);
  });

  test('a real variable set to empty still wins over the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=debug\n');
    assert.equal(readEnvironment(dir, { LOG_LEVEL: '' }).env.LOG_LEVEL, '');
  });

  test('without .env: a copy of the environment and no file', () => {
    const dir = tempDir();
    const env = { MCLIENT_PORT: '1' };
    const r = readEnvironment(dir, env);
    assert.equal(r.envFile, undefined);
    assert.deepEqual(r.env, { MCLIENT_PORT: '1' });
    assert.notEqual(r.env, env);
  });
});

describe('parseConfig: notifications', () => {
  test('thresholds, grace and the digest cron', () => {
    const c = config({ PAYOUT_WARN_ERAS: '8', PAYOUT_CRITICAL_ERAS_LEFT: '20', AGENT_OFFLINE_GRACE_S: '1', PAYOUT_DIGEST_CRON: '*/2 * * * * *', NOTIFY_RETRY_MIN_MS: '500', NOTIFY_RETRY_MAX_MS: '100' });
    assert.equal(c.notifications.payoutWarnEras, 8);
    assert.equal(c.notifications.payoutCriticalErasLeft, 20);
    assert.equal(c.notifications.agentOfflineGraceMs, 1000);
    assert.equal(c.notifications.payoutDigestCron, '*/2 * * * * *');
    assert.equal(c.notifications.retryMaxMs, 500, 'max is never below min');
  });

  test('a bad cron or threshold names the variable', () => {
    const p = problems({ PAYOUT_DIGEST_CRON: '0 9 * *', PAYOUT_WARN_ERAS: '0', PAYOUT_CRITICAL_ERAS_LEFT: '84' });
    assert.equal(p.length, 3);
    assert.match(p[0]!, /^PAYOUT_DIGEST_CRON="0 9 \* \*" is not valid: expected a cron expression such as "0 9 \* \* \*": .*4 field/);
    assert.match(p[1]!, /^PAYOUT_WARN_ERAS="0" is not valid: expected an integer from 1 to 83$/);
    assert.match(p[2]!, /^PAYOUT_CRITICAL_ERAS_LEFT="84" is not valid: expected an integer from 0 to 83$/);
  });
});
