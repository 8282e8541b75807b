// The only module that reads process.env. Everything else receives a parsed, typed Config.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { isLocale, LOCALES, localeOfPosix, type Locale } from './i18n/locale.ts';
import { isMessage, msg, render, type Message } from './i18n/message.ts';
import { checkCron } from './scheduler/cron.ts';

const DAY_MS = 86_400_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const snowflake = /^\d{17,20}$/;

// zod carries an issue's message as a string: ours is a catalogue message, written as JSON here and
// rendered in the operator's language by parseConfig.
const expected = (m: Message): string => JSON.stringify(m);

function expectedText(locale: Locale, message: string): string {
  try {
    const m: unknown = JSON.parse(message);
    if (isMessage(m)) return render(locale, m);
  } catch {
    // Not one of ours (zod's own wording): shown as it is.
  }
  return message;
}

/**
 * The language of start-up problems and the one-shot tools: MSERVER_LOCALE when it is one of ours, else
 * English (LANG is the console's choice only; a bad MSERVER_LOCALE is itself reported in English).
 */
export function startupLocale(env: Record<string, string | undefined>): Locale {
  const v = env.MSERVER_LOCALE?.trim().toLowerCase();
  return isLocale(v) ? v : 'en';
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const int = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: expected(msg('startup.expect.int', { min: String(min), max: String(max) })) });
        return z.NEVER;
      }
      return n;
    });

/** Days of history to keep: 0 keeps forever; fractions allowed (tests keep seconds' worth). */
const days = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isFinite(n) || n < 0 || n > 36_500) {
        ctx.addIssue({ code: 'custom', message: expected(msg('startup.expect.days')) });
        return z.NEVER;
      }
      return n;
    });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const snowflakeText = optionalText.refine((v) => v === undefined || snowflake.test(v), {
  message: expected(msg('startup.expect.discordId')),
});

const idList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const ids = list(v);
    const bad = ids.filter((id) => !snowflake.test(id));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: expected(msg('startup.expect.roleIds')) });
      return z.NEVER;
    }
    return ids;
  });

const url = optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
  message: expected(msg('startup.expect.httpUrl')),
});

/** Text with a default when empty, refused with what `problem` says about it. */
const checkedText = (fallback: string, problem: (value: string) => string | undefined) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === '' ? fallback : v;
      const why = problem(value);
      if (why !== undefined) {
        ctx.addIssue({ code: 'custom', message: why });
        return z.NEVER;
      }
      return value;
    });

const timezone = checkedText('UTC', (zone) => (isTimeZone(zone) ? undefined : expected(msg('startup.expect.timezone'))));

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const digestCron = checkedText('0 9 * * *', (expr) => {
  const check = checkCron(expr);
  return check.ok ? undefined : expected(msg('startup.expect.digestCron', { problem: check.problem }));
});

