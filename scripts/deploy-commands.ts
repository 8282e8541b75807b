// `npm run deploy-commands [-- --guild <id>]`: makes Discord's slash commands match the code, once,
// without starting mserver. Commands are registered in one server only: global commands would put them
// in every server the bot is invited to, where mserver refuses them anyway (see guild-gate.ts).
// It speaks the console's language: MSERVER_LOCALE, else LANG.
import { REST, Routes } from 'discord.js';
import { parseArgs } from 'node:util';
import { slashCommands } from '../commands/index.ts';
import { parseConfig, readEnvironment } from '../src/config.ts';
import { isLocale, localeOfPosix } from '../src/i18n/locale.ts';
import { translator } from '../src/i18n/translate.ts';
import { syncCommands } from '../src/transports/discord/command-sync.ts';

const { values } = parseArgs({ options: { global: { type: 'boolean' }, guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
const { env } = readEnvironment();
const t = translator(isLocale(env.MSERVER_LOCALE) ? env.MSERVER_LOCALE : localeOfPosix(env.LC_ALL || env.LANG));
if (values.help) {
  console.log(t('commands.deploy.usage'));
  process.exit(0);
}
if (values.global) {
  console.error(t('commands.deploy.globalRefused'));
  process.exit(2);
}
const parsed = parseConfig(env);
if (!parsed.ok) {
  for (const p of parsed.problems) console.error(`deploy-commands: ${p}`);
  process.exit(2);
}
const discord = parsed.config.discord;
if (!discord) {
  console.error(t('commands.deploy.noToken'));
  process.exit(2);
}
const guildId = values.guild ?? discord.guildId;
const rest = new REST(discord.apiUrl ? { api: discord.apiUrl } : {}).setToken(discord.token);
try {
  const applicationId = discord.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const changed = await syncCommands(rest, applicationId, guildId, slashCommands.map((c) => c.data));
  const vars = { count: slashCommands.length, guild: guildId, names: slashCommands.map((c) => `/${c.data.name}`).join(' ') };
  console.log(changed ? t('commands.deploy.updated', vars) : t('commands.deploy.upToDate', vars));
} catch (err) {
  console.error(`deploy-commands: ${(err as Error).message}`);
  process.exit(1);
}
