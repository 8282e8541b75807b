// English messages: discord. Keys are prefixed 'discord.'; the Korean twin is ../ko/discord.ts.
import type { Catalogue } from '../catalogue.ts';

export const discordEn = {
} as const satisfies Catalogue;
