import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMAND_NAMES, KEY_TYPES, createCatalog } from '../../../src/core/catalog.ts';
import type { CommandSpec, ParamsResult } from '../../../src/core/catalog.ts';
import { render, type Message } from '../../../src/i18n/message.ts';

const catalog = createCatalog();

function spec(name: string): CommandSpec {
  const s = catalog.get(name);
  assert.ok(s, `command ${name} should exist`);
  return s;
}

function ok(result: ParamsResult): Record<string, unknown> {
  assert.equal(result.ok, true, `expected ok, got ${JSON.stringify(result)}`);
  return (result as { ok: true; params: Record<string, unknown> }).params;
}

function problems(result: ParamsResult): string[] {
  assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
  return (result as { ok: false; problems: Message[] }).problems.map((m) => render('en', m));
}

const parse = (name: string, raw: unknown) => catalog.parseParams(spec(name), raw);
const HEX64 = 'ab'.repeat(32);

describe('catalog: the command table of PROTOCOL.md', () => {
  test('has exactly the twelve commands with their risk classes', () => {
    const risks = Object.fromEntries(catalog.commands.map((c) => [c.name, c.risk]));
    assert.deepEqual(risks, {
      status: 'read',
      logs: 'read',
      check_keys: 'read',
      has_session_keys: 'read',
      has_key: 'read',
      start: 'change',
      restart: 'change',
      payout: 'change',
      stop: 'critical',
      rotate_keys: 'critical',
      backup_keys: 'critical',
      exec: 'critical',
    });
    assert.equal(catalog.commands.length, 12);
    assert.deepEqual([...COMMAND_NAMES].sort(), catalog.commands.map((c) => c.name).sort());
  });

  test('parameters per command match the table', () => {
    const names = Object.fromEntries(catalog.commands.map((c) => [c.name, c.params.map((p) => `${p.name}${p.required ? '' : '?'}`)]));
    assert.deepEqual(names, {
      status: ['container?'],
      logs: ['container', 'lines?', 'since?'],
      check_keys: ['container', 'stash?'],
      has_session_keys: ['container', 'session_keys'],
      has_key: ['container', 'key_type', 'public_key'],
      start: ['container'],
      restart: ['container', 'stop_timeout_s?', 'rolling?'],
      payout: ['stash?', 'eras?', 'max_eras?'],
      stop: ['container', 'reason?'],
      rotate_keys: ['container'],
      backup_keys: ['container'],
      exec: ['container', 'command'],
    });
  });

  test('get() accepts dashes, upper case and surrounding spaces', () => {
    assert.equal(catalog.get('rotate-keys')?.name, 'rotate_keys');
    assert.equal(catalog.get('ROTATE_KEYS')?.name, 'rotate_keys');
    assert.equal(catalog.get('Has-Session-Keys')?.name, 'has_session_keys');
    assert.equal(catalog.get('  Status ')?.name, 'status');
  });

  test('get() knows nothing else, not even Object.prototype names', () => {
    assert.equal(catalog.get('reboot'), undefined);
    assert.equal(catalog.get(''), undefined);
    assert.equal(catalog.get('__proto__'), undefined);
    assert.equal(catalog.get('toString'), undefined);
    assert.equal(catalog.get('constructor'), undefined);
  });
});

describe('catalog.parseParams: defaults', () => {
  test('logs gets lines=100', () => {
    assert.deepEqual(ok(parse('logs', { container: 'polkadot' })), { container: 'polkadot', lines: 100 });
  });

  test('restart gets stop_timeout_s=60', () => {
    assert.deepEqual(ok(parse('restart', { container: 'polkadot' })), { container: 'polkadot', stop_timeout_s: 60 });
  });

  test('payout gets max_eras=4 and no eras', () => {
    assert.deepEqual(ok(parse('payout', {})), { max_eras: 4 });
  });

  test('an empty string or null counts as left out', () => {
    assert.deepEqual(ok(parse('logs', { container: 'polkadot', lines: '' })), { container: 'polkadot', lines: 100 });
    assert.deepEqual(ok(parse('logs', { container: 'polkadot', lines: null })), { container: 'polkadot', lines: 100 });
  });

  test('undefined or null parameters are an empty object', () => {
    assert.deepEqual(ok(parse('status', undefined)), {});
    assert.deepEqual(ok(parse('status', null)), {});
    assert.deepEqual(ok(parse('payout', null)), { max_eras: 4 });
  });

  test('a given value replaces the default', () => {
    assert.deepEqual(ok(parse('payout', { max_eras: 10 })), { max_eras: 10 });
  });
});

