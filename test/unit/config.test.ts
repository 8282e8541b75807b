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
        enroll: 'approve',
        tokenGraceMs: 86_400_000,
        tls: undefined,
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
      scheduleMinIntervalS: 60,
      scheduleApprovalTtlDays: 90,
      policyFile: undefined,
      backup: { cron: undefined, dir: 'data/backups', keep: 7 },
      http: { host: '127.0.0.1', port: 8080, rateLimitPerMin: 120, bodyMaxBytes: 64 * 1024, metrics: true, publicUrl: undefined, discordLogin: undefined },
      safety: { sessionMs: 240 * 60_000, chainRpcUrl: undefined, chainRpcTimeoutMs: 10_000, rollingMinPeers: 3, rollingHealthTimeoutMs: 300_000, rollingPollMs: 10_000 },
      locale: { channels: 'en', console: 'en' },
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
      retention: { commandsMs: 90 * 86_400_000, auditMs: 400 * 86_400_000, payoutsMs: 90 * 86_400_000, scheduleRunsMs: 90 * 86_400_000, agentMessagesMs: 7 * 86_400_000, noticesMs: 90 * 86_400_000, sweepMs: 60_000 },
      diskWarnFreeMb: 1024,
      quotas: { maxMessageTypes: 16, payoutSnapshotMinMs: 60_000, keyUpdatesPerHour: 10, maxUnauthenticated: 256, maxUnauthenticatedPerAddress: 16 },
    });
  });

  test('retention: 0 keeps forever, fractional days are seconds, each family on its own', () => {
    const c = config({ RETENTION_COMMANDS_DAYS: '0', RETENTION_AUDIT_DAYS: '0.5', RETENTION_PAYOUTS_DAYS: '0.0000231', RETENTION_SWEEP_S: '1' });
    assert.equal(c.retention.commandsMs, 0);
    assert.equal(c.retention.auditMs, 43_200_000);
    assert.equal(Math.round(c.retention.payoutsMs), 1996);
    assert.equal(c.retention.scheduleRunsMs, 90 * 86_400_000);
    assert.equal(c.retention.sweepMs, 1000);
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

  test('DISCORD_GUILD_ID is required with DISCORD_TOKEN: mserver answers in one server only', () => {
    assert.deepEqual(problems({ DISCORD_TOKEN: 'bot-token-value' }), [
      'DISCORD_GUILD_ID="" is not valid: expected the id of your Discord server; with DISCORD_TOKEN set it is required (mserver answers in that one server only)',
    ]);
  });

  test('SCHEDULE_MIN_INTERVAL_S and SCHEDULE_APPROVAL_TTL_DAYS', () => {
    const c = config({ SCHEDULE_MIN_INTERVAL_S: '1', SCHEDULE_APPROVAL_TTL_DAYS: '30' });
    assert.equal(c.scheduleMinIntervalS, 1);
    assert.equal(c.scheduleApprovalTtlDays, 30);
    assert.match(problems({ SCHEDULE_MIN_INTERVAL_S: '0' })[0]!, /SCHEDULE_MIN_INTERVAL_S="0" is not valid: expected an integer from 1 to 86400/);
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
    ['RETENTION_COMMANDS_DAYS', '-1', 'a number of days from 0 (keep forever) to 36500, fractions allowed'],
    ['RETENTION_AUDIT_DAYS', 'forever', 'a number of days from 0 (keep forever) to 36500, fractions allowed'],
    ['RETENTION_PAYOUTS_DAYS', '1e3', 'a number of days from 0 (keep forever) to 36500, fractions allowed'],
    ['RETENTION_SWEEP_S', '0', 'an integer from 1 to 86400'],
    ['MCLIENT_MAX_UNAUTHENTICATED', '0', 'an integer from 1 to 1000000'],
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

describe('parseConfig: agent identity and TLS (issue 13)', () => {
  test('MCLIENT_ENROLL, MCLIENT_TOKEN_GRACE_S and the TLS pair', () => {
    const r = parseConfig({ MCLIENT_ENROLL: 'auto', MCLIENT_TOKEN_GRACE_S: '60', MCLIENT_TLS_CERT: '/etc/m/cert.pem', MCLIENT_TLS_KEY: '/etc/m/key.pem' });
    assert.ok(r.ok);
    assert.equal(r.config.mclient.enroll, 'auto');
    assert.equal(r.config.mclient.tokenGraceMs, 60_000);
    assert.deepEqual(r.config.mclient.tls, { certPath: '/etc/m/cert.pem', keyPath: '/etc/m/key.pem' });
  });

  test('refuses an unknown enrolment mode and half a TLS pair', () => {
    const bad = parseConfig({ MCLIENT_ENROLL: 'yes' });
    assert.ok(!bad.ok);
    assert.match(bad.problems.join('\n'), /MCLIENT_ENROLL="yes" is not valid: expected "approve" or "auto"/);
    const half = parseConfig({ MCLIENT_TLS_CERT: '/etc/m/cert.pem' });
    assert.ok(!half.ok);
    assert.match(half.problems.join('\n'), /MCLIENT_TLS_KEY="" is not valid/);
  });
});

describe('parseConfig: backups', () => {
  test('BACKUP_CRON, BACKUP_DIR and BACKUP_KEEP; the folder defaults beside the database', () => {
    const c = parseConfig({ BACKUP_CRON: '0 3 * * *', BACKUP_KEEP: '30', DATABASE_PATH: '/var/lib/mserver/mserver.db' });
    assert.ok(c.ok);
    assert.deepEqual(c.config.backup, { cron: '0 3 * * *', dir: '/var/lib/mserver/backups', keep: 30 });
    const d = parseConfig({ BACKUP_DIR: '/srv/copies' });
    assert.ok(d.ok);
    assert.equal(d.config.backup.dir, '/srv/copies');
  });

  test('a bad cron or keep names the variable', () => {
    const r = parseConfig({ BACKUP_CRON: 'every night', BACKUP_KEEP: '0' });
    assert.ok(!r.ok);
    assert.match(r.problems.join('\n'), /BACKUP_CRON="every night" is not valid: expected a cron expression such as "0 3 \* \* \*"/);
    assert.match(r.problems.join('\n'), /BACKUP_KEEP="0" is not valid: expected an integer from 1 to 10000/);
  });
});

describe('parseConfig: HTTP API', () => {
  test('HTTP_PORT=0 turns it off; the others are read and checked', () => {
    assert.equal(config({ HTTP_PORT: '0' }).http, undefined);
    assert.deepEqual(config({ HTTP_HOST: '0.0.0.0', HTTP_PORT: '9000', HTTP_RATE_LIMIT_PER_MIN: '30', HTTP_BODY_MAX_BYTES: '4096', HTTP_METRICS: 'OFF' }).http, {
      host: '0.0.0.0',
      port: 9000,
      rateLimitPerMin: 30,
      bodyMaxBytes: 4096,
      metrics: false,
      publicUrl: undefined,
      discordLogin: undefined,
    });
    const p = problems({ HTTP_METRICS: 'maybe', HTTP_RATE_LIMIT_PER_MIN: '0' });
    assert.equal(p.length, 2);
    assert.match(p.join('\n'), /HTTP_RATE_LIMIT_PER_MIN="0" is not valid/);
    assert.match(p.join('\n'), /HTTP_METRICS="maybe" is not valid: expected "on" or "off"/);
  });

  test('the dashboard: HTTP_PUBLIC_URL, and Discord login only with everything it needs (the secret never echoed)', () => {
    assert.equal(config({ HTTP_PUBLIC_URL: 'https://ops.example.org/' }).http?.publicUrl, 'https://ops.example.org');
    assert.match(problems({ HTTP_PUBLIC_URL: 'ops.example.org' }).join('\n'), /HTTP_PUBLIC_URL="ops.example.org" is not valid: expected an http\(s\) URL/);
    const discord = { DISCORD_TOKEN: 'bot-token', DISCORD_GUILD_ID: ID1, DISCORD_APPLICATION_ID: ID2 };
    const missing = problems({ ...discord, DISCORD_CLIENT_SECRET: 'oauth-secret-value' });
    assert.match(missing.join('\n'), /DISCORD_CLIENT_SECRET=.*HTTP_PUBLIC_URL/);
    assert.ok(!missing.join('\n').includes('oauth-secret-value'));
    assert.deepEqual(config({ ...discord, DISCORD_CLIENT_SECRET: 'oauth-secret-value', HTTP_PUBLIC_URL: 'https://ops.example.org' }).http?.discordLogin, {
      clientId: ID2,
      clientSecret: 'oauth-secret-value',
      guildId: ID1,
      apiUrl: 'https://discord.com/api',
    });
    assert.equal(config({ ...discord, HTTP_PUBLIC_URL: 'https://ops.example.org' }).http?.discordLogin, undefined);
  });
});

describe('parseConfig: languages (issue 18)', () => {
  test('MSERVER_LOCALE sets both; without it the console follows LC_ALL, then LANG, and channels stay English', () => {
    assert.deepEqual(config({ MSERVER_LOCALE: 'KO' }).locale, { channels: 'ko', console: 'ko' });
    assert.deepEqual(config({ MSERVER_LOCALE: 'en', LANG: 'ko_KR.UTF-8' }).locale, { channels: 'en', console: 'en' });
    assert.deepEqual(config({ LANG: 'ko_KR.UTF-8' }).locale, { channels: 'en', console: 'ko' });
    assert.deepEqual(config({ LC_ALL: 'C.UTF-8', LANG: 'ko_KR.UTF-8' }).locale, { channels: 'en', console: 'en' });
    assert.deepEqual(config({ LANG: 'de_DE.UTF-8' }).locale, { channels: 'en', console: 'en' });
  });

  test('a language mserver does not speak is one problem naming the choices', () => {
    assert.deepEqual(problems({ MSERVER_LOCALE: 'fr' }), ['MSERVER_LOCALE="fr" is not valid: expected "en" (English) or "ko" (Korean)']);
  });

  test('with MSERVER_LOCALE=ko the problems are in Korean, the variable and the value as typed', () => {
    const p = problems({ MSERVER_LOCALE: 'ko', MCLIENT_PORT: 'abc', MCLIENT_TOKEN: 'short' });
    assert.deepEqual(p, ['MCLIENT_PORT="abc" 값이 올바르지 않습니다. 필요한 값: 0에서 65535 사이의 정수', 'MCLIENT_TOKEN=(숨김) 값이 올바르지 않습니다. 필요한 값: 쉼표로 구분한, 각각 16자 이상인 토큰']);
    // LANG alone does not change start-up problems: they are read in logs and by whoever runs mserver.
    assert.match(problems({ LANG: 'ko_KR.UTF-8', MCLIENT_PORT: 'abc' })[0]!, /is not valid: expected an integer from 0 to 65535/);
  });
});
