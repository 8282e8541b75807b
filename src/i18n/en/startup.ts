// English messages: startup. Keys are prefixed 'startup.'; the Korean twin is ../ko/startup.ts.
import type { Catalogue } from '../catalogue.ts';

export const startupEn = {
} as const satisfies Catalogue;
