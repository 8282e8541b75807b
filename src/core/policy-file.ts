// The optional policy file (POLICY_FILE): per-command overrides of the defaults, the exec allow-list and
// how long confirmations and approvals wait. Parsed strictly, with one clear line per problem, because
// a typo here silently weakening a guard would be worse than refusing to start.
import { z } from 'zod';
import { msg, type Message } from '../i18n/message.ts';
import { COMMAND_NAMES } from './catalog.ts';
import type { CommandRule } from './policy.ts';
import { allowPatternRisk } from './allow-pattern-risk.ts';

export interface PolicyFile {
  rules: Partial<Record<string, Partial<CommandRule>>>;
  confirmTtlMs: number;
  approvalTtlMs: number;
  /** Allowed, but probably not meant: an exec pattern that admits any command or shell metacharacters. */
  warnings: string[];
}

export const DEFAULT_CONFIRM_TTL_S = 60;
export const DEFAULT_APPROVAL_TTL_S = 15 * 60;

const Rule = z.strictObject({
  level: z.enum(['viewer', 'operator', 'admin']).optional(),
  confirm: z.boolean().optional(),
  approval: z.boolean().optional(),
  approvals: z.number().int().min(1).max(10).optional(),
  allow: z.array(z.string().min(1).max(500)).max(200).optional(),
});

const Top = z.strictObject({
  $schema: z.string().optional(),
  commands: z.record(z.string(), z.unknown()).optional(),
  confirmTtlSeconds: z.number().int().min(1).max(3600).optional(),
  approvalTtlSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
});

/** Problems are Messages: an operator reads them at start-up (and in `mserver doctor`) in MSERVER_LOCALE. */
export type PolicyFileResult = { ok: true; policy: PolicyFile } | { ok: false; problems: Message[] };

type Issues = ReadonlyArray<{ path: PropertyKey[]; message: string }>;
const where = (prefix: string[], path: PropertyKey[]): string | Message => [...prefix, ...path.map(String)].join('.') || msg('core.policyFile.topLevel');

/**
 * Every mistake of the file in one run: the top level, then each command's rule on its own, so a typo
 * in one rule does not hide the others (one per run was a slow way to fix a file).
 */
export function parsePolicyFile(text: string, source: string): PolicyFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [msg('core.policyFile.badJson', { source, error: (err as Error).message })] };
  }
  const problems: Message[] = [];
  const report = (prefix: string[], issues: Issues) => {
    // zod's own wording of the issue stays as zod gives it (a value in the message, not a sentence of ours).
    for (const i of issues) problems.push(msg('core.policyFile.issue', { source, where: where(prefix, i.path), issue: i.message }));
  };
  const top = Top.safeParse(json);
  if (!top.success) report([], top.error.issues);
  const file = (top.success ? top.data : typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {}) as z.infer<typeof Top>;
  const commands = typeof file.commands === 'object' && file.commands !== null && !Array.isArray(file.commands) ? file.commands : {};
  const rules: PolicyFile['rules'] = {};
  const warnings: string[] = [];
  for (const [name, raw] of Object.entries(commands)) {
    if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
      problems.push(msg('core.policyFile.notCommand', { source, name, commands: COMMAND_NAMES.join(', ') }));
      continue;
    }
    const parsed = Rule.safeParse(raw);
    if (!parsed.success) {
      report(['commands', name], parsed.error.issues);
      continue;
    }
    const rule = parsed.data;
    if (rule.allow !== undefined && name !== 'exec') {
      problems.push(msg('core.policyFile.allowExecOnly', { source, name }));
      continue;
    }
    const allow: RegExp[] = [];
    for (const [n, pattern] of (rule.allow ?? []).entries()) {
      try {
        // Each pattern must match the whole command line: "df -h" does not allow "df -h; rm -rf /".
        allow.push(new RegExp(`^(?:${pattern})$`));
      } catch (err) {
        problems.push(msg('core.policyFile.badPattern', { source, name, n: String(n), error: (err as Error).message }));
        continue;
      }
      const risk = allowPatternRisk(pattern);
      if (risk) warnings.push(`${source}: commands.${name}.allow[${n}] ${JSON.stringify(pattern)} ${risk}`);
    }
    rules[name] = {
      ...(rule.level ? { minLevel: rule.level } : {}),
      ...(rule.confirm !== undefined ? { confirm: rule.confirm } : {}),
      ...(rule.approval !== undefined ? { approval: rule.approval, approvals: rule.approval ? (rule.approvals ?? 1) : 0 } : rule.approvals !== undefined ? { approvals: rule.approvals } : {}),
      ...(rule.allow !== undefined ? { allow } : {}),
    };
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    policy: {
      rules,
      confirmTtlMs: (file.confirmTtlSeconds ?? DEFAULT_CONFIRM_TTL_S) * 1000,
      approvalTtlMs: (file.approvalTtlSeconds ?? DEFAULT_APPROVAL_TTL_S) * 1000,
      warnings,
    },
  };
}

export const DEFAULT_POLICY_FILE: PolicyFile = {
  rules: {},
  confirmTtlMs: DEFAULT_CONFIRM_TTL_S * 1000,
  approvalTtlMs: DEFAULT_APPROVAL_TTL_S * 1000,
  warnings: [],
};
