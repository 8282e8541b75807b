// The twelve commands an mclient executes, their parameters and risk classes (PROTOCOL.md, "Commands").
// One table feeds validation (zod), the console's help and the Discord options, so they cannot drift.
import { z } from 'zod';
import { quoted } from './quote.ts';

export const COMMAND_NAMES = [
  'status',
  'logs',
  'check_keys',
  'has_session_keys',
  'has_key',
  'start',
  'restart',
  'payout',
  'stop',
  'rotate_keys',
  'backup_keys',
  'exec',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
export type Risk = 'read' | 'change' | 'critical';

export const KEY_TYPES = ['babe', 'gran', 'aura', 'para', 'asgn', 'audi', 'beef', 'imon'] as const;

export const CONTAINER_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export interface ParamSpec {
  name: string;
  kind: 'string' | 'integer' | 'integer_list' | 'choice';
  required: boolean;
  description: string;
  /** Sent when the requester leaves the parameter out, so the agent's behaviour never depends on its own default. */
  default?: number;
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** How the pattern reads to a person. */
  patternHint?: string;
  maxLength?: number;
  choices?: readonly string[];
}

export interface CommandSpec {
  name: CommandName;
  risk: Risk;
  description: string;
  params: readonly ParamSpec[];
}

const container = (required: boolean): ParamSpec => ({
  name: 'container',
  kind: 'string',
  required,
  description: 'Docker container of the node',
  pattern: CONTAINER_PATTERN,
  patternHint: 'a container name: a letter or digit, then up to 127 of letters, digits, _ . -',
});

const stash: ParamSpec = {
  name: 'stash',
  kind: 'string',
  required: false,
  description: 'validator stash address (SS58)',
  pattern: /^[1-9A-HJ-NP-Za-km-z]{40,60}$/,
  patternHint: 'an SS58 address (base58, 40 to 60 characters)',
};

export const COMMAND_SPECS: readonly CommandSpec[] = [
  { name: 'status', risk: 'read', description: 'Node state, version, blocks, peers, sync, keys, unclaimed eras', params: [container(false)] },
  {
    name: 'logs',
    risk: 'read',
    description: 'Recent container log lines',
    params: [
      container(true),
      { name: 'lines', kind: 'integer', required: false, default: 100, min: 1, max: 5000, description: 'how many lines (1-5000)' },
      {
        name: 'since',
        kind: 'string',
        required: false,
        description: 'only lines newer than this, like 42m, 2h, 1d',
        pattern: /^\d{1,6}[smhd]$/,
        patternHint: 'a duration like 30s, 42m, 2h or 1d',
      },
    ],
  },
  { name: 'check_keys', risk: 'read', description: 'Whether the node holds the on-chain session keys', params: [container(true), stash] },
  {
    name: 'has_session_keys',
    risk: 'read',
    description: 'Whether the node holds these session keys',
    params: [
      container(true),
      {
        name: 'session_keys',
        kind: 'string',
        required: true,
        description: 'the concatenated public session keys, 0x...',
        pattern: /^0x([0-9a-fA-F]{2})+$/,
        patternHint: 'hex bytes starting with 0x',
        maxLength: 2048,
      },
    ],
  },
  {
    name: 'has_key',
    risk: 'read',
    description: 'Whether the keystore holds one public key of a type',
    params: [
      container(true),
      { name: 'key_type', kind: 'choice', required: true, description: 'key type', choices: KEY_TYPES },
      {
        name: 'public_key',
        kind: 'string',
        required: true,
        description: 'public key, 0x + 64 to 66 hex digits',
        pattern: /^0x[0-9a-fA-F]{64,66}$/,
        patternHint: '0x followed by 64 to 66 hex digits',
      },
    ],
  },
  { name: 'start', risk: 'change', description: 'Start the container', params: [container(true)] },
  {
    name: 'restart',
    risk: 'change',
    description: 'Restart the container',
    params: [
      container(true),
      { name: 'stop_timeout_s', kind: 'integer', required: false, default: 60, min: 10, max: 600, description: 'seconds to wait for a clean stop (10-600)' },
      // mserver's own (rolling-restart.ts): one agent at a time, each healthy before the next; never sent to agents.
      { name: 'rolling', kind: 'choice', required: false, choices: ['true', 'false'], description: 'one agent at a time, each healthy before the next' },
    ],
  },
  {
    name: 'payout',
    risk: 'change',
    description: 'Claim unclaimed staking rewards',
    params: [
      stash,
      { name: 'eras', kind: 'integer_list', required: false, min: 0, max: 1_000_000, description: 'eras to claim, like 1510,1511' },
      { name: 'max_eras', kind: 'integer', required: false, default: 4, min: 1, max: 84, description: 'at most this many eras (1-84)' },
    ],
  },
  {
    name: 'stop',
    risk: 'critical',
    description: 'Stop the container (the validator stops earning era points)',
    params: [container(true), { name: 'reason', kind: 'string', required: false, maxLength: 500, description: 'why (kept in the audit trail)' }],
  },
  { name: 'rotate_keys', risk: 'critical', description: 'Generate new session keys on the node', params: [container(true)] },
  { name: 'backup_keys', risk: 'critical', description: 'Back up the keystore on the host (only path, size and digest are shown)', params: [container(true)] },
  {
    name: 'exec',
    risk: 'critical',
    description: 'Run an allow-listed command in the container',
    params: [
      container(true),
      {
        name: 'command',
        kind: 'string',
        required: true,
        maxLength: 1000,
        description: 'the command line',
        // Printable characters only: a line break, a NUL or another control character could end the
        // allow-listed command and start another in whatever reads it on the host (issue 14).
        pattern: /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u,
        patternHint: 'a command line of printable characters (no line break, tab, NUL or other control character)',
      },
    ],
  },
];

export interface Catalog {
  readonly commands: readonly CommandSpec[];
  get(name: string): CommandSpec | undefined;
  /** Validates and normalises parameters: defaults filled in, numbers from text, unknown names refused. */
  parseParams(spec: CommandSpec, raw: unknown): ParamsResult;
}

export type ParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; problems: string[] };

