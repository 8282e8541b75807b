// The fleet enrolment token: MCLIENT_TOKEN, or one generated at the first start. A generated token is
// written once to a 0600 file beside the database (its path logged), never to a log stream; the database
// keeps only its hash. A plain token stored by an older mserver is moved to that file the same way.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config.ts';
import { hashToken } from './core/identity.ts';
import type { Clock } from './core/ports.ts';
import type { Logger } from './log.ts';
import type { Store } from './store/store.ts';
import { translate } from './i18n/translate.ts';

const LEGACY_PLAIN_SETTING = 'agent_token';
const HASH_SETTING = 'agent_token_hash';
export const TOKEN_FILE_NAME = 'enrolment-token';

export interface FleetTokens {
  /** sha256 (hex) of each accepted fleet token. */
  hashes: string[];
  /** The plain tokens mserver knows (for redaction only): MCLIENT_TOKEN, or the file's content. */
  plain: string[];
  source: 'none' | 'MCLIENT_TOKEN' | 'generated';
  /** Where a generated token is kept. */
  file: string | undefined;
}

export function tokenFilePath(databasePath: string): string {
  return join(dirname(resolve(databasePath)), TOKEN_FILE_NAME);
}

function writeTokenFile(path: string, token: string): void {
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  // The mode given to writeFileSync applies only when the file is created, and under the umask.
  chmodSync(path, 0o600);
}

function readTokenFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function fleetTokens(config: Config, store: Store, clock: Clock, log: Logger, notice: (line: string) => void): FleetTokens {
  if (config.mclient.tokens.length > 0) {
    return { hashes: config.mclient.tokens.map(hashToken), plain: config.mclient.tokens, source: 'MCLIENT_TOKEN', file: undefined };
  }
  const file = tokenFilePath(config.databasePath);
  const legacy = store.settings.get(LEGACY_PLAIN_SETTING);
  if (legacy) {
    // An older mserver kept the token in plain text: moved to the file once, only its hash stays.
    writeTokenFile(file, legacy);
    store.db.transaction(() => {
      store.settings.set(HASH_SETTING, hashToken(legacy), clock.now());
      store.settings.delete(LEGACY_PLAIN_SETTING);
    })();
    log.warn({ file }, 'the agent enrolment token was stored in plain text in the database: moved to this file (mode 0600); only its hash stays in the database');
  }
  if (config.mclient.auth === 'none') return { hashes: [], plain: [], source: 'none', file: undefined };
  const stored = store.settings.get(HASH_SETTING);
  if (stored) {
    const plain = readTokenFile(file);
    return { hashes: [stored], plain: plain && hashToken(plain) === stored ? [plain] : [], source: 'generated', file };
  }
  const token = randomBytes(32).toString('base64url');
  writeTokenFile(file, token);
  store.settings.set(HASH_SETTING, hashToken(token), clock.now());
  notice(translate(config.locale.channels, 'startup.tokenGenerated', { file }));
  log.info({ file }, 'agent enrolment token generated and written to this file (mode 0600); the database keeps only its hash');
  return { hashes: [hashToken(token)], plain: [token], source: 'generated', file };
}