const EnvSchema = z.object({
  MCLIENT_HOST: z.string().trim().optional().transform((v) => (v === undefined || v === '' ? '0.0.0.0' : v)),
  MCLIENT_PORT: int(0, 65535, 8765),
  MCLIENT_TOKEN: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const tokens = list(v);
      if (tokens.some((t) => t.length < 16)) {
        ctx.addIssue({ code: 'custom', message: expected(msg('startup.expect.tokens')) });
        return z.NEVER;
      }
      return tokens;
    }),
  MCLIENT_AUTH: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'token' : v))
    .pipe(z.enum(['token', 'none'], { message: expected(msg('startup.expect.either', { a: '"token"', b: '"none"' })) })),
  MCLIENT_ENROLL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'approve' : v))
    .pipe(z.enum(['approve', 'auto'], { message: expected(msg('startup.expect.either', { a: '"approve"', b: '"auto"' })) })),
  MCLIENT_TOKEN_GRACE_S: int(0, 30 * 86_400, 86_400),
  MCLIENT_TLS_CERT: optionalText,
  MCLIENT_TLS_KEY: optionalText,
  MCLIENT_MAX_FRAME_BYTES: int(1024, 64 * 1024 * 1024, 1024 * 1024),
  MCLIENT_MAX_MSGS_PER_S: int(1, 100_000, 50),
  MCLIENT_HEARTBEAT_MS: int(1000, 600_000, 30_000),
  MCLIENT_REGISTER_TIMEOUT_MS: int(100, 600_000, 10_000),
  DATABASE_PATH: z.string().trim().optional().transform((v) => (v === undefined || v === '' ? './data/mserver.db' : v)),
  COMMAND_TIMEOUT_MS: int(100, 3_600_000, 60_000),
  RESULT_MAX_BYTES: int(1024, 64 * 1024 * 1024, 256 * 1024),
  LOG_LEVEL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'info' : v.toLowerCase()))
    .pipe(z.enum(LOG_LEVELS, { message: expected(msg('startup.expect.oneOf', { choices: LOG_LEVELS.join(', ') })) })),
  LOG_FORMAT: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'auto' : v))
    // i18n-exempt: the values as they are typed
    .pipe(z.enum(['auto', 'pretty', 'json'], { message: expected(msg('startup.expect.either', { a: '"auto", "pretty"', b: '"json"' })) })),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: snowflakeText,
  DISCORD_GUILD_ID: snowflakeText,
  DISCORD_API_URL: url,
  DISCORD_CLIENT_SECRET: optionalText,
  DISCORD_LOGIN_RETRY_S: int(1, 3600, 5),
  DISCORD_ALERTS_CHANNEL_ID: snowflakeText,
  DISCORD_PAYOUTS_CHANNEL_ID: snowflakeText,
  DISCORD_KEYS_CHANNEL_ID: snowflakeText,
  DISCORD_APPROVALS_CHANNEL_ID: snowflakeText,
  ROLE_VIEWER_IDS: idList,
  ROLE_OPERATOR_IDS: idList,
  ROLE_ADMIN_IDS: idList,
  ROLE_APPROVER_IDS: idList,
  SCHEDULE_TIMEZONE: timezone,
  SCHEDULE_MIN_INTERVAL_S: int(1, 86_400, 60),
  SCHEDULE_APPROVAL_TTL_DAYS: int(1, 3650, 90),
  PAYOUT_DIGEST_CRON: digestCron,
  PAYOUT_WARN_ERAS: int(1, 83, 4),
  PAYOUT_CRITICAL_ERAS_LEFT: int(0, 83, 14),
  PAYOUT_ALERT_WINDOW_MS: int(10, 3_600_000, 60_000),
  AGENT_OFFLINE_GRACE_S: int(1, 86_400, 120),
  AGENT_ALERT_WINDOW_MS: int(10, 600_000, 5000),
  NOTIFY_RETRY_MIN_MS: int(10, 600_000, 1000),
  NOTIFY_RETRY_MAX_MS: int(10, 3_600_000, 300_000),
  POLICY_FILE: optionalText,
  RETENTION_COMMANDS_DAYS: days(90),
  RETENTION_AUDIT_DAYS: days(400),
  RETENTION_PAYOUTS_DAYS: days(90),
  RETENTION_SCHEDULE_RUNS_DAYS: days(90),
  RETENTION_AGENT_MESSAGES_DAYS: days(7),
  RETENTION_NOTICES_DAYS: days(90),
  RETENTION_SWEEP_S: int(1, 86_400, 60),
  DISK_WARN_FREE_MB: int(0, 100_000_000, 1024),
  MCLIENT_MAX_MESSAGE_TYPES: int(0, 10_000, 16),
  MCLIENT_MAX_UNAUTHENTICATED: int(1, 1_000_000, 256),
  PAYOUT_SNAPSHOT_MIN_S: int(0, 86_400, 60),
  BACKUP_CRON: optionalText.refine((v) => v === undefined || checkCron(v).ok, { message: expected(msg('startup.expect.backupCron')) }),
  BACKUP_DIR: optionalText,
  BACKUP_KEEP: int(1, 10_000, 7),
  HTTP_HOST: z.string().trim().optional().transform((v) => (v === undefined || v === '' ? '127.0.0.1' : v)),
  HTTP_PORT: int(0, 65535, 8080),
  HTTP_RATE_LIMIT_PER_MIN: int(1, 1_000_000, 120),
  HTTP_BODY_MAX_BYTES: int(1024, 16 * 1024 * 1024, 64 * 1024),
  HTTP_PUBLIC_URL: url.transform((v) => v?.replace(/\/+$/, '')),
  HTTP_METRICS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'on' : v.toLowerCase()))
    .pipe(z.enum(['on', 'off'], { message: expected(msg('startup.expect.either', { a: '"on"', b: '"off"' })) })),
  SESSION_LENGTH_MIN: int(1, 10_080, 240),
  CHAIN_RPC_URL: optionalText.refine((v) => v === undefined || /^wss?:\/\/[^\s]+$/.test(v), { message: expected(msg('startup.expect.wsUrl')) }),
  CHAIN_RPC_TIMEOUT_MS: int(100, 120_000, 10_000),
  ROLLING_MIN_PEERS: int(0, 10_000, 3),
  ROLLING_HEALTH_TIMEOUT_S: int(1, 86_400, 300),
  ROLLING_POLL_MS: int(10, 600_000, 10_000),
  MSERVER_LOCALE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v.toLowerCase()))
    .pipe(z.enum(LOCALES, { message: expected(msg('startup.expect.locale')) }).optional()),
  // Read for the console's language when MSERVER_LOCALE is not set; never refused.
  LC_ALL: z.string().optional(),
  LANG: z.string().optional(),
});

