// English messages: http. Keys are prefixed 'http.'; the Korean twin is ../ko/http.ts.
import type { Catalogue } from '../catalogue.ts';

export const httpEn = {
} as const satisfies Catalogue;
