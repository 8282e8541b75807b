import { render, type Message } from '../../../src/i18n/message.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCatalog } from '../../../src/core/catalog.ts';
import type { CommandSpec } from '../../../src/core/catalog.ts';
import { DEFAULT_RULES, createPolicy } from '../../../src/core/policy.ts';
import type { Decision, RoleConfig } from '../../../src/core/policy.ts';
import type { Actor, Via } from '../../../src/core/ports.ts';

const VIEWER = '100000000000000001';
const OPERATOR = '100000000000000002';
const ADMIN = '100000000000000003';
const APPROVER = '100000000000000004';
const OTHER = '100000000000000009';

const ROLES: RoleConfig = { viewer: [VIEWER], operator: [OPERATOR], admin: [ADMIN], approver: [] };
const NO_ROLES: RoleConfig = { viewer: [], operator: [], admin: [], approver: [] };

const catalog = createCatalog();
const spec = (name: string): CommandSpec => {
  const s = catalog.get(name);
  assert.ok(s);
  return s;
};

const actor = (roles: string[] = [], discordAdmin = false): Actor => ({ id: 'u1', name: 'alice', roles, discordAdmin });

function decide(policy: ReturnType<typeof createPolicy>, command: string, who: Actor, via: Via = 'discord', params: Record<string, unknown> = {}): Decision {
  return policy.evaluate({ spec: spec(command), params, actor: who, via });
}

describe('policy.levelOf', () => {
  const policy = createPolicy(ROLES);

  test('levels come from role ids', () => {
    assert.equal(policy.levelOf(actor([VIEWER]), 'discord'), 'viewer');
    assert.equal(policy.levelOf(actor([OPERATOR]), 'discord'), 'operator');
    assert.equal(policy.levelOf(actor([ADMIN]), 'discord'), 'admin');
  });

  test('the highest held role wins', () => {
    assert.equal(policy.levelOf(actor([VIEWER, OPERATOR]), 'discord'), 'operator');
    assert.equal(policy.levelOf(actor([OTHER, VIEWER, ADMIN]), 'discord'), 'admin');
  });

  test('no matching role is none, even for a Discord administrator once roles are configured', () => {
    assert.equal(policy.levelOf(actor([OTHER]), 'discord'), 'none');
    assert.equal(policy.levelOf(actor([]), 'discord'), 'none');
    assert.equal(policy.levelOf({ id: 'u', name: 'n' }, 'discord'), 'none');
    assert.equal(policy.levelOf(actor([], true), 'discord'), 'none');
  });

  test('the console and the system are admin', () => {
    assert.equal(policy.levelOf({ id: 'console', name: 'console' }, 'console'), 'admin');
    assert.equal(policy.levelOf({ id: 'mserver', name: 'mserver' }, 'system'), 'admin');
  });

  test('with no roles configured only Discord administrators are admin, everyone else none', () => {
    const open = createPolicy(NO_ROLES);
    assert.equal(open.levelOf(actor([], true), 'discord'), 'admin');
    assert.equal(open.levelOf(actor([VIEWER, OPERATOR, ADMIN], false), 'discord'), 'none');
    assert.equal(open.levelOf(actor([]), 'discord'), 'none');
    assert.equal(open.levelOf({ id: 'c', name: 'c' }, 'console'), 'admin');
  });

  test('an approver list alone does not count as roles configured', () => {
    const p = createPolicy({ ...NO_ROLES, approver: [APPROVER] });
    assert.equal(p.levelOf(actor([], true), 'discord'), 'admin');
    assert.equal(p.levelOf(actor([APPROVER]), 'discord'), 'none');
  });
});

