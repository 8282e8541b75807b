// `api-token add|list|revoke` at the console: API tokens for the HTTP API. A token belongs to a person:
// the console's operator, or the Discord member named with --owner (whose roles then cap the token at
// every call). The token is printed once; mserver keeps only its hash.
import { parseExpiry, type ApiTokens } from '../../core/api-tokens.ts';
import { UserError } from '../../core/errors.ts';
import type { Actor } from '../../core/ports.ts';
import { timeText } from '../format/time-text.ts';
import { msg } from '../../i18n/message.ts';
import { translate, translator, type Translator } from '../../i18n/translate.ts';


export interface ApiTokenVerbsDeps {
  tokens: ApiTokens;
  actor: Actor;
  print(line: string): void;
  /** The console's language; English when not given. */
  t?: Translator;
  /** Token changes go to the audit trail, as in Discord. */
  audit(kind: 'api_token_added' | 'api_token_revoked', detail: Record<string, unknown>): void;
}

export function createApiTokenVerbs(deps: ApiTokenVerbsDeps) {
  const { tokens, actor, print } = deps;
  const t = deps.t ?? translator('en');
  const usage = () => t('console.apiToken.usage');

  function add(args: string[]): void {
    const words: string[] = [];
    let approver = false;
    let owner: string | undefined;
    let expires = '90d';
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--approver') approver = true;
      else if (a === '--owner' || a === '--expires') {
        const v = args[++i];
        if (v === undefined) throw new UserError('bad_input', msg('console.apiToken.needsValue', { option: a, usage: usage() }));
        if (a === '--owner') owner = v;
        else expires = v;
      } else if (a.startsWith('--')) throw new UserError('bad_input', msg('console.apiToken.unknownOption', { option: a.slice(0, 30), usage: usage() }));
      else words.push(a);
    }
    if (words.length !== 2) throw new UserError('bad_input', msg('console.apiToken.usage'));
    const { token, record } = tokens.add({
      name: words[0]!,
      level: words[1]!.toLowerCase(),
      approver,
      ownerId: owner ?? actor.id,
      ownerName: owner ? translate('en', 'console.apiToken.ownerDiscord', { id: owner }) : actor.name,
      createdBy: `${actor.name} via console`, // i18n-exempt: a stored record, read back in any language
      expiresInMs: parseExpiry(expires),
    });
    deps.audit('api_token_added', { name: record.name, level: record.level, approver: record.approver, owner: record.ownerId });
    const until = record.expiresAt === null ? t('console.apiToken.neverExpires') : t('console.apiToken.expires', { time: timeText(record.expiresAt) });
    print(t('console.apiToken.added', { name: record.name, level: record.level, approver: record.approver ? t('console.apiToken.approver') : '', owner: record.ownerName, until }));
    print(t('console.apiToken.tokenLine', { token }));
    print(t('console.apiToken.shownOnce'));
    if (owner) print(t('console.apiToken.capped'));
  }

  function list(): void {
    const all = tokens.list();
    if (all.length === 0) return print(t('console.apiToken.none'));
    for (const k of all) {
      const state = k.revokedAt !== null ? t('console.apiToken.revokedAt', { time: timeText(k.revokedAt) }) : k.expiresAt !== null && k.expiresAt <= Date.now() ? t('console.apiToken.expired') : t('console.apiToken.active');
      const until = k.expiresAt === null ? t('console.apiToken.noExpiry') : t('console.apiToken.until', { time: timeText(k.expiresAt) });
      const used = k.lastUsedAt === null ? t('console.apiToken.neverUsed') : t('console.apiToken.lastUsed', { time: timeText(k.lastUsedAt) });
      print(t('console.apiToken.row', { name: k.name.padEnd(20), level: k.level.padEnd(8), approver: k.approver ? t('console.apiToken.approverMark') : '', owner: k.ownerName, ownerId: k.ownerId, state, until, used }));
    }
  }

  return {
    handle(args: string[]): void {
      const [verb = '', ...rest] = args;
      switch (verb.toLowerCase()) {
        case 'add':
          return add(rest);
        case 'list':
        case 'ls':
        case '':
          return list();
        case 'revoke': {
          if (rest.length !== 1) throw new UserError('bad_input', msg('console.apiToken.usage'));
          const revoked = tokens.revoke(rest[0]!);
          deps.audit('api_token_revoked', { name: revoked.name });
          return print(t('console.apiToken.revoked', { name: revoked.name }));
        }
        default:
          throw new UserError('bad_input', msg('console.apiToken.usage'));
      }
    },
  };
}