describe('catalog.parseParams: integers', () => {
  test('integers typed as text become numbers', () => {
    assert.deepEqual(ok(parse('logs', { container: 'polkadot', lines: '200' })), { container: 'polkadot', lines: 200 });
    assert.deepEqual(ok(parse('logs', { container: 'polkadot', lines: ' 300 ' })), { container: 'polkadot', lines: 300 });
    assert.deepEqual(ok(parse('restart', { container: 'k', stop_timeout_s: '120' })), { container: 'k', stop_timeout_s: 120 });
  });

  test('lines 1 and 5000 are the bounds', () => {
    assert.equal(ok(parse('logs', { container: 'p', lines: 1 })).lines, 1);
    assert.equal(ok(parse('logs', { container: 'p', lines: 5000 })).lines, 5000);
  });

  for (const bad of [0, 5001, '0', '5001', -3]) {
    test(`lines=${JSON.stringify(bad)} is refused naming lines and the rule`, () => {
      const p = problems(parse('logs', { container: 'p', lines: bad }));
      assert.equal(p.length, 1);
      assert.match(p[0]!, /^lines: /);
      assert.match(p[0]!, /an integer from 1 to 5000/);
      assert.ok(p[0]!.includes(String(bad)), `the message shows the value: ${p[0]}`);
    });
  }

  for (const bad of ['abc', '2.5', 2.5, '1e3', true, [100]]) {
    test(`lines=${JSON.stringify(bad)} is not an integer`, () => {
      const p = problems(parse('logs', { container: 'p', lines: bad }));
      assert.equal(p.length, 1);
      assert.match(p[0]!, /^lines: expected an integer from 1 to 5000/);
    });
  }

  test('stop_timeout_s is 10..600', () => {
    assert.equal(ok(parse('restart', { container: 'p', stop_timeout_s: 10 })).stop_timeout_s, 10);
    assert.equal(ok(parse('restart', { container: 'p', stop_timeout_s: 600 })).stop_timeout_s, 600);
    assert.match(problems(parse('restart', { container: 'p', stop_timeout_s: 9 }))[0]!, /^stop_timeout_s: .*10 to 600/);
    assert.match(problems(parse('restart', { container: 'p', stop_timeout_s: 601 }))[0]!, /^stop_timeout_s: .*10 to 600/);
  });

  test('max_eras is 1..84', () => {
    assert.equal(ok(parse('payout', { max_eras: 84 })).max_eras, 84);
    assert.equal(ok(parse('payout', { max_eras: '1' })).max_eras, 1);
    assert.match(problems(parse('payout', { max_eras: 0 }))[0]!, /^max_eras: .*1 to 84/);
    assert.match(problems(parse('payout', { max_eras: 85 }))[0]!, /^max_eras: .*1 to 84/);
  });
});

