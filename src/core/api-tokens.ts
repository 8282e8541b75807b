// API tokens that belong to a person. A token carries a level and maybe the approver right, but it never
// gives more than its owner holds *now*: each call reads the owner's level again (a Discord member's
// roles through MemberRoles, failing closed when Discord cannot be asked). The token itself is shown
// once; only its SHA-256 is stored, so a copy of the database lets nobody call the API.
import { createHash, randomBytes } from 'node:crypto';
import { msg, type Message } from '../i18n/message.ts';
import { UserError } from './errors.ts';
import type { MemberRoles } from './member-roles.ts';
import { LEVELS, type Level, type Policy } from './policy.ts';
import type { Actor, Clock } from './ports.ts';

export type TokenLevel = Exclude<Level, 'none'>;
export const TOKEN_LEVELS: readonly TokenLevel[] = ['viewer', 'operator', 'admin'];

export interface ApiTokenRecord {
  id: number;
  name: string;
  level: TokenLevel;
  approver: boolean;
  /** A Discord user id, or `console:<user>` for a token made at the console without --owner. */
  ownerId: string;
  ownerName: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface NewApiToken {
  name: string;
  hash: string;
  level: TokenLevel;
  approver: boolean;
  ownerId: string;
  ownerName: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
}

/** What the store offers (src/store/api-tokens-repo.ts implements it). */
export interface ApiTokensRepo {
  add(t: NewApiToken): number;
  byHash(hash: string): ApiTokenRecord | undefined;
  activeByName(name: string): ApiTokenRecord | undefined;
  list(): ApiTokenRecord[];
  revoke(id: number, at: number): boolean;
  touch(id: number, at: number): void;
}

/** Who is calling: the owner, acting through this token, at the level both allow now. */
export interface Principal {
  /** For a dashboard session ('web'): the session seen as a token (a negative id, named `web`). */
  token: ApiTokenRecord;
  actor: Actor;
  level: Level;
  approver: boolean;
  via: 'http' | 'web';
}

export const TOKEN_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;
const TOKEN_PREFIX = 'mst_';
const TOKEN_SHAPE = /^mst_[A-Za-z0-9_-]{43}$/;
const CONSOLE_OWNER = /^console:/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `90d`, `12h`, `30m` or `never`: how long a token lives. */
export function parseExpiry(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'never') return null;
  const m = /^(\d{1,5})([mhdw])$/.exec(t);
  if (!m) throw new UserError('bad_input', msg('core.token.badExpiry', { got: text.slice(0, 20) }));
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  const ms = Number(m[1]) * unit;
  if (ms <= 0 || ms > 5 * 365 * 86_400_000) throw new UserError('bad_input', msg('core.token.expiryRange'));
  return ms;
}

const rank = (l: Level) => LEVELS.indexOf(l);
export const lowerLevel = (a: Level, b: Level): Level => (rank(a) <= rank(b) ? a : b);

export interface ApiTokensDeps {
  repo: ApiTokensRepo;
  clock: Clock;
  /** The chat platform's word on a Discord owner now; absent: Discord is off, so Discord owners are refused. */
  memberRoles?: MemberRoles | undefined;
  policy?: Policy | undefined;
}

export interface AddTokenInput {
  name: string;
  level: string;
  approver: boolean;
  ownerId: string;
  ownerName: string;
  createdBy: string;
  /** Milliseconds from now; null: never expires. */
  expiresInMs: number | null;
}

export function createApiTokens(deps: ApiTokensDeps) {
  const { repo, clock } = deps;

  function unauthorized(message: Message): never {
    throw new UserError('unauthorized', message);
  }

  return {
    /** Makes a token; the returned `token` is the only time anyone sees it. */
    add(input: AddTokenInput): { token: string; record: ApiTokenRecord } {
      const name = input.name.trim();
      if (!TOKEN_NAME.test(name)) throw new UserError('bad_input', msg('core.token.badName'));
      if (!(TOKEN_LEVELS as readonly string[]).includes(input.level)) throw new UserError('bad_input', msg('core.token.badLevel', { levels: TOKEN_LEVELS.join(', '), got: input.level.slice(0, 20) }));
      if (!CONSOLE_OWNER.test(input.ownerId) && !/^\d{17,20}$/.test(input.ownerId)) throw new UserError('bad_input', msg('core.token.badOwner'));
      if (repo.activeByName(name)) throw new UserError('conflict', msg('core.token.exists', { name }));
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const at = clock.now();
      const id = repo.add({
        name,
        hash: hashToken(token),
        level: input.level as TokenLevel,
        approver: input.approver,
        ownerId: input.ownerId,
        ownerName: input.ownerName.slice(0, 100),
        createdBy: input.createdBy,
        createdAt: at,
        expiresAt: input.expiresInMs === null ? null : at + input.expiresInMs,
      });
      return { token, record: repo.list().find((t) => t.id === id)! };
    },

    list: () => repo.list(),

    revoke(name: string): ApiTokenRecord {
      const t = repo.activeByName(name.trim());
      if (!t) throw new UserError('not_found', msg('core.token.notFound', { name: name.trim().slice(0, 64) }));
      repo.revoke(t.id, clock.now());
      return t;
    },

    /** The principal behind a bearer token, or a UserError: 'unauthorized' (401) or 'unavailable' (503). */
    async authenticate(token: string | undefined): Promise<Principal> {
      if (token === undefined || token === '') unauthorized(msg('core.token.missing'));
      if (!TOKEN_SHAPE.test(token)) unauthorized(msg('core.token.invalid'));
      const record = repo.byHash(hashToken(token));
      if (!record) unauthorized(msg('core.token.invalid'));
      if (record.revokedAt !== null) unauthorized(msg('core.token.revoked', { name: record.name, at: new Date(record.revokedAt).toISOString() }));
      const now = clock.now();
      if (record.expiresAt !== null && now >= record.expiresAt) unauthorized(msg('core.token.expired', { name: record.name, at: new Date(record.expiresAt).toISOString() }));
      const owner = await ownerNow(record);
      repo.touch(record.id, now);
      const level = lowerLevel(record.level, owner.level);
      return {
        via: 'http',
        token: record,
        level,
        approver: record.approver && owner.approver && level !== 'none',
        actor: { id: record.ownerId, name: `${owner.name} (token ${record.name})`, level, approver: record.approver && owner.approver },
      };
    },
  };

  /** The owner's level and approver right as of now. */
  async function ownerNow(t: ApiTokenRecord): Promise<{ level: Level; approver: boolean; name: string }> {
    // The console's operator holds the machine (and the database): the console acts at admin level.
    if (CONSOLE_OWNER.test(t.ownerId)) return { level: 'admin', approver: true, name: t.ownerName };
    if (!deps.memberRoles || !deps.policy) {
      throw new UserError('unavailable', msg('core.token.noDiscord', { name: t.name }));
    }
    const found = await deps.memberRoles.lookup(t.ownerId);
    if (found.kind === 'unknown') {
      throw new UserError('unavailable', msg('core.token.ownerUnknown', { name: t.name, why: found.reason }));
    }
    if (found.kind === 'not_member') return { level: 'none', approver: false, name: t.ownerName };
    return {
      level: deps.policy.levelOf(found.actor, 'discord'),
      approver: deps.policy.isApprover(found.actor, 'discord'),
      name: found.actor.name || t.ownerName,
    };
  }
}

export type ApiTokens = ReturnType<typeof createApiTokens>;