describe('policy.evaluate: defaults per risk class', () => {
  const policy = createPolicy(ROLES);

  test('the default rules', () => {
    assert.deepEqual(DEFAULT_RULES, {
      read: { minLevel: 'viewer', confirm: false, approval: false, approvals: 0 },
      change: { minLevel: 'operator', confirm: true, approval: false, approvals: 0 },
      critical: { minLevel: 'admin', confirm: false, approval: true, approvals: 1 },
    });
    assert.deepEqual(policy.rule(spec('status')), { ...DEFAULT_RULES.read, allow: undefined });
    assert.deepEqual(policy.rule(spec('restart')), { ...DEFAULT_RULES.change, allow: undefined });
    assert.deepEqual(policy.rule(spec('stop')), { ...DEFAULT_RULES.critical, allow: undefined });
    assert.deepEqual(policy.rule(spec('exec')), { ...DEFAULT_RULES.critical, allow: [] });
  });

  test('read is allowed for a viewer', () => {
    for (const c of ['status', 'logs', 'check_keys', 'has_session_keys', 'has_key']) {
      assert.equal(decide(policy, c, actor([VIEWER])).kind, 'allow', c);
    }
  });

  test('change asks the requester to confirm', () => {
    for (const c of ['start', 'restart', 'payout']) {
      assert.equal(decide(policy, c, actor([OPERATOR])).kind, 'confirm', c);
      assert.equal(decide(policy, c, actor([ADMIN])).kind, 'confirm', c);
    }
  });

  test('critical needs a second person', () => {
    for (const c of ['stop', 'rotate_keys', 'backup_keys']) {
      const d = decide(policy, c, actor([ADMIN]));
      assert.equal(d.kind, 'approve', c);
      assert.equal(d.rule.approvals, 1);
    }
  });

  test('critical at the console is a typed confirmation instead', () => {
    for (const c of ['stop', 'rotate_keys', 'backup_keys']) {
      assert.equal(decide(policy, c, { id: 'console', name: 'console' }, 'console').kind, 'confirm', c);
    }
  });

  test('read and change at the console follow the defaults', () => {
    const consoleActor = { id: 'console', name: 'console' };
    assert.equal(decide(policy, 'status', consoleActor, 'console').kind, 'allow');
    assert.equal(decide(policy, 'restart', consoleActor, 'console').kind, 'confirm');
  });
});

describe('policy.evaluate: refusals', () => {
  const policy = createPolicy(ROLES);

  function denied(d: Decision): string {
    assert.equal(d.kind, 'deny', `expected deny, got ${d.kind}`);
    return render('en', (d as { reason: Message }).reason);
  }

  test('a viewer may not restart: the reason names the level needed and its role', () => {
    const reason = denied(decide(policy, 'restart', actor([VIEWER])));
    assert.match(reason, /^You may not run restart: your level is viewer\./);
    assert.match(reason, /needs the operator level/);
    assert.ok(reason.includes('ROLE_OPERATOR_IDS'));
    assert.ok(reason.includes(`<@&${OPERATOR}>`));
    assert.ok(reason.includes('or higher'));
  });

  test('an operator may not stop: the reason names admin', () => {
    const reason = denied(decide(policy, 'stop', actor([OPERATOR])));
    assert.match(reason, /your level is operator/);
    assert.match(reason, /needs the admin level \(a role in ROLE_ADMIN_IDS: <@&100000000000000003>\)/);
  });

  test('nobody without a role may read', () => {
    const reason = denied(decide(policy, 'status', actor([OTHER])));
    assert.match(reason, /your level is none/);
    assert.match(reason, /needs the viewer level/);
  });

  test('a level with no role ids configured still names the variable', () => {
    const p = createPolicy({ viewer: [VIEWER], operator: [], admin: [], approver: [] });
    const reason = denied(decide(p, 'restart', actor([VIEWER])));
    assert.match(reason, /needs the operator level \(a role in ROLE_OPERATOR_IDS or higher\)/);
  });

  test('with no roles configured the reason says only administrators may use mserver', () => {
    const p = createPolicy(NO_ROLES);
    const reason = denied(decide(p, 'status', actor([VIEWER])));
    assert.match(reason, /your level is none/);
    assert.match(reason, /only members with the Administrator permission/);
    assert.equal(decide(p, 'status', actor([], true)).kind, 'allow');
  });

  test('the decision follows the roles held at the moment', () => {
    assert.equal(decide(policy, 'restart', actor([VIEWER])).kind, 'deny');
    assert.equal(decide(policy, 'restart', actor([VIEWER, OPERATOR])).kind, 'confirm');
  });
});