describe('catalog.parseParams: container and string patterns', () => {
  for (const good of ['polkadot', 'kusama-validator_01', 'a', '9node.v2', 'a'.repeat(128)]) {
    test(`container ${JSON.stringify(good.length > 20 ? `${good.slice(0, 10)}...(${good.length})` : good)} is accepted`, () => {
      assert.deepEqual(ok(parse('start', { container: good })), { container: good });
    });
  }

  for (const bad of ['-node', '.hidden', '_x', 'a'.repeat(129), 'node 1', 'node/1', 'nöde', 'a;rm -rf /', 'x\n']) {
    test(`container ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 10)}...(${bad.length})` : bad)} is refused`, () => {
      const p = problems(parse('start', { container: bad }));
      assert.equal(p.length, 1);
      assert.match(p[0]!, /^container: expected a container name/);
    });
  }

  test('a container that is not a string is refused', () => {
    assert.match(problems(parse('start', { container: 42 }))[0]!, /^container: expected/);
    assert.match(problems(parse('start', { container: ['a'] }))[0]!, /^container: expected/);
  });

  test('since takes a duration like 42m', () => {
    assert.deepEqual(ok(parse('logs', { container: 'p', since: '42m' })), { container: 'p', lines: 100, since: '42m' });
    assert.match(problems(parse('logs', { container: 'p', since: '42 minutes' }))[0]!, /^since: /);
  });

  test('stop reason is at most 500 characters', () => {
    assert.equal(ok(parse('stop', { container: 'p', reason: 'r'.repeat(500) })).reason, 'r'.repeat(500));
    assert.match(problems(parse('stop', { container: 'p', reason: 'r'.repeat(501) }))[0]!, /^reason: /);
  });

  test('check_keys stash must look like SS58', () => {
    const stash = '1' + 'A'.repeat(46);
    assert.deepEqual(ok(parse('check_keys', { container: 'p', stash })), { container: 'p', stash });
    assert.match(problems(parse('check_keys', { container: 'p', stash: '0xdeadbeef' }))[0]!, /^stash: .*SS58/);
  });
});

describe('catalog.parseParams: has_key and has_session_keys', () => {
  for (const keyType of KEY_TYPES) {
    test(`key_type ${keyType} is accepted`, () => {
      const params = { container: 'p', key_type: keyType, public_key: `0x${HEX64}` };
      assert.deepEqual(ok(parse('has_key', params)), params);
    });
  }

  test('the key types are exactly the eight of the table', () => {
    assert.deepEqual([...KEY_TYPES], ['babe', 'gran', 'aura', 'para', 'asgn', 'audi', 'beef', 'imon']);
  });

  test('an unknown key_type is refused listing the choices', () => {
    const p = problems(parse('has_key', { container: 'p', key_type: 'sr25', public_key: `0x${HEX64}` }));
    assert.equal(p.length, 1);
    assert.match(p[0]!, /^key_type: expected one of babe, gran, aura, para, asgn, audi, beef, imon, got "sr25"/);
  });

  test('key_type is case-sensitive', () => {
    assert.match(problems(parse('has_key', { container: 'p', key_type: 'BABE', public_key: `0x${HEX64}` }))[0]!, /^key_type: /);
  });

  test('public_key takes 0x and 64 to 66 hex digits, either case', () => {
    for (const hex of [HEX64, HEX64 + 'f', HEX64 + 'ff', HEX64.toUpperCase()]) {
      assert.equal(ok(parse('has_key', { container: 'p', key_type: 'babe', public_key: `0x${hex}` })).public_key, `0x${hex}`);
    }
  });

  for (const bad of [`0x${HEX64.slice(1)}`, `0x${HEX64}abc`, HEX64, `0x${HEX64.slice(1)}g`, `0X${HEX64}`, `0x${HEX64}\n`]) {
    test(`public_key ${JSON.stringify(bad.slice(0, 8))}... (${bad.length} chars) is refused`, () => {
      const p = problems(parse('has_key', { container: 'p', key_type: 'babe', public_key: bad }));
      assert.equal(p.length, 1);
      assert.match(p[0]!, /^public_key: expected 0x followed by 64 to 66 hex digits/);
    });
  }

  test('session_keys takes whole hex bytes after 0x', () => {
    const keys = `0x${'0123456789abcdefABCDEF'.repeat(8)}`;
    assert.deepEqual(ok(parse('has_session_keys', { container: 'p', session_keys: keys })), { container: 'p', session_keys: keys });
  });

  for (const bad of ['0x', '0xabc', 'abcd', '0xzz', '0x' + 'ab'.repeat(1024)]) {
    test(`session_keys ${JSON.stringify(bad.slice(0, 8))} (${bad.length} chars) is refused`, () => {
      const p = problems(parse('has_session_keys', { container: 'p', session_keys: bad }));
      assert.equal(p.length, 1);
      assert.match(p[0]!, /^session_keys: /);
    });
  }
});

describe('catalog.parseParams: payout eras', () => {
  const cases: Array<[unknown, number[]]> = [
    ['1,2', [1, 2]],
    ['[1,2]', [1, 2]],
    [[1, 2], [1, 2]],
    ['1510, 1511', [1510, 1511]],
    ['1510 1511', [1510, 1511]],
    [1510, [1510]],
    ['1510', [1510]],
  ];
  for (const [input, eras] of cases) {
    test(`eras ${JSON.stringify(input)} -> ${JSON.stringify(eras)}`, () => {
      assert.deepEqual(ok(parse('payout', { eras: input })), { eras, max_eras: 4 });
    });
  }

  test('JSON-style spacing inside brackets is accepted', () => {
    assert.deepEqual(ok(parse('payout', { eras: '[ 1, 2 ]' })), { eras: [1, 2], max_eras: 4 });
  });

  for (const bad of ['1,x', '-1', [1.5], { 0: 1 }, 'a,b']) {
    test(`eras ${JSON.stringify(bad)} is refused`, () => {
      const p = problems(parse('payout', { eras: bad }));
      assert.equal(p.length, 1);
      assert.match(p[0]!, /^eras: expected a list of integers/);
    });
  }

  test('more than 84 eras are refused', () => {
    const eras = Array.from({ length: 85 }, (_, i) => 1000 + i);
    assert.match(problems(parse('payout', { eras }))[0]!, /^eras: /);
    assert.deepEqual(ok(parse('payout', { eras: eras.slice(0, 84) })).eras, eras.slice(0, 84));
  });
});

describe('catalog.parseParams: refusals', () => {
  test('an unknown parameter is refused naming it and the allowed list', () => {
    const p = problems(parse('logs', { container: 'p', lnes: 20 }));
    assert.deepEqual(p, ['lnes: not a parameter of logs (allowed: container, lines, since)']);
  });

  test('a missing required parameter is named with its rule', () => {
    const p = problems(parse('logs', {}));
    assert.equal(p.length, 1);
    assert.match(p[0]!, /^container: required, a container name/);
  });

  test('every missing required parameter is reported', () => {
    const p = problems(parse('has_key', {}));
    assert.deepEqual(
      p.map((s) => s.split(':')[0]),
      ['container', 'key_type', 'public_key'],
    );
    assert.ok(p.every((s) => s.includes('required')));
  });

  test('unknown and invalid parameters are reported together', () => {
    const p = problems(parse('restart', { container: 'bad name', force: true, stop_timeout_s: 1 }));
    assert.equal(p.length, 3);
    assert.ok(p.some((s) => s.startsWith('force: not a parameter of restart (allowed: container, stop_timeout_s, rolling)')));
    assert.ok(p.some((s) => s.startsWith('container: ')));
    assert.ok(p.some((s) => s.startsWith('stop_timeout_s: ')));
  });

  for (const raw of ['container=polkadot', 42, true, ['polkadot'], []]) {
    test(`parameters ${JSON.stringify(raw)} that are not an object are refused`, () => {
      assert.deepEqual(problems(parse('status', raw)), ['parameters must be an object of name=value pairs']);
    });
  }

  test('an own __proto__ key is refused and pollutes nothing', () => {
    const raw = JSON.parse('{"container":"polkadot","__proto__":{"polluted":"yes","lines":1}}') as unknown;
    const result = parse('logs', raw);
    const p = problems(result);
    assert.deepEqual(p, ['__proto__: not a parameter of logs (allowed: container, lines, since)']);
    assert.equal((({}) as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  test('constructor and prototype keys are refused', () => {
    const p = problems(parse('status', { constructor: 'x', prototype: 'y' }));
    assert.deepEqual(
      p.map((s) => s.split(':')[0]),
      ['constructor', 'prototype'],
    );
  });

  test('inherited properties are not read as parameters', () => {
    const raw = Object.create({ container: 'inherited', lines: 5 }) as Record<string, unknown>;
    const p = problems(parse('logs', raw));
    assert.equal(p.length, 1);
    assert.match(p[0]!, /^container: required/);
  });

  test('accepted params hold only known names, on a plain object', () => {
    const params = ok(parse('stop', { container: 'p', reason: 'maintenance' }));
    assert.deepEqual(Object.keys(params).sort(), ['container', 'reason']);
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
  });

  test('exec needs a command', () => {
    assert.match(problems(parse('exec', { container: 'p' }))[0]!, /^command: required/);
    assert.deepEqual(ok(parse('exec', { container: 'p', command: 'df -h' })), { container: 'p', command: 'df -h' });
  });

  test('exec.command accepts printable characters only: no line break, NUL or other control (issue 14)', () => {
    for (const bad of ['df -h\nrm -rf /data', 'df -h\r\nid', 'ls\u0000-la', 'ls\t-la', 'echo \u001b[2J', 'ls\u0085x', 'ls \u202ecod', 'ls\u2028id', 'ls\u200b-la']) {
      assert.match(problems(parse('exec', { container: 'p', command: bad }))[0]!, /^command: expected a command line of printable characters/, JSON.stringify(bad));
    }
    for (const good of ['df -h', 'du -sh /data/chains/polkadot/db', 'grep -c "Imported #" /var/log/node.log', 'echo ünïcödé ✓']) {
      assert.deepEqual(ok(parse('exec', { container: 'p', command: good })), { container: 'p', command: good });
    }
  });

  test('a long bad value is shortened in the message', () => {
    const p = problems(parse('start', { container: 'x y'.repeat(100) }));
    assert.ok(p[0]!.length < 250, p[0]);
    assert.match(p[0]!, /got "x y[x y]*…" \(300 characters\)$/, 'cut the one way typed input is quoted back');
  });
});
