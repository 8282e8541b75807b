// `npm run deploy-commands [-- --guild <id>]`: makes Discord's slash commands match the code, once,
// without starting mserver. Commands are registered in one server only: global commands would put them
// in every server the bot is invited to, where mserver refuses them anyway (see guild-gate.ts).
import { REST, Routes } from 'discord.js';
import { parseArgs } from 'node:util';
import { slashCommands } from '../commands/index.ts';
import { parseConfig, readEnvironment } from '../src/config.ts';
import { syncCommands } from '../src/transports/discord/command-sync.ts';

const { values } = parseArgs({ options: { global: { type: 'boolean' }, guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: npm run deploy-commands [-- --guild <id>]   (default: DISCORD_GUILD_ID)');
  process.exit(0);
}
if (values.global) {
  console.error(
    'deploy-commands: --global is refused: mserver answers in one server only (DISCORD_GUILD_ID), and global commands would appear in every server the bot is invited to. Register them in your server (the default).',
  );
  process.exit(2);
}
const parsed = parseConfig(readEnvironment().env);
if (!parsed.ok) {
  for (const p of parsed.problems) console.error(`deploy-commands: ${p}`);
  process.exit(2);
}
const discord = parsed.config.discord;
if (!discord) {
  console.error('deploy-commands: DISCORD_TOKEN is not set (environment or .env).');
  process.exit(2);
}
const guildId = values.guild ?? discord.guildId;
const rest = new REST(discord.apiUrl ? { api: discord.apiUrl } : {}).setToken(discord.token);
try {
  const applicationId = discord.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const changed = await syncCommands(rest, applicationId, guildId, slashCommands.map((c) => c.data));
  const where = `guild ${guildId}`;
  console.log(`${changed ? 'Updated' : 'Already up to date:'} ${slashCommands.length} slash commands in ${where}: ${slashCommands.map((c) => `/${c.data.name}`).join(' ')}`);
} catch (err) {
  console.error(`deploy-commands: ${(err as Error).message}`);
  process.exit(1);
}