export function ruleOf(p: ParamSpec): string {
  switch (p.kind) {
    case 'integer':
      return `an integer from ${p.min} to ${p.max}`;
    case 'integer_list':
      return 'a list of integers, like 1510,1511 or [1510,1511]';
    case 'choice':
      return `one of ${(p.choices ?? []).join(', ')}`;
    case 'string':
      return p.patternHint ?? `text of at most ${p.maxLength ?? 1000} characters`;
  }
}

const INTEGER_TEXT = /^\s*-?\d+\s*$/;

function fieldSchema(p: ParamSpec): z.ZodType {
  switch (p.kind) {
    case 'integer':
      return z.preprocess(
        (v) => (typeof v === 'string' && INTEGER_TEXT.test(v) ? Number(v) : v),
        z.number().int().min(p.min ?? Number.MIN_SAFE_INTEGER).max(p.max ?? Number.MAX_SAFE_INTEGER),
      );
    case 'integer_list':
      return z.preprocess(
        (v) => {
          if (typeof v === 'number') return [v];
          if (typeof v !== 'string') return v;
          const text = v.trim().replace(/^\[|\]$/g, '').trim();
          if (text === '') return [];
          return text.split(/[\s,]+/).map((s) => (INTEGER_TEXT.test(s) ? Number(s) : s));
        },
        z.array(z.number().int().min(p.min ?? 0).max(p.max ?? Number.MAX_SAFE_INTEGER)).max(84),
      );
    case 'choice':
      // JSON callers (the HTTP API) send `"rolling": true`; typed input sends the word: both are the choice.
      return z.preprocess((v) => (typeof v === 'boolean' ? String(v) : v), z.enum(p.choices as [string, ...string[]]));
    case 'string': {
      let s = z.string().min(1).max(p.maxLength ?? 1000);
      if (p.pattern) s = s.regex(p.pattern);
      return s;
    }
  }
}

/** A value quoted back the one way typed input is (quote.ts): whole when short, else cut with its length. */
function describeValue(v: unknown): string {
  if (typeof v === 'string') return quoted(v);
  const text = JSON.stringify(v) ?? String(v);
  return text.length <= 80 ? text : quoted(text);
}

export function createCatalog(specs: readonly CommandSpec[] = COMMAND_SPECS): Catalog {
  const byName = new Map(specs.map((s) => [s.name as string, s]));
  const schemas = new Map(specs.map((s) => [s.name, new Map(s.params.map((p) => [p.name, fieldSchema(p)]))]));

  return {
    commands: specs,
    get: (name) => byName.get(name.trim().toLowerCase().replace(/-/g, '_')),
    parseParams(spec, raw) {
      if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
        return { ok: false, problems: ['parameters must be an object of name=value pairs'] };
      }
      const input = (raw ?? {}) as Record<string, unknown>;
      const fields = schemas.get(spec.name)!;
      const problems: string[] = [];
      const params: Record<string, unknown> = {};
      for (const key of Object.keys(input)) {
        if (!fields.has(key)) {
          const allowed = spec.params.map((p) => p.name).join(', ') || 'none';
          problems.push(`${key.length > 80 ? quoted(key) : key}: not a parameter of ${spec.name} (allowed: ${allowed})`);
        }
      }
      for (const p of spec.params) {
        const value = Object.hasOwn(input, p.name) ? input[p.name] : undefined;
        if (value === undefined || value === null || value === '') {
          if (p.required) problems.push(`${p.name}: required, ${ruleOf(p)}`);
          else if (p.default !== undefined) params[p.name] = p.default;
          continue;
        }
        const parsed = fields.get(p.name)!.safeParse(value);
        if (parsed.success) params[p.name] = parsed.data;
        else problems.push(`${p.name}: expected ${ruleOf(p)}, got ${describeValue(value)}`);
      }
      return problems.length > 0 ? { ok: false, problems } : { ok: true, params };
    },
  };
}