/** Every variable mserver reads: a variable with one of their prefixes that is not listed is a typo (env-typos.ts). */
export const KNOWN_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  mclient: {
    host: string;
    port: number;
    tokens: string[];
    auth: 'token' | 'none';
    /** approve: an id new on the fleet token waits for an admin; auto: accepted at once. */
    enroll: 'approve' | 'auto';
    /** How long a rotated-away token keeps working (unless the new one is used first). */
    tokenGraceMs: number;
    /** PEM files; both set: the hub serves wss:// only. */
    tls: { certPath: string; keyPath: string } | undefined;
    maxFrameBytes: number;
    maxMessagesPerSecond: number;
    heartbeatMs: number;
    registerTimeoutMs: number;
  };
  databasePath: string;
  commandTimeoutMs: number;
  resultMaxBytes: number;
  log: { level: LogLevel; format: 'auto' | 'pretty' | 'json' };
  discord: DiscordConfig | undefined;
  roles: { viewer: string[]; operator: string[]; admin: string[]; approver: string[] };
  scheduleTimezone: string;
  /** A cron expression firing more often than this (seconds) is refused. */
  scheduleMinIntervalS: number;
  /** A schedule's standing approval lasts this many days; renewal is asked for a week before. */
  scheduleApprovalTtlDays: number;
  notifications: NotificationsConfig;
  /** Path of the JSON policy file; undefined: the defaults of each risk class. */
  policyFile: string | undefined;
  retention: RetentionConfig;
  /** Free space (MB) on the database's file system below which an alert is posted; 0: never. */
  diskWarnFreeMb: number;
  quotas: QuotaConfig;
  /** Scheduled online backups (cron undefined: none); `mserver backup <file>` works either way. */
  backup: { cron: string | undefined; dir: string; keep: number };
  /** The HTTP API, metrics and health probes; undefined when HTTP_PORT=0. */
  http: HttpConfig | undefined;
  safety: SafetyConfig;
  /** Channel notifications have no single reader: MSERVER_LOCALE. The console: MSERVER_LOCALE, else LANG. */
  locale: { channels: Locale; console: Locale };
}

/** How long each family of history is kept, in ms; 0 keeps forever. */
export interface RetentionConfig {
  commandsMs: number;
  auditMs: number;
  payoutsMs: number;
  scheduleRunsMs: number;
  agentMessagesMs: number;
  /** Notices (the notices table the API and the dashboard read); 0 keeps them forever. */
  noticesMs: number;
  sweepMs: number;
}

export interface QuotaConfig {
  /** Distinct unknown message types stored per agent. */
  maxMessageTypes: number;
  /** A changed payout_info is stored at most once per this many ms per agent. */
  payoutSnapshotMinMs: number;
  /** Unsolicited key_update frames stored per agent and hour. */
  keyUpdatesPerHour: number;
  /** Sockets waiting for a token: in total, and per address. */
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
}
export interface HttpConfig {
  host: string;
  port: number;
  rateLimitPerMin: number;
  bodyMaxBytes: number;
  metrics: boolean;
  /** The dashboard's address as browsers reach it (HTTP_PUBLIC_URL): login links and Discord's redirect. */
  publicUrl: string | undefined;
  /** Discord OAuth2 login (DISCORD_CLIENT_SECRET with HTTP_PUBLIC_URL); the bot reads roles at each call. */
  discordLogin: { clientId: string; clientSecret: string; guildId: string; apiUrl: string } | undefined;
}

/** Validator safety (issue 19): key hand-overs, the chain reader, rolling restarts. */
export interface SafetyConfig {
  /** One session in ms (SESSION_LENGTH_MIN): a hand-over is done two sessions after session.setKeys. */
  sessionMs: number;
  /** A Substrate JSON-RPC WebSocket endpoint the team trusts; undefined: keys are verified on the agent's word. */
  chainRpcUrl: string | undefined;
  chainRpcTimeoutMs: number;
  rollingMinPeers: number;
  rollingHealthTimeoutMs: number;
  /** How often a restarted node's status is asked while a rolling restart waits for it. */
  rollingPollMs: number;
}

