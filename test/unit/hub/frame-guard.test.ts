// Issue 14, "What agents write cannot dress up as mserver": which frames the hub refuses whole.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { frameRefusal } from '../../../src/hub/frame-guard.ts';

describe('frameRefusal', () => {
  test('plain frames pass', () => {
    assert.equal(frameRefusal({ type: 'register', data: { client_id: 'val-01', host_name: 'host-a.example', containers: ['polkadot', { name: 'kusama', state: 'running' }] } }), undefined);
    assert.equal(frameRefusal({ type: 'key_update', data: { container: 'polkadot-validator-1', session_key: '0xabcd' } }), undefined);
    assert.equal(frameRefusal({ type: 'summary', data: { containers: [{ name: 'polkadot' }, { id: 'no-name' }], payout_info: {} } }), undefined);
    assert.equal(frameRefusal({ type: 'command_response', data: { id: 'cmd_1_1', status: 'ok', result: '**anything** in a result' } }), undefined);
    assert.equal(frameRefusal({ type: 'summary', data: 'not an object' }), undefined);
  });

  test('a key_update whose container carries Markdown or a link is refused, naming the field only', () => {
    const r = frameRefusal({ type: 'key_update', data: { container: '✅ **verified by mserver** [docs](https://evil.example)', session_key: '0xabcd' } });
    assert.equal(r?.field, 'data.container');
    assert.ok(!JSON.stringify(r).includes('evil.example'));
    assert.equal(frameRefusal({ type: 'key_update', data: { container: 42, session_key: '0xabcd' } })?.field, 'data.container');
    assert.equal(frameRefusal({ type: 'key_update', data: { container: 'polkadot\n# heading', session_key: '0xabcd' } })?.field, 'data.container');
  });

  test('container lists in summaries and registers are checked item by item', () => {
    assert.equal(frameRefusal({ type: 'summary', data: { containers: ['polkadot', { name: '# Verified' }] } })?.field, 'data.containers[1].name');
    assert.equal(frameRefusal({ type: 'register', data: { client_id: 'v1', containers: ['ok', 'has space'] } })?.field, 'data.containers[1]');
    assert.equal(frameRefusal({ type: 'register', data: { client_id: 'v1', containers: [null] } })?.field, 'data.containers[0]');
  });

  test('ids and host names at the top level or in data follow the id pattern', () => {
    assert.equal(frameRefusal({ type: 'register', client_id: '**admin**' })?.field, 'client_id');
    assert.equal(frameRefusal({ type: 'register', data: { client_id: 'v1', host_name: '[host](https://e.example)' } })?.field, 'data.host_name');
    assert.equal(frameRefusal({ type: 'summary', hostname: 'x'.repeat(65) })?.field, 'hostname');
    assert.equal(frameRefusal({ type: 'register', data: { client_id: 7 } })?.field, 'data.client_id');
    // Invisible characters are removed rather than refused: what is left is a plain id.
    assert.equal(frameRefusal({ type: 'register', data: { client_id: 'val\u200b-01' } }), undefined);
  });
});
