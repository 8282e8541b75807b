// Types of scripts/build-web.mjs for the TypeScript that imports it (the test helpers).
export function webIsStale(): boolean;
export function buildWeb(opts?: { ifStale?: boolean }): Promise<boolean>;
