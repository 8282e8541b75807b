// `api-token add|list|revoke` at the console: API tokens for the HTTP API. A token belongs to a person:
// the console's operator, or the Discord member named with --owner (whose roles then cap the token at
// every call). The token is printed once; mserver keeps only its hash.
import { parseExpiry, type ApiTokens } from '../../core/api-tokens.ts';
import { UserError } from '../../core/errors.ts';
import type { Actor } from '../../core/ports.ts';
import { timeText } from '../format/time-text.ts';

export const API_TOKEN_USAGE = 'usage: api-token add <name> <viewer|operator|admin> [--approver] [--owner <discord user id>] [--expires 90d|never] | api-token list | api-token revoke <name>';

export interface ApiTokenVerbsDeps {
  tokens: ApiTokens;
  actor: Actor;
  print(line: string): void;
  /** Token changes go to the audit trail, as in Discord. */
  audit(kind: 'api_token_added' | 'api_token_revoked', detail: Record<string, unknown>): void;
}

export function createApiTokenVerbs(deps: ApiTokenVerbsDeps) {
  const { tokens, actor, print } = deps;

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
        if (v === undefined) throw new UserError('bad_input', `${a} needs a value. ${API_TOKEN_USAGE}`);
        if (a === '--owner') owner = v;
        else expires = v;
      } else if (a.startsWith('--')) throw new UserError('bad_input', `Unknown option ${a.slice(0, 30)}. ${API_TOKEN_USAGE}`);
      else words.push(a);
    }
    if (words.length !== 2) throw new UserError('bad_input', API_TOKEN_USAGE);
    const { token, record } = tokens.add({
      name: words[0]!,
      level: words[1]!.toLowerCase(),
      approver,
      ownerId: owner ?? actor.id,
      ownerName: owner ? `Discord user ${owner}` : actor.name,
      createdBy: `${actor.name} via console`,
      expiresInMs: parseExpiry(expires),
    });
    deps.audit('api_token_added', { name: record.name, level: record.level, approver: record.approver, owner: record.ownerId });
    const until = record.expiresAt === null ? 'never expires' : `expires ${timeText(record.expiresAt)}`;
    print(`API token ${record.name}: ${record.level}${record.approver ? ', approver' : ''}, owner ${record.ownerName}, ${until}.`);
    print(`  token: ${token}`);
    print('  Shown this once: store it now (mserver keeps only its hash). Send it as "Authorization: Bearer <token>".');
    if (owner) print('  Each call is capped by what this Discord member may do at that moment (their roles now).');
  }

  function list(): void {
    const all = tokens.list();
    if (all.length === 0) return print('No API tokens yet: api-token add <name> <level> makes one.');
    for (const t of all) {
      const state = t.revokedAt !== null ? `revoked ${timeText(t.revokedAt)}` : t.expiresAt !== null && t.expiresAt <= Date.now() ? 'expired' : 'active';
      const until = t.expiresAt === null ? 'no expiry' : `until ${timeText(t.expiresAt)}`;
      const used = t.lastUsedAt === null ? 'never used' : `last used ${timeText(t.lastUsedAt)}`;
      print(`  ${t.name.padEnd(20)} ${t.level.padEnd(8)} ${t.approver ? 'approver ' : ''}owner ${t.ownerName} [${t.ownerId}]  ${state}, ${until}, ${used}`);
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
          if (rest.length !== 1) throw new UserError('bad_input', API_TOKEN_USAGE);
          const t = tokens.revoke(rest[0]!);
          deps.audit('api_token_revoked', { name: t.name });
          return print(`API token ${t.name} revoked: calls with it are refused from now on.`);
        }
        default:
          throw new UserError('bad_input', API_TOKEN_USAGE);
      }
    },
  };
}