export interface NotificationsConfig {
  /** When the fleet payout digest is posted, in scheduleTimezone. */
  payoutDigestCron: string;
  /** Warning when an agent's oldest unclaimed era is older than this many eras. */
  payoutWarnEras: number;
  /** Critical when the oldest unclaimed era has this many eras or fewer before it expires. */
  payoutCriticalErasLeft: number;
  /** Payout changes within this window become one message. */
  payoutAlertWindowMs: number;
  /** A disconnected agent is reported offline when it is not back within this. */
  agentOfflineGraceMs: number;
  /** Host reports within this window become one message. */
  agentAlertWindowMs: number;
  /** Back-off of a notification Discord did not take: from min, doubling up to max. */
  retryMinMs: number;
  retryMaxMs: number;
}

export interface DiscordConfig {
  token: string;
  applicationId: string | undefined;
  /** The one server mserver answers in; interactions from anywhere else are refused. */
  guildId: string;
  apiUrl: string | undefined;
  /** First wait before logging in again after a failure; doubles up to 5 minutes. */
  loginRetryS: number;
  channels: {
    alerts: string | undefined;
    payouts: string | undefined;
    keys: string | undefined;
    approvals: string | undefined;
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses an environment (normally process.env merged with .env). Secrets are never echoed back. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const locale = startupLocale(env);
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const raw = env[name];
      const shown = /TOKEN/.test(name) ? render(locale, msg('startup.config.hidden')) : JSON.stringify(raw ?? '');
      return render(locale, msg('startup.config.invalid', { name, shown, expected: expectedText(locale, issue.message) }));
    });
    return { ok: false, problems };
  }
  const e = parsed.data;
  if ((e.MCLIENT_TLS_CERT === undefined) !== (e.MCLIENT_TLS_KEY === undefined)) {
    const missing = e.MCLIENT_TLS_CERT === undefined ? 'MCLIENT_TLS_CERT' : 'MCLIENT_TLS_KEY';
    return { ok: false, problems: [render(locale, msg('startup.config.tlsPair', { name: missing }))] };
  }
  // An Administrator of any server the bot is invited to would otherwise be an mserver admin there.
  if (e.DISCORD_TOKEN && !e.DISCORD_GUILD_ID) {
    return {
      ok: false,
      problems: [render(locale, msg('startup.config.guildRequired'))],
    };
  }
  if (e.DISCORD_CLIENT_SECRET && !(e.HTTP_PUBLIC_URL && e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID)) {
    return { ok: false, problems: [render(locale, msg('startup.config.oauthNeeds'))] };
  }
  const config: Config = {
    mclient: {
      host: e.MCLIENT_HOST,
      port: e.MCLIENT_PORT,
      tokens: e.MCLIENT_TOKEN,
      auth: e.MCLIENT_AUTH,
      enroll: e.MCLIENT_ENROLL,
      tokenGraceMs: e.MCLIENT_TOKEN_GRACE_S * 1000,
      tls: e.MCLIENT_TLS_CERT && e.MCLIENT_TLS_KEY ? { certPath: e.MCLIENT_TLS_CERT, keyPath: e.MCLIENT_TLS_KEY } : undefined,
      maxFrameBytes: e.MCLIENT_MAX_FRAME_BYTES,
      maxMessagesPerSecond: e.MCLIENT_MAX_MSGS_PER_S,
      heartbeatMs: e.MCLIENT_HEARTBEAT_MS,
      registerTimeoutMs: e.MCLIENT_REGISTER_TIMEOUT_MS,
    },
    databasePath: e.DATABASE_PATH,
    commandTimeoutMs: e.COMMAND_TIMEOUT_MS,
    resultMaxBytes: e.RESULT_MAX_BYTES,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          guildId: e.DISCORD_GUILD_ID!,
          apiUrl: e.DISCORD_API_URL,
          loginRetryS: e.DISCORD_LOGIN_RETRY_S,
          channels: {
            alerts: e.DISCORD_ALERTS_CHANNEL_ID,
            payouts: e.DISCORD_PAYOUTS_CHANNEL_ID,
            keys: e.DISCORD_KEYS_CHANNEL_ID,
            approvals: e.DISCORD_APPROVALS_CHANNEL_ID,
          },
        }
      : undefined,
    roles: {
      viewer: e.ROLE_VIEWER_IDS,
      operator: e.ROLE_OPERATOR_IDS,
      admin: e.ROLE_ADMIN_IDS,
      approver: e.ROLE_APPROVER_IDS,
    },
    scheduleTimezone: e.SCHEDULE_TIMEZONE,
    scheduleMinIntervalS: e.SCHEDULE_MIN_INTERVAL_S,
    scheduleApprovalTtlDays: e.SCHEDULE_APPROVAL_TTL_DAYS,
    notifications: {
      payoutDigestCron: e.PAYOUT_DIGEST_CRON,
      payoutWarnEras: e.PAYOUT_WARN_ERAS,
      payoutCriticalErasLeft: e.PAYOUT_CRITICAL_ERAS_LEFT,
      payoutAlertWindowMs: e.PAYOUT_ALERT_WINDOW_MS,
      agentOfflineGraceMs: e.AGENT_OFFLINE_GRACE_S * 1000,
      agentAlertWindowMs: e.AGENT_ALERT_WINDOW_MS,
      retryMinMs: e.NOTIFY_RETRY_MIN_MS,
      retryMaxMs: Math.max(e.NOTIFY_RETRY_MIN_MS, e.NOTIFY_RETRY_MAX_MS),
    },
    policyFile: e.POLICY_FILE,
    retention: {
      commandsMs: e.RETENTION_COMMANDS_DAYS * DAY_MS,
      auditMs: e.RETENTION_AUDIT_DAYS * DAY_MS,
      payoutsMs: e.RETENTION_PAYOUTS_DAYS * DAY_MS,
      scheduleRunsMs: e.RETENTION_SCHEDULE_RUNS_DAYS * DAY_MS,
      agentMessagesMs: e.RETENTION_AGENT_MESSAGES_DAYS * DAY_MS,
      noticesMs: e.RETENTION_NOTICES_DAYS * DAY_MS,
      sweepMs: e.RETENTION_SWEEP_S * 1000,
    },
    diskWarnFreeMb: e.DISK_WARN_FREE_MB,
    quotas: {
      maxMessageTypes: e.MCLIENT_MAX_MESSAGE_TYPES,
      payoutSnapshotMinMs: e.PAYOUT_SNAPSHOT_MIN_S * 1000,
      keyUpdatesPerHour: 10,
      maxUnauthenticated: e.MCLIENT_MAX_UNAUTHENTICATED,
      maxUnauthenticatedPerAddress: 16,
    },
    backup: { cron: e.BACKUP_CRON, dir: e.BACKUP_DIR ?? join(dirname(e.DATABASE_PATH), 'backups'), keep: e.BACKUP_KEEP },
    http:
      e.HTTP_PORT === 0
        ? undefined
        : {
            host: e.HTTP_HOST, port: e.HTTP_PORT, rateLimitPerMin: e.HTTP_RATE_LIMIT_PER_MIN, bodyMaxBytes: e.HTTP_BODY_MAX_BYTES, metrics: e.HTTP_METRICS === 'on', publicUrl: e.HTTP_PUBLIC_URL,
            discordLogin: e.DISCORD_CLIENT_SECRET
              ? { clientId: e.DISCORD_APPLICATION_ID!, clientSecret: e.DISCORD_CLIENT_SECRET, guildId: e.DISCORD_GUILD_ID!, apiUrl: e.DISCORD_API_URL ?? 'https://discord.com/api' }
              : undefined,
          },
    safety: {
      sessionMs: e.SESSION_LENGTH_MIN * 60_000,
      chainRpcUrl: e.CHAIN_RPC_URL,
      chainRpcTimeoutMs: e.CHAIN_RPC_TIMEOUT_MS,
      rollingMinPeers: e.ROLLING_MIN_PEERS,
      rollingHealthTimeoutMs: e.ROLLING_HEALTH_TIMEOUT_S * 1000,
      rollingPollMs: e.ROLLING_POLL_MS,
    },
    locale: { channels: e.MSERVER_LOCALE ?? 'en', console: e.MSERVER_LOCALE ?? localeOfPosix(e.LC_ALL || e.LANG) },
  };
  return { ok: true, config };
}

/**
 * The process environment with a `.env` file from `cwd` underneath it: variables already set in the
 * real environment win, so a deployment can override a checked-in file.
 */
export function readEnvironment(
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): { env: Record<string, string | undefined>; envFile: string | undefined } {
  const path = resolve(cwd, '.env');
  if (!existsSync(path)) return { env: { ...env }, envFile: undefined };
  const fromFile = parseEnv(readFileSync(path, 'utf8'));
  return { env: { ...fromFile, ...env }, envFile: path };
}
