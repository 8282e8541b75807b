// The doctor's Discord checks, read-only over REST: the token, the guild, the configured channels and
// what the bot may do there, the role ids, the registered slash commands, and who sees approvals.
// Discord out of reach is one FAIL line; the caller's other checks run regardless.
import { REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordConfig, Config } from '../config.ts';
import { commandsDiffer } from '../transports/discord/command-sync.ts';
import { fail, ok, warn, type CheckLine } from './check.ts';
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
}

export async function checkDiscord(opts: DiscordCheckOptions): Promise<CheckLine[]> {
  const { config } = opts;
  const discord = config.discord;
  if (!discord) return [ok('discord', 'off (DISCORD_TOKEN is not set): nothing to check')];
  const rest = new REST({ ...(discord.apiUrl ? { api: discord.apiUrl } : {}), retries: 0, timeout: opts.timeoutMs ?? 10_000 }).setToken(discord.token);
  try {
    return await checkWith(rest, discord, config, opts.wanted);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

async function checkWith(rest: REST, discord: DiscordConfig, config: Config, wanted: DiscordCheckOptions['wanted']): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  let bot: { id: string; username: string };
  try {
    bot = (await rest.get(Routes.user('@me'))) as { id: string; username: string };
  } catch (err) {
    if (statusOf(err) === 401) return [fail('discord token', 'Discord refused DISCORD_TOKEN (401)', 'copy a new token from the Developer Portal (Bot > Reset Token) into DISCORD_TOKEN')];
    return [fail('discord', `Discord is unreachable (${(err as Error).message}); the Discord checks did not run`, 'check this machine\'s outbound HTTPS to discord.com (firewall, proxy, DNS), or DISCORD_API_URL if set')];
  }
  lines.push(ok('discord token', `valid: the bot is ${bot.username} (${bot.id})`));
  const applicationId = discord.applicationId ?? bot.id;
  const guildId = discord.guildId;
  if (!guildId) {
    lines.push(warn('discord guild', 'DISCORD_GUILD_ID is not set: commands are registered globally (up to an hour to show) and channels and roles are not checked', 'set DISCORD_GUILD_ID to your server\'s id (right-click the server > Copy Server ID)'));
    lines.push(await checkCommands(rest, applicationId, undefined, wanted));
    return lines;
  }
  let roles: RoleBits[];
  let botRoles: string[];
  try {
    const guild = (await rest.get(Routes.guild(guildId))) as { name: string };
    roles = (await rest.get(Routes.guildRoles(guildId))) as RoleBits[];
    botRoles = ((await rest.get(Routes.guildMember(guildId, bot.id))) as { roles: string[] }).roles;
    lines.push(ok('discord guild', `the bot is in ${guild.name} (${guildId})`));
  } catch (err) {
    if (statusOf(err) === 404 || statusOf(err) === 403) {
      lines.push(fail('discord guild', `the bot is not in DISCORD_GUILD_ID ${guildId} (${codeOf(err) ?? statusOf(err)})`, `invite it: ${inviteUrl(applicationId)} (or correct DISCORD_GUILD_ID)`));
      return lines;
    }
    lines.push(fail('discord guild', `reading guild ${guildId} failed (${(err as Error).message})`, 'run the doctor again; if it persists, check Discord\'s status page'));
    return lines;
  }

  for (const [kind, variable] of Object.entries(ROLE_VARS) as [keyof typeof ROLE_VARS, string][]) {
    for (const id of config.roles[kind]) {
      const role = roles.find((r) => r.id === id);
      if (role) lines.push(ok(`role ${kind}`, `${variable}: ${id} is @${(role as { name?: string }).name ?? id}`));
      else lines.push(fail(`role ${kind}`, `${variable}: role ${id} does not exist in the guild`, `copy the role's id (Server Settings > Roles > ... > Copy Role ID, with Developer Mode on) into ${variable}`));
    }
  }

  for (const [kind, variable] of Object.entries(CHANNEL_VARS) as [keyof typeof CHANNEL_VARS, string][]) {
    const id = discord.channels[kind];
    if (!id) continue;
    const name = `channel ${kind}`;
    let channel: ApiChannel;
    try {
      channel = (await rest.get(Routes.channel(id))) as ApiChannel;
    } catch (err) {
      const s = statusOf(err);
      if (s === 404 || s === 403) lines.push(fail(name, `${variable}: channel ${id} does not exist, or the bot cannot see it (${codeOf(err) ?? s})`, `copy the channel's id (right-click > Copy Channel ID) into ${variable}, and let the bot's role View Channel there`));
      else lines.push(fail(name, `${variable}: reading channel ${id} failed (${(err as Error).message})`, 'run the doctor again'));
      continue;
    }
    if (channel.guild_id !== guildId) {
      lines.push(fail(name, `${variable}: channel ${id} is in another server (${channel.guild_id ?? 'a DM'})`, `use a channel of guild ${guildId}`));
      continue;
    }
    const overwrites = channel.permission_overwrites ?? [];
    const bits = channelPermissions({ guildId, roles, memberRoles: botRoles, memberId: bot.id, overwrites });
    const lacks = missing(bits, [...CHANNEL_NEEDS]);
    const label = `#${channel.name ?? id}`;
    if (lacks.length > 0) {
      lines.push(fail(name, `the bot lacks ${lacks.join(', ')} in ${label} (${id})`, `in ${label} > Edit Channel > Permissions, allow ${lacks.join(', ')} for the bot's role (or the bot)`));
    } else {
      lines.push(ok(name, `${label}: the bot can view, send, embed links and attach files`));
    }
    if (kind === 'approvals') lines.push(approversSee(guildId, roles, config.roles.approver, overwrites, label));
  }

  lines.push(await checkCommands(rest, applicationId, guildId, wanted));
  return lines;
}

function approversSee(guildId: string, roles: RoleBits[], approvers: string[], overwrites: Overwrite[], label: string): CheckLine {
  const name = 'approvals visible';
  if (approvers.length === 0) return warn(name, 'ROLE_APPROVER_IDS is empty: nobody is asked to approve in the approvals channel', 'set ROLE_APPROVER_IDS to the role(s) whose members approve critical commands');
  const blind = approvers.filter((id) => roles.some((r) => r.id === id) && missing(channelPermissions({ guildId, roles, memberRoles: [id], overwrites }), ['ViewChannel']).length > 0);
  if (blind.length > 0) return fail(name, `approver role(s) ${blind.join(', ')} cannot view ${label}`, `in ${label} > Edit Channel > Permissions, allow View Channel for those roles`);
  return ok(name, `every approver role can view ${label}`);
}

async function checkCommands(rest: REST, applicationId: string, guildId: string | undefined, wanted: DiscordCheckOptions['wanted']): Promise<CheckLine> {
  const where = guildId ? `guild ${guildId}` : 'global';
  try {
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    // With their translations, which the comparison includes (Discord leaves them out unless asked).
    const current = (await rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as { name?: string }[];
    if (commandsDiffer(current, wanted)) {
      const have = new Set(current.map((c) => c.name));
      const absent = wanted.filter((w) => !have.has(w.name)).map((w) => `/${w.name}`);
      const extra = current.filter((c) => !wanted.some((w) => w.name === c.name)).map((c) => `/${c.name}`);
      const detail = [absent.length > 0 ? `missing ${absent.join(' ')}` : '', extra.length > 0 ? `stale ${extra.join(' ')}` : '', absent.length + extra.length === 0 ? 'definitions changed' : '']
        .filter(Boolean)
        .join('; ');
      return fail('slash commands', `the commands registered (${where}) do not match this mserver's: ${detail}`, `run "npm run deploy-commands"${guildId ? '' : ' -- --global'} (mserver also syncs them when its bot logs in)`);
    }
    return ok('slash commands', `${wanted.length} commands registered (${where}) match the code`);
  } catch (err) {
    const s = statusOf(err);
    if (s === 403 || s === 404) return fail('slash commands', `cannot read the commands of application ${applicationId} (${where}; ${codeOf(err) ?? s})`, `check DISCORD_APPLICATION_ID and invite the bot with the applications.commands scope: ${inviteUrl(applicationId)}`);
    return fail('slash commands', `reading the registered commands failed (${(err as Error).message})`, 'run the doctor again');
  }
}
