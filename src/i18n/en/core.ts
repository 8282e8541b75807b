// English messages: core. Keys are prefixed 'core.'; the Korean twin is ../ko/core.ts.
import type { Catalogue } from '../catalogue.ts';

export const coreEn = {
} as const satisfies Catalogue;
