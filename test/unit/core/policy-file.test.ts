import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parsePolicyFile as parseMessages } from '../../../src/core/policy-file.ts';
import { render } from '../../../src/i18n/message.ts';

/** The problems as an English reader sees them. */
const parsePolicyFile = (text: string, source: string) => {
  const r = parseMessages(text, source);
  return r.ok ? r : { ok: false as const, problems: r.problems.map((m) => render('en', m)) };
};
const parse = (body: unknown) => parsePolicyFile(typeof body === 'string' ? body : JSON.stringify(body), 'policy.json');

describe('policy file', () => {
  test('the example in the repository parses', () => {
    const r = parsePolicyFile(readFileSync(new URL('../../../policy.example.json', import.meta.url), 'utf8'), 'policy.example.json');
    assert.equal(r.ok, true, r.ok ? '' : r.problems.join('\n'));
  });

  test('overrides, approvals and TTLs', () => {
    const r = parse({ commands: { stop: { approval: true, approvals: 2 }, restart: { level: 'admin', confirm: false } }, confirmTtlSeconds: 30, approvalTtlSeconds: 600 });
    assert.ok(r.ok);
    assert.deepEqual(r.policy.rules.stop, { approval: true, approvals: 2 });
    assert.deepEqual(r.policy.rules.restart, { minLevel: 'admin', confirm: false });
    assert.equal(r.policy.confirmTtlMs, 30_000);
    assert.equal(r.policy.approvalTtlMs, 600_000);
  });

  test('exec patterns match the whole command line', () => {
    const r = parse({ commands: { exec: { allow: ['df -h', 'journalctl -n \\d+'] } } });
    assert.ok(r.ok);
    const allow = r.policy.rules.exec!.allow!;
    assert.equal(allow.some((re) => re.test('df -h')), true);
    assert.equal(allow.some((re) => re.test('df -h; rm -rf /')), false);
    assert.equal(allow.some((re) => re.test('journalctl -n 50')), true);
  });

  test('one clear line per problem', () => {
    const r = parse({ commands: { reboot: {}, stop: { level: 'god' }, status: { allow: ['x'] }, exec: { allow: ['('] } }, extra: 1 });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.ok(r.problems.some((p) => p.startsWith('policy.json: commands.stop.level:')), r.problems.join('\n'));
    assert.ok(r.problems.some((p) => /Unrecognized key.*extra|extra/.test(p)));
    const again = parse({ commands: { reboot: {}, status: { allow: ['x'] }, exec: { allow: ['('] } } });
    assert.ok(!again.ok);
    if (again.ok) return;
    assert.deepEqual(
      again.problems.map((p) => p.split(':').slice(0, 2).join(':')),
      ['policy.json: commands.reboot', 'policy.json: commands.status.allow', 'policy.json: commands.exec.allow[0]'],
    );
    assert.match(parse('{nope').ok ? '' : 'not valid JSON', /not valid JSON/);
  });

  test('every mistake of the file in one run, the top level and each rule', () => {
    const r = parse({ commands: { reboot: {}, stop: { level: 'god' }, restart: { confrim: true }, exec: { allow: ['(', 'df -h'] } }, confirmTtlSeconds: 0, extra: 1 });
    assert.equal(r.ok, false);
    if (r.ok) return;
    const where = r.problems.map((p) => p.split(': ')[1]).sort();
    assert.deepEqual(where, ['(top level)', 'commands.exec.allow[0]', 'commands.reboot', 'commands.restart', 'commands.stop.level', 'confirmTtlSeconds'], r.problems.join('\n'));
  });

  test('allow patterns that admit any command or shell metacharacters are warnings naming the pattern', () => {
    const r = parse({ commands: { exec: { allow: ['.*', 'df -h.*', 'echo \\$HOME', 'cat [^ ]+', 'df -h', 'journalctl -n \\d{1,4}', 'ls /data/[a-z0-9_]+'] } } });
    assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
    const w = r.policy.warnings;
    assert.equal(w.length, 4, w.join('\n'));
    assert.match(w[0]!, /^policy\.json: commands\.exec\.allow\[0\] "\.\*" matches every command line/);
    assert.match(w[1]!, /allow\[1\] "df -h\.\*" admits shell metacharacters \(; \| & \$ backtick > <\)/);
    assert.match(w[2]!, /allow\[2\] "echo \\\\\$HOME" admits shell metacharacters \(\$\)/);
    assert.match(w[3]!, /allow\[3\] "cat \[\^ \]\+" admits shell metacharacters/);
  });

  test('the example in the repository raises no warning', () => {
    const r = parsePolicyFile(readFileSync(new URL('../../../policy.example.json', import.meta.url), 'utf8'), 'policy.example.json');
    assert.ok(r.ok);
    assert.deepEqual(r.policy.warnings, []);
  });
});
