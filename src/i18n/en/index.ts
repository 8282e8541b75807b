// The English catalogue: the reference every other language must answer key for key. Split by area so
// that the people changing one room do not edit the same file.
import { commandsEn } from './commands.ts';
import { commonEn } from './common.ts';
import { consoleEn } from './console.ts';
import { coreEn } from './core.ts';
import { discordEn } from './discord.ts';
import { httpEn } from './http.ts';
import { noticesEn } from './notices.ts';
import { startupEn } from './startup.ts';
import { webEn } from './web.ts';

export const en = {
  ...commonEn,
  ...coreEn,
  ...httpEn,
  ...discordEn,
  ...commandsEn,
  ...noticesEn,
  ...consoleEn,
  ...startupEn,
  ...webEn,
} as const;
