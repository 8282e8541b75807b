// Who may run what. Levels come from Discord role ids (viewer < operator < admin); defaults follow the
// command's risk class: read needs viewer, change needs operator and a confirmation, critical needs admin
// and a second person's approval. A policy file may override any of it per command.
import type { CommandSpec, Risk } from './catalog.ts';
import type { Actor, Via } from './ports.ts';
import { msg, type Message } from '../i18n/message.ts';
import { quoted } from './quote.ts';

export const LEVELS = ['none', 'viewer', 'operator', 'admin'] as const;
export type Level = (typeof LEVELS)[number];

export interface CommandRule {
  minLevel: Exclude<Level, 'none'>;
  confirm: boolean;
  approval: boolean;
  approvals: number;
  /** exec only: the command lines allowed, as anchored regular expressions. */
  allow?: RegExp[] | undefined;
}

export interface RoleConfig {
  viewer: readonly string[];
  operator: readonly string[];
  admin: readonly string[];
  approver: readonly string[];
}

export const DEFAULT_RULES: Record<Risk, CommandRule> = {
  read: { minLevel: 'viewer', confirm: false, approval: false, approvals: 0 },
  change: { minLevel: 'operator', confirm: true, approval: false, approvals: 0 },
  critical: { minLevel: 'admin', confirm: false, approval: true, approvals: 1 },
};

export type Decision =
  | { kind: 'allow'; rule: CommandRule }
  | { kind: 'deny'; reason: Message; rule: CommandRule }
  | { kind: 'confirm'; rule: CommandRule }
  | { kind: 'approve'; rule: CommandRule };

export interface Policy {
  levelOf(actor: Actor, via: Via): Level;
  isApprover(actor: Actor, via: Via): boolean;
  rule(spec: CommandSpec): CommandRule;
  /** The decision for this actor and command as of now; roles are read from the actor every time. */
  evaluate(input: { spec: CommandSpec; params: Record<string, unknown>; actor: Actor; via: Via }): Decision;
}

const rank = (l: Level) => LEVELS.indexOf(l);

/** The policy, whose POLICY_FILE rules can be replaced while mserver runs (SIGHUP). */
export interface ReloadablePolicy extends Policy {
  /** Every decision from now on (a tick, a click, an approval's re-check) uses these rules. */
  replaceRules(next: Partial<Record<string, Partial<CommandRule>>>): void;
}

export function createPolicy(roles: RoleConfig, initial: Partial<Record<string, Partial<CommandRule>>> = {}): ReloadablePolicy {
  let overrides = initial;
  const noRolesConfigured = roles.viewer.length + roles.operator.length + roles.admin.length === 0;

  function levelOf(actor: Actor, via: Via): Level {
    // Someone at the server's own console already holds the machine; schedules and mserver itself act
    // with the level checked when they were set up.
    if (via === 'console' || via === 'system') return 'admin';
    // An API token's level was worked out per call (token capped by owner, src/core/api-tokens.ts).
    if (via === 'http' || via === 'web') return actor.level ?? 'none';
    const held = new Set(actor.roles ?? []);
    if (roles.admin.some((r) => held.has(r))) return 'admin';
    if (noRolesConfigured && actor.discordAdmin === true) return 'admin';
    if (roles.operator.some((r) => held.has(r))) return 'operator';
    if (roles.viewer.some((r) => held.has(r))) return 'viewer';
    return 'none';
  }

  function rule(spec: CommandSpec): CommandRule {
    const base = DEFAULT_RULES[spec.risk];
    const o = overrides[spec.name] ?? {};
    return { ...base, ...o, allow: o.allow ?? (spec.name === 'exec' ? [] : undefined) };
  }

  return {
    replaceRules(next) {
      overrides = next;
    },
    levelOf,
    isApprover(actor, via) {
      if (via === 'console') return true;
      if (via === 'http' || via === 'web') return actor.approver === true;
      const held = new Set(actor.roles ?? []);
      if (roles.approver.length === 0) return levelOf(actor, via) === 'admin';
      return roles.approver.some((r) => held.has(r));
    },
    rule,
    evaluate({ spec, params, actor, via }) {
      const r = rule(spec);
      const level = levelOf(actor, via);
      if (rank(level) < rank(r.minLevel)) {
        const names = roles[r.minLevel];
        const variable = `ROLE_${r.minLevel.toUpperCase()}_IDS${names.length ? `: ${names.map((id) => `<@&${id}>`).join(' ')}` : ''}`;
        const which = via === 'http'
          ? msg('core.policy.needsLevelToken', { level: r.minLevel })
          : noRolesConfigured
          ? msg('core.policy.noRoles')
          : r.minLevel !== 'admin'
          ? msg('core.policy.needsLevelOrHigher', { level: r.minLevel, roles: variable })
          : msg('core.policy.needsLevel', { level: r.minLevel, roles: variable });
        return { kind: 'deny', rule: r, reason: msg('core.policy.denied', { command: spec.name, level, which }) };
      }
      if (r.allow !== undefined) {
        const line = String(params.command ?? '');
        if (!r.allow.some((re) => re.test(line))) {
          const reason =
            r.allow.length === 0
              ? msg('core.policy.execNoneAllowed')
              : msg('core.policy.execNotAllowed', { line: quoted(line) });
          return { kind: 'deny', rule: r, reason };
        }
      }
      // At the server's console there is no second person to ask: whoever holds it holds the database and
      // the tokens. It gets the typed confirmation instead, and the audit trail says so.
      if (r.approval && r.approvals > 0) return via === 'console' ? { kind: 'confirm', rule: r } : { kind: 'approve', rule: r };
      if (r.confirm) return { kind: 'confirm', rule: r };
      return { kind: 'allow', rule: r };
    },
  };
}
