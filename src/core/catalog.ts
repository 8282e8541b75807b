// The twelve commands an mclient executes, their parameters and risk classes (PROTOCOL.md, "Commands").
// One table feeds validation (zod), the console's help and the Discord options, so they cannot drift.
import { z } from 'zod';
import { msg, type Message } from '../i18n/message.ts';
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
  /** What the parameter is, for help and Discord option descriptions, in the reader's language. */
  description: Message;
  /** Sent when the requester leaves the parameter out, so the agent's behaviour never depends on its own default. */
  default?: number;
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** How the pattern reads to a person. */
  patternHint?: Message;
  maxLength?: number;
  choices?: readonly string[];
}

export interface CommandSpec {
  name: CommandName;
  risk: Risk;
  description: Message;
  params: readonly ParamSpec[];
}

const container = (required: boolean): ParamSpec => ({
  name: 'container',
  kind: 'string',
  required,
  description: msg('core.param.container'),
  pattern: CONTAINER_PATTERN,
  patternHint: msg('core.rule.container'),
});

const stash: ParamSpec = {
  name: 'stash',
  kind: 'string',
  required: false,
  description: msg('core.param.stash'),
  pattern: /^[1-9A-HJ-NP-Za-km-z]{40,60}$/,
  patternHint: msg('core.rule.ss58'),
};

export const COMMAND_SPECS: readonly CommandSpec[] = [
  { name: 'status', risk: 'read', description: msg('core.command.status'), params: [container(false)] },
  {
    name: 'logs',
    risk: 'read',
    description: msg('core.command.logs'),
    params: [
      container(true),
      { name: 'lines', kind: 'integer', required: false, default: 100, min: 1, max: 5000, description: msg('core.param.lines') },
      {
        name: 'since',
        kind: 'string',
        required: false,
        description: msg('core.param.since'),
        pattern: /^\d{1,6}[smhd]$/,
        patternHint: msg('core.rule.duration'),
      },
    ],
  },
  { name: 'check_keys', risk: 'read', description: msg('core.command.check_keys'), params: [container(true), stash] },
  {
    name: 'has_session_keys',
    risk: 'read',
    description: msg('core.command.has_session_keys'),
    params: [
      container(true),
      {
        name: 'session_keys',
        kind: 'string',
        required: true,
        description: msg('core.param.session_keys'),
        pattern: /^0x([0-9a-fA-F]{2})+$/,
        patternHint: msg('core.rule.hex'),
        maxLength: 2048,
      },
    ],
  },
  {
    name: 'has_key',
    risk: 'read',
    description: msg('core.command.has_key'),
    params: [
      container(true),
      { name: 'key_type', kind: 'choice', required: true, description: msg('core.param.key_type'), choices: KEY_TYPES },
      {
        name: 'public_key',
        kind: 'string',
        required: true,
        description: msg('core.param.public_key'),
        pattern: /^0x[0-9a-fA-F]{64,66}$/,
        patternHint: msg('core.rule.publicKey'),
      },
    ],
  },
  { name: 'start', risk: 'change', description: msg('core.command.start'), params: [container(true)] },
  {
    name: 'restart',
    risk: 'change',
    description: msg('core.command.restart'),
    params: [
      container(true),
      { name: 'stop_timeout_s', kind: 'integer', required: false, default: 60, min: 10, max: 600, description: msg('core.param.stop_timeout_s') },
      // mserver's own (rolling-restart.ts): one agent at a time, each healthy before the next; never sent to agents.
      { name: 'rolling', kind: 'choice', required: false, choices: ['true', 'false'], description: msg('core.param.rolling') },
    ],
  },
  {
    name: 'payout',
    risk: 'change',
    description: msg('core.command.payout'),
    params: [
      stash,
      { name: 'eras', kind: 'integer_list', required: false, min: 0, max: 1_000_000, description: msg('core.param.eras') },
      { name: 'max_eras', kind: 'integer', required: false, default: 4, min: 1, max: 84, description: msg('core.param.max_eras') },
    ],
  },
  {
    name: 'stop',
    risk: 'critical',
    description: msg('core.command.stop'),
    params: [container(true), { name: 'reason', kind: 'string', required: false, maxLength: 500, description: msg('core.param.reason') }],
  },
  { name: 'rotate_keys', risk: 'critical', description: msg('core.command.rotate_keys'), params: [container(true)] },
  { name: 'backup_keys', risk: 'critical', description: msg('core.command.backup_keys'), params: [container(true)] },
  {
    name: 'exec',
    risk: 'critical',
    description: msg('core.command.exec'),
    params: [
      container(true),
      {
        name: 'command',
        kind: 'string',
        required: true,
        maxLength: 1000,
        description: msg('core.param.command'),
        // Printable characters only: a line break, a NUL or another control character could end the
        // allow-listed command and start another in whatever reads it on the host (issue 14).
        pattern: /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u,
        patternHint: msg('core.rule.commandLine'),
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

/** A refusal lists each problem as a Message, so the same rule reads in Korean or English as it is typed. */
export type ParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; problems: Message[] };

/** The rule a value of `p` follows, as a person reads it. Bounds stay digits (`5000`), as they are typed. */
export function ruleOf(p: ParamSpec): Message {
  switch (p.kind) {
    case 'integer':
      return msg('core.rule.integer', { min: String(p.min), max: String(p.max) });
    case 'integer_list':
      return msg('core.rule.integerList');
    case 'choice':
      return msg('core.rule.choice', { choices: (p.choices ?? []).join(', ') });
    case 'string':
      return p.patternHint ?? msg('core.rule.text', { max: String(p.maxLength ?? 1000) });
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
        return { ok: false, problems: [msg('core.params.notObject')] };
      }
      const input = (raw ?? {}) as Record<string, unknown>;
      const fields = schemas.get(spec.name)!;
      const problems: Message[] = [];
      const params: Record<string, unknown> = {};
      for (const key of Object.keys(input)) {
        if (!fields.has(key)) {
          const names = spec.params.map((p) => p.name).join(', ');
          const allowed = names ? msg('core.params.allowed', { names }) : msg('core.params.allowedNone');
          problems.push(msg('core.params.unknown', { name: key.length > 80 ? quoted(key) : key, command: spec.name, allowed }));
        }
      }
      for (const p of spec.params) {
        const value = Object.hasOwn(input, p.name) ? input[p.name] : undefined;
        if (value === undefined || value === null || value === '') {
          if (p.required) problems.push(msg('core.params.required', { name: p.name, rule: ruleOf(p) }));
          else if (p.default !== undefined) params[p.name] = p.default;
          continue;
        }
        const parsed = fields.get(p.name)!.safeParse(value);
        if (parsed.success) params[p.name] = parsed.data;
        else problems.push(msg('core.params.invalid', { name: p.name, rule: ruleOf(p), value: describeValue(value) }));
      }
      return problems.length > 0 ? { ok: false, problems } : { ok: true, params };
    },
  };
}
