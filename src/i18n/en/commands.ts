// English messages: commands. Keys are prefixed 'commands.'; the Korean twin is ../ko/commands.ts.
import type { Catalogue } from '../catalogue.ts';

export const commandsEn = {
} as const satisfies Catalogue;
