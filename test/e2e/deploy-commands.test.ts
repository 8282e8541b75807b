// `npm run deploy-commands` against the emulator: guild and global, and no rewrite when unchanged.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { slashCommands } from '../../commands/index.ts';
import type { DiscordEmulator } from '../support/discord-emulator/index.ts';
import { IDS, startEmulator } from '../support/discord-stack.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run deploy-commands', () => {
  let emu: DiscordEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  const deploy = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/deploy-commands.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiBase, DISCORD_GUILD_ID: IDS.guild, ...env },
      timeout: 30_000,
    });

  it('writes the guild commands, then leaves them alone when nothing changed', async () => {
    const first = await deploy([]);
    const names = slashCommands.map((c) => `/${c.data.name}`).join(' ');
    assert.equal(first.stdout.trim(), `Updated ${slashCommands.length} slash commands in guild ${IDS.guild}: ${names}`);
    assert.equal(emu.commandWrites(IDS.guild), 1);
    const second = await deploy([]);
    assert.match(second.stdout, /^Already up to date:/);
    assert.equal(emu.commandWrites(IDS.guild), 1);
  });

  it('refuses --global: commands in every server the bot is invited to would be a door for strangers', async () => {
    await assert.rejects(deploy(['--global']), (err: { code?: number; stderr?: string }) => err.code === 2 && /--global is refused: mserver answers in one server only/.test(err.stderr ?? ''));
    assert.deepEqual(emu.commands(), [], 'no global command was written');
    assert.equal(emu.commandWrites(), 0);
  });

  it('refuses to start without DISCORD_GUILD_ID', async () => {
    await assert.rejects(deploy([], { DISCORD_GUILD_ID: '' }), (err: { code?: number; stderr?: string }) => err.code === 2 && /DISCORD_GUILD_ID="" is not valid/.test(err.stderr ?? ''));
  });

  it('explains what is missing', async () => {
    await assert.rejects(deploy([], { DISCORD_TOKEN: '' }), (err: { code?: number; stderr?: string }) => err.code === 2 && /DISCORD_TOKEN is not set/.test(err.stderr ?? ''));
  });
});
