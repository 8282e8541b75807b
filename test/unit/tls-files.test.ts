// The clear-text warning (issue 13): a hub on a non-loopback address without TLS says at start that
// tokens cross the network in clear text; on loopback or with TLS it says nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clearTextWarning, isLoopback } from '../../src/tls-files.ts';

describe('clearTextWarning', () => {
  test('warns for any address a network reaches, without TLS', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'mserver.example.org']) {
      assert.match(clearTextWarning(host, false) ?? '', /tokens cross the network in clear text/, host);
      assert.equal(clearTextWarning(host, true), undefined, `${host} with TLS`);
    }
  });

  test('is silent on loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      assert.equal(isLoopback(host), true, host);
      assert.equal(clearTextWarning(host, false), undefined, host);
    }
  });
});
