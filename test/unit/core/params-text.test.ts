import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../../src/core/errors.ts';
import { parseParamsText } from '../../../src/core/params-text.ts';

function refusal(text: string): UserError {
  let caught: unknown;
  try {
    parseParamsText(text);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof UserError, `expected a UserError for ${JSON.stringify(text)}, got ${String(caught)}`);
  assert.equal(caught.code, 'bad_params');
  return caught;
}

describe('parseParamsText', () => {
  test('empty or blank text is no parameters', () => {
    assert.deepEqual(parseParamsText(''), {});
    assert.deepEqual(parseParamsText('   \t '), {});
  });

  test('key=value pairs, values kept as text', () => {
    assert.deepEqual(parseParamsText('container=polkadot lines=200'), { container: 'polkadot', lines: '200' });
  });

  test('extra spaces between pairs are ignored', () => {
    assert.deepEqual(parseParamsText('  container=polkadot    lines=5  '), { container: 'polkadot', lines: '5' });
  });

  test('double-quoted values keep their spaces', () => {
    assert.deepEqual(parseParamsText('container=kusama reason="disk full on host 3"'), { container: 'kusama', reason: 'disk full on host 3' });
  });

  test('single-quoted values keep their spaces', () => {
    assert.deepEqual(parseParamsText("command='df -h /data'"), { command: 'df -h /data' });
  });

  test('escaped quotes inside double quotes', () => {
    assert.deepEqual(parseParamsText('reason="say \\"hi\\" twice"'), { reason: 'say "hi" twice' });
  });

  test('only the first = splits name from value', () => {
    assert.deepEqual(parseParamsText('command=a=b=c'), { command: 'a=b=c' });
  });

  test('an empty value is an empty string', () => {
    assert.deepEqual(parseParamsText('since='), { since: '' });
  });

  test('a later value for the same name wins', () => {
    assert.deepEqual(parseParamsText('lines=1 lines=2'), { lines: '2' });
  });

  test('one JSON object is taken as is, with its types', () => {
    assert.deepEqual(parseParamsText('{"container":"polkadot","lines":200,"eras":[1,2]}'), {
      container: 'polkadot',
      lines: 200,
      eras: [1, 2],
    });
  });

  test('JSON with surrounding spaces', () => {
    assert.deepEqual(parseParamsText('  {"container":"x"}  '), { container: 'x' });
  });

  test('bad JSON is a bad_params UserError', () => {
    const err = refusal('{"container": polkadot}');
    assert.match(err.message, /^parameters are not valid JSON/);
  });

  test('JSON followed by more text is bad JSON', () => {
    assert.match(refusal('{"a":1} lines=2').message, /not valid JSON/);
  });

  test('JSON that is not an object is a bad_params UserError', () => {
    // An array or a string is not name=value either way.
    assert.match(refusal('[1,2]').message, /is not name=value/);
    assert.match(refusal('"polkadot"').message, /is not name=value/);
  });

  test('a token without = is refused, naming the token and showing an example', () => {
    const err = refusal('container=polkadot restart');
    assert.equal(err.message, '"restart" is not name=value (example: container=polkadot lines=200)');
  });

  test('a token starting with = has no name and is refused', () => {
    assert.match(refusal('=polkadot').message, /^"=polkadot" is not name=value/);
  });

  test('__proto__=x is an ordinary own key and pollutes nothing', () => {
    const out = parseParamsText('__proto__=polluted container=x');
    assert.equal(Object.hasOwn(out, '__proto__'), true);
    assert.equal(out.container, 'x');
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal((({}) as Record<string, unknown>).polluted, undefined);
  });

  test('a JSON __proto__ key stays an own key', () => {
    const out = parseParamsText('{"__proto__":{"polluted":1}}');
    assert.equal(Object.hasOwn(out, '__proto__'), true);
    assert.equal((({}) as Record<string, unknown>).polluted, undefined);
  });
});
