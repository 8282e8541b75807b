import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CommandResponseData,
  KeyUpdateData,
  classifyStatus,
  cleanId,
  commandAckFrame,
  commandFrame,
  containerNames,
  errorText,
  identityOf,
  keyUpdateAckFrame,
} from '../../../src/hub/protocol.ts';

describe('classifyStatus: the status words of PROTOCOL.md', () => {
  for (const word of ['success', 'completed', 'ok']) {
    test(`${word} is success`, () => {
      assert.equal(classifyStatus(word, true, false), 'success');
      assert.equal(classifyStatus(word, false, false), 'success');
    });
  }
  for (const word of ['failed', 'error']) {
    test(`${word} is failed`, () => {
      assert.equal(classifyStatus(word, false, true), 'failed');
      // The word decides, even with a result alongside.
      assert.equal(classifyStatus(word, true, false), 'failed');
    });
  }
  for (const word of ['accepted', 'running', 'in_progress']) {
    test(`${word} is progress`, () => {
      assert.equal(classifyStatus(word, false, false), 'progress');
      assert.equal(classifyStatus(word, true, false), 'progress');
    });
  }

  test('case and spaces do not matter', () => {
    assert.equal(classifyStatus(' SUCCESS ', false, false), 'success');
    assert.equal(classifyStatus('Failed', false, false), 'failed');
    assert.equal(classifyStatus('Running', false, false), 'progress');
  });

  test('an unknown word with an error is failed', () => {
    assert.equal(classifyStatus('kaboom', false, true), 'failed');
    assert.equal(classifyStatus('kaboom', true, true), 'failed');
    assert.equal(classifyStatus(undefined, false, true), 'failed');
  });

  test('an unknown word with a result only is success', () => {
    assert.equal(classifyStatus('whatever', true, false), 'success');
    assert.equal(classifyStatus(undefined, true, false), 'success');
    assert.equal(classifyStatus('', true, false), 'success');
  });

  test('an unknown word with neither is progress', () => {
    assert.equal(classifyStatus('whatever', false, false), 'progress');
    assert.equal(classifyStatus(undefined, false, false), 'progress');
  });
});

describe('identityOf', () => {
  test('client_id at the top level', () => {
    assert.deepEqual(identityOf({ type: 'register', client_id: 'val-01', data: { host_name: 'host-a' } }), { clientId: 'val-01', hostName: 'host-a' });
  });

  test('client_id in data', () => {
    assert.deepEqual(identityOf({ type: 'register', data: { client_id: 'val-02' } }), { clientId: 'val-02' });
  });

  test('the top-level client_id wins over data', () => {
    assert.deepEqual(identityOf({ type: 'x', client_id: 'top', data: { client_id: 'inner' } }), { clientId: 'top' });
  });

  test('host_name, then hostname, at the top or in data', () => {
    assert.deepEqual(identityOf({ type: 'summary', data: { host_name: 'host-b' } }), { hostName: 'host-b' });
    assert.deepEqual(identityOf({ type: 'summary', data: { hostname: 'host-c' } }), { hostName: 'host-c' });
    assert.deepEqual(identityOf({ type: 'summary', hostname: 'host-d' }), { hostName: 'host-d' });
    assert.deepEqual(identityOf({ type: 'summary', hostname: 'host-e', data: { host_name: 'host-f' } }), { hostName: 'host-f' });
  });

  test('no identity at all', () => {
    assert.deepEqual(identityOf({ type: 'summary', data: { cpu: 3 } }), {});
    assert.deepEqual(identityOf({ type: 'summary', data: ['client_id'] }), {});
    assert.deepEqual(identityOf({ type: 'summary', data: 'client_id' }), {});
  });

  test('ids are trimmed', () => {
    assert.deepEqual(identityOf({ type: 'x', client_id: '  val-03 ' }), { clientId: 'val-03' });
  });

  test('control characters, empty or over-long ids and non-strings are refused', () => {
    assert.deepEqual(identityOf({ type: 'x', client_id: 'evil\nid', data: { host_name: 'ok-host' } }), { hostName: 'ok-host' });
    assert.deepEqual(identityOf({ type: 'x', client_id: 'a\u0000b' }), {});
    assert.deepEqual(identityOf({ type: 'x', client_id: 'bell\u0007' }), {});
    assert.deepEqual(identityOf({ type: 'x', client_id: 'del\u007f' }), {});
    assert.deepEqual(identityOf({ type: 'x', client_id: '   ' }), {});
    assert.deepEqual(identityOf({ type: 'x', client_id: 'x'.repeat(65) }), {});
    assert.deepEqual(identityOf({ type: 'x', client_id: 42, host_name: { a: 1 } }), {});
    assert.equal(cleanId('x'.repeat(64)), 'x'.repeat(64));
    assert.equal(cleanId('tab\there'), undefined);
  });

  test('ids follow the id pattern: Markdown, spaces and look-alikes are not ids (issue 14)', () => {
    for (const bad of ['**admin**', '[x](https://e.example)', '# node', 'node 1', 'nöde-1', '-node', '_node', 'node/1', 'node`1`', 'ｎｏｄｅ-1']) {
      assert.equal(cleanId(bad), undefined, bad);
    }
    for (const good of ['node-1', 'val_01', 'v1.kusama', 'host:9944', '0abc']) assert.equal(cleanId(good), good);
  });

  test('zero-width and bidi characters are removed from ids and names', () => {
    assert.equal(cleanId('node\u200b-1'), 'node-1');
    assert.equal(cleanId('\u202enode-1\u202c'), 'node-1');
    assert.equal(cleanId('\ufeffnode-1\u2066'), 'node-1');
    assert.deepEqual(identityOf({ type: 'register', data: { client_id: 'val\u200d-01', host_name: 'host\u200e-a' } }), { clientId: 'val-01', hostName: 'host-a' });
  });
});

