// English messages: console. Keys are prefixed 'console.'; the Korean twin is ../ko/console.ts.
import type { Catalogue } from '../catalogue.ts';

export const consoleEn = {
} as const satisfies Catalogue;