describe('policy.evaluate: exec', () => {
  test('refused with an empty allow-list, even for an admin or at the console', () => {
    const policy = createPolicy(ROLES);
    const d = decide(policy, 'exec', actor([ADMIN]), 'discord', { container: 'p', command: 'df -h' });
    assert.equal(d.kind, 'deny');
    assert.match(render('en', (d as { reason: Message }).reason), /no command is allowed until the policy file \(POLICY_FILE\)/);
    assert.equal(decide(policy, 'exec', { id: 'c', name: 'c' }, 'console', { command: 'df -h' }).kind, 'deny');
  });

  test('allowed by a matching pattern override, then approval as any critical command', () => {
    const policy = createPolicy(ROLES, { exec: { allow: [/^df -h$/, /^uptime$/] } });
    assert.equal(decide(policy, 'exec', actor([ADMIN]), 'discord', { container: 'p', command: 'df -h' }).kind, 'approve');
    assert.equal(decide(policy, 'exec', actor([ADMIN]), 'discord', { container: 'p', command: 'uptime' }).kind, 'approve');
    assert.equal(decide(policy, 'exec', { id: 'c', name: 'c' }, 'console', { command: 'uptime' }).kind, 'confirm');
  });

  test('a command matching no pattern is refused, quoting it', () => {
    const policy = createPolicy(ROLES, { exec: { allow: [/^df -h$/] } });
    const d = decide(policy, 'exec', actor([ADMIN]), 'discord', { container: 'p', command: 'df -h; rm -rf /' });
    assert.equal(d.kind, 'deny');
    assert.equal(render('en', (d as { reason: Message }).reason), 'exec is refused: "df -h; rm -rf /" matches none of the allowed patterns.');
  });

  test('a missing command matches nothing', () => {
    const policy = createPolicy(ROLES, { exec: { allow: [/^df -h$/] } });
    assert.equal(decide(policy, 'exec', actor([ADMIN]), 'discord', {}).kind, 'deny');
  });

  test('the level is checked before the allow-list', () => {
    const policy = createPolicy(ROLES, { exec: { allow: [/^df -h$/] } });
    const d = decide(policy, 'exec', actor([OPERATOR]), 'discord', { command: 'df -h' });
    assert.equal(d.kind, 'deny');
    assert.match(render('en', (d as { reason: Message }).reason), /needs the admin level/);
  });
});

describe('policy overrides and approvers', () => {
  test('an override can raise the level or drop the confirmation', () => {
    const policy = createPolicy(ROLES, { status: { minLevel: 'operator' }, restart: { confirm: false } });
    assert.equal(decide(policy, 'status', actor([VIEWER])).kind, 'deny');
    assert.equal(decide(policy, 'status', actor([OPERATOR])).kind, 'allow');
    assert.equal(decide(policy, 'restart', actor([OPERATOR])).kind, 'allow');
    assert.equal(decide(policy, 'logs', actor([VIEWER])).kind, 'allow');
  });

  test('an override without approvals turns a critical command into a confirmation', () => {
    const policy = createPolicy(ROLES, { stop: { approval: false, confirm: true } });
    assert.equal(decide(policy, 'stop', actor([ADMIN])).kind, 'confirm');
  });

  test('approvers: admins when no approver role is configured', () => {
    const policy = createPolicy(ROLES);
    assert.equal(policy.isApprover(actor([ADMIN]), 'discord'), true);
    assert.equal(policy.isApprover(actor([OPERATOR]), 'discord'), false);
    assert.equal(policy.isApprover({ id: 'c', name: 'c' }, 'console'), true);
  });

  test('approvers: only holders of an approver role when one is configured', () => {
    const policy = createPolicy({ ...ROLES, approver: [APPROVER] });
    assert.equal(policy.isApprover(actor([APPROVER]), 'discord'), true);
    assert.equal(policy.isApprover(actor([ADMIN]), 'discord'), false);
  });
});