describe('containerNames', () => {
  test('strings and objects with a name, deduplicated and sorted', () => {
    assert.deepEqual(containerNames(['polkadot', { name: 'kusama', state: 'running' }, 'polkadot', { name: 'astar' }]), ['astar', 'kusama', 'polkadot']);
  });

  test('invalid names and other items are dropped', () => {
    assert.deepEqual(containerNames(['ok', '-bad', 'has space', 7, null, { id: 'x' }, { name: 5 }, ['nested'], 'x'.repeat(129)]), ['ok']);
  });

  test('not a list is undefined; an empty list is empty', () => {
    assert.equal(containerNames('polkadot'), undefined);
    assert.equal(containerNames({ polkadot: {} }), undefined);
    assert.equal(containerNames(undefined), undefined);
    assert.deepEqual(containerNames([]), []);
  });
});

describe('outbound frames are exactly those of PROTOCOL.md', () => {
  test('command', () => {
    const frame = commandFrame('cmd_1764270000000_4821', 'status', {}, 1764270000000);
    assert.equal(frame, '{"type":"command","data":{"id":"cmd_1764270000000_4821","command":"status","params":{},"timestamp":1764270000000}}');
    assert.deepEqual(JSON.parse(frame), {
      type: 'command',
      data: { id: 'cmd_1764270000000_4821', command: 'status', params: {}, timestamp: 1764270000000 },
    });
  });

  test('command with parameters', () => {
    assert.deepEqual(JSON.parse(commandFrame('cmd_1764270000000_1000', 'logs', { container: 'polkadot', lines: 100 }, 1764270000001)), {
      type: 'command',
      data: { id: 'cmd_1764270000000_1000', command: 'logs', params: { container: 'polkadot', lines: 100 }, timestamp: 1764270000001 },
    });
  });

  test('command_ack', () => {
    const frame = commandAckFrame('cmd_1764270000000_4821', 1764270000123);
    assert.equal(frame, '{"type":"command_ack","timestamp":1764270000123,"command_id":"cmd_1764270000000_4821"}');
  });

  test('key_update_ack', () => {
    const frame = keyUpdateAckFrame(1764270000456, true, 'session key update stored');
    assert.equal(frame, '{"type":"key_update_ack","status":"success","timestamp":1764270000456,"message":"session key update stored"}');
  });

  test('key_update_ack for a refusal', () => {
    assert.deepEqual(JSON.parse(keyUpdateAckFrame(5, false, 'bad container')), { type: 'key_update_ack', status: 'error', timestamp: 5, message: 'bad container' });
  });
});

describe('inbound data schemas', () => {
  test('command_response data needs an id and keeps extra fields', () => {
    const ok = CommandResponseData.safeParse({ id: 'cmd_1_1000', status: 'success', result: { a: 1 }, extra: true });
    assert.ok(ok.success);
    assert.deepEqual(ok.data, { id: 'cmd_1_1000', status: 'success', result: { a: 1 }, extra: true });
    assert.equal(CommandResponseData.safeParse({ status: 'success' }).success, false);
    assert.equal(CommandResponseData.safeParse({ id: '' }).success, false);
    assert.equal(CommandResponseData.safeParse({ id: 5 }).success, false);
  });

  test('key_update data needs container and session_key', () => {
    assert.ok(KeyUpdateData.safeParse({ container: 'polkadot', session_key: '0xab', action: 'rotate' }).success);
    assert.equal(KeyUpdateData.safeParse({ container: 'polkadot' }).success, false);
    assert.equal(KeyUpdateData.safeParse({ session_key: '0xab' }).success, false);
  });
});

describe('errorText', () => {
  test('text, JSON and a missing reason', () => {
    assert.equal(errorText('container not found'), 'container not found');
    assert.equal(errorText({ code: 3 }), '{"code":3}');
    assert.equal(errorText(undefined), 'the agent gave no reason');
  });

  test('bounded', () => {
    assert.equal(errorText('x'.repeat(50), 10), `${'x'.repeat(10)}... [40 more characters]`);
  });
});
