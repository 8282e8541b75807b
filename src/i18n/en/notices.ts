// English messages: notices. Keys are prefixed 'notices.'; the Korean twin is ../ko/notices.ts.
import type { Catalogue } from '../catalogue.ts';

export const noticesEn = {
} as const satisfies Catalogue;
