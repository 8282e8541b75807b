// The doctor's Discord checks, read-only over REST: the token, the guild, the configured channels and
// what the bot may do there, the role ids, the registered slash commands, and who sees approvals.
// Discord out of reach is one FAIL line; the caller's other checks run regardless.
import { REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordConfig, Config } from '../config.ts';
import { commandsDiffer } from '../transports/discord/command-sync.ts';
import { fail, ok, warn, type CheckLine } from './check.ts';
import { translator, type Translator } from '../i18n/translate.ts';
import { channelPermissions, missing, type Overwrite, type RoleBits } from './permissions.ts';

interface ApiChannel {
  id: string;
  name?: string;
  guild_id?: string;
  permission_overwrites?: Overwrite[];
}

const CHANNEL_NEEDS = ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles'] as const;
const ROLE_VARS = { viewer: 'ROLE_VIEWER_IDS', operator: 'ROLE_OPERATOR_IDS', admin: 'ROLE_ADMIN_IDS', approver: 'ROLE_APPROVER_IDS' } as const;
const CHANNEL_VARS = { alerts: 'DISCORD_ALERTS_CHANNEL_ID', payouts: 'DISCORD_PAYOUTS_CHANNEL_ID', keys: 'DISCORD_KEYS_CHANNEL_ID', approvals: 'DISCORD_APPROVALS_CHANNEL_ID' } as const;

const statusOf = (err: unknown): number | undefined => (err as { status?: number }).status;
const codeOf = (err: unknown): number | undefined => {
  const c = (err as { code?: unknown }).code;
  return typeof c === 'number' ? c : undefined;
};

function inviteUrl(applicationId: string): string {
  // View Channel, Send Messages, Embed Links, Attach Files, Read Message History; bot + commands scopes.
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot%20applications.commands&permissions=117760`;
}

export interface DiscordCheckOptions {
  config: Config;
  wanted: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
  timeoutMs?: number;
  /** The reader's language; English when not given. */
  t?: Translator;
}

export async function checkDiscord(opts: DiscordCheckOptions): Promise<CheckLine[]> {
  const { config } = opts;
  const t = opts.t ?? translator('en');
  const discord = config.discord;
  if (!discord) return [ok(t('startup.doctor.name.discord'), t('startup.doctor.discord.off'))];
  const rest = new REST({ ...(discord.apiUrl ? { api: discord.apiUrl } : {}), retries: 0, timeout: opts.timeoutMs ?? 10_000 }).setToken(discord.token);
  try {
    return await checkWith(rest, discord, config, opts.wanted, t);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

async function checkWith(rest: REST, discord: DiscordConfig, config: Config, wanted: DiscordCheckOptions['wanted'], t: Translator): Promise<CheckLine[]> {
  const guildName = t('startup.doctor.name.discordGuild');
  const lines: CheckLine[] = [];
  let bot: { id: string; username: string };
  try {
    bot = (await rest.get(Routes.user('@me'))) as { id: string; username: string };
  } catch (err) {
    if (statusOf(err) === 401) return [fail(t('startup.doctor.name.discordToken'), t('startup.doctor.discord.refused'), t('startup.doctor.discord.refusedFix'))];
    return [fail(t('startup.doctor.name.discord'), t('startup.doctor.discord.unreachable', { error: (err as Error).message }), t('startup.doctor.discord.unreachableFix'))];
  }
  lines.push(ok(t('startup.doctor.name.discordToken'), t('startup.doctor.discord.tokenOk', { name: bot.username, id: bot.id })));
  const applicationId = discord.applicationId ?? bot.id;
  const guildId = discord.guildId;
  if (!guildId) {
    lines.push(warn(guildName, t('startup.doctor.discord.noGuild'), t('startup.doctor.discord.noGuildFix')));
    lines.push(await checkCommands(rest, applicationId, undefined, wanted, t));
    return lines;
  }
  let roles: RoleBits[];
  let botRoles: string[];
  try {
    const guild = (await rest.get(Routes.guild(guildId))) as { name: string };
    roles = (await rest.get(Routes.guildRoles(guildId))) as RoleBits[];
    botRoles = ((await rest.get(Routes.guildMember(guildId, bot.id))) as { roles: string[] }).roles;
    lines.push(ok(guildName, t('startup.doctor.discord.guildOk', { name: guild.name, id: guildId })));
  } catch (err) {
    if (statusOf(err) === 404 || statusOf(err) === 403) {
      lines.push(fail(guildName, t('startup.doctor.discord.notInGuild', { id: guildId, code: String(codeOf(err) ?? statusOf(err)) }), t('startup.doctor.discord.notInGuildFix', { url: inviteUrl(applicationId) })));
      return lines;
    }
    lines.push(fail(guildName, t('startup.doctor.discord.guildFailed', { id: guildId, error: (err as Error).message }), t('startup.doctor.discord.guildFailedFix')));
    return lines;
  }

  for (const [kind, variable] of Object.entries(ROLE_VARS) as [keyof typeof ROLE_VARS, string][]) {
    for (const id of config.roles[kind]) {
      const role = roles.find((r) => r.id === id);
      const name = t('startup.doctor.name.role', { kind });
      if (role) lines.push(ok(name, t('startup.doctor.discord.roleOk', { variable, id, name: (role as { name?: string }).name ?? id })));
      else lines.push(fail(name, t('startup.doctor.discord.roleMissing', { variable, id }), t('startup.doctor.discord.roleMissingFix', { variable })));
    }
  }

  for (const [kind, variable] of Object.entries(CHANNEL_VARS) as [keyof typeof CHANNEL_VARS, string][]) {
    const id = discord.channels[kind];
    if (!id) continue;
    const name = t('startup.doctor.name.channel', { kind });
    let channel: ApiChannel;
    try {
      channel = (await rest.get(Routes.channel(id))) as ApiChannel;
    } catch (err) {
      const s = statusOf(err);
      if (s === 404 || s === 403) lines.push(fail(name, t('startup.doctor.discord.channelMissing', { variable, id, code: String(codeOf(err) ?? s) }), t('startup.doctor.discord.channelMissingFix', { variable })));
      else lines.push(fail(name, t('startup.doctor.discord.channelFailed', { variable, id, error: (err as Error).message }), t('startup.doctor.discord.again')));
      continue;
    }
    if (channel.guild_id !== guildId) {
      lines.push(fail(name, t('startup.doctor.discord.otherServer', { variable, id, where: channel.guild_id ?? t('startup.doctor.discord.aDm') }), t('startup.doctor.discord.otherServerFix', { guild: guildId })));
      continue;
    }
    const overwrites = channel.permission_overwrites ?? [];
    const bits = channelPermissions({ guildId, roles, memberRoles: botRoles, memberId: bot.id, overwrites });
    const lacks = missing(bits, [...CHANNEL_NEEDS]);
    const label = `#${channel.name ?? id}`;
    if (lacks.length > 0) {
      lines.push(fail(name, t('startup.doctor.discord.lacks', { perms: lacks.join(', '), label, id }), t('startup.doctor.discord.lacksFix', { label, perms: lacks.join(', ') })));
    } else {
      lines.push(ok(name, t('startup.doctor.discord.channelOk', { label })));
    }
    if (kind === 'approvals') lines.push(approversSee(guildId, roles, config.roles.approver, overwrites, label, t));
  }

  lines.push(await checkCommands(rest, applicationId, guildId, wanted, t));
  return lines;
}

function approversSee(guildId: string, roles: RoleBits[], approvers: string[], overwrites: Overwrite[], label: string, t: Translator): CheckLine {
  const name = t('startup.doctor.name.approvalsVisible');
  if (approvers.length === 0) return warn(name, t('startup.doctor.discord.noApprovers'), t('startup.doctor.discord.noApproversFix'));
  const blind = approvers.filter((id) => roles.some((r) => r.id === id) && missing(channelPermissions({ guildId, roles, memberRoles: [id], overwrites }), ['ViewChannel']).length > 0);
  if (blind.length > 0) return fail(name, t('startup.doctor.discord.blind', { roles: blind.join(', '), label }), t('startup.doctor.discord.blindFix', { label }));
  return ok(name, t('startup.doctor.discord.approversOk', { label }));
}

async function checkCommands(rest: REST, applicationId: string, guildId: string | undefined, wanted: DiscordCheckOptions['wanted'], t: Translator): Promise<CheckLine> {
  const where = guildId ? t('startup.doctor.commands.guild', { id: guildId }) : t('startup.doctor.commands.global');
  const name = t('startup.doctor.name.slashCommands');
  try {
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    // With their translations, which the comparison includes (Discord leaves them out unless asked).
    const current = (await rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as { name?: string }[];
    if (commandsDiffer(current, wanted)) {
      const have = new Set(current.map((c) => c.name));
      const absent = wanted.filter((w) => !have.has(w.name)).map((w) => `/${w.name}`);
      const extra = current.filter((c) => !wanted.some((w) => w.name === c.name)).map((c) => `/${c.name}`);
      const detail = [absent.length > 0 ? t('startup.doctor.commands.missing', { list: absent.join(' ') }) : '', extra.length > 0 ? t('startup.doctor.commands.stale', { list: extra.join(' ') }) : '', absent.length + extra.length === 0 ? t('startup.doctor.commands.changed') : '']
        .filter(Boolean)
        .join('; ');
      return fail(name, t('startup.doctor.commands.differ', { where, detail }), t(guildId ? 'startup.doctor.commands.differFix' : 'startup.doctor.commands.differFixGlobal'));
    }
    return ok(name, t('startup.doctor.commands.ok', { count: wanted.length, where }));
  } catch (err) {
    const s = statusOf(err);
    if (s === 403 || s === 404) return fail(name, t('startup.doctor.commands.unreadable', { id: applicationId, where, code: String(codeOf(err) ?? s) }), t('startup.doctor.commands.unreadableFix', { url: inviteUrl(applicationId) }));
    return fail(name, t('startup.doctor.commands.failed', { error: (err as Error).message }), t('startup.doctor.discord.again'));
  }
}
