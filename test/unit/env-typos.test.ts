import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KNOWN_VARIABLES } from '../../src/config.ts';
import { closestVariable, variableTypos } from '../../src/env-typos.ts';

test('a variable with an owned prefix that mserver does not read names the closest real one', () => {
  const w = variableTypos({ MCLIENT_PROT: '9000', DISCORD_TOKN: 'x', ROLE_ADMINS: '1', HTTP_PROT: '1', PATH: '/bin', HOME: '/root', MCLIENT_PORT: '1' }, KNOWN_VARIABLES, 'en');
  assert.equal(w.length, 4, w.join('\n'));
  assert.match(w.find((l) => l.startsWith('DISCORD_TOKN'))!, /^DISCORD_TOKN is not a variable mserver reads, so it is ignored: did you mean DISCORD_TOKEN\?/);
  assert.match(w.find((l) => l.startsWith('MCLIENT_PROT'))!, /did you mean MCLIENT_PORT\?/);
  assert.match(w.find((l) => l.startsWith('ROLE_ADMINS'))!, /did you mean ROLE_ADMIN_IDS\?/);
  assert.ok(w.some((l) => l.startsWith('HTTP_PROT is not a variable')), 'HTTP_ is owned even before the HTTP API reads a variable here');
});

test('variables of other programs are left alone', () => {
  assert.deepEqual(variableTypos({ PATH: '/bin', NODE_ENV: 'production', TERM: 'xterm', LANG: 'C' }, KNOWN_VARIABLES, 'en'), []);
});

test('closest prefers the same prefix', () => {
  assert.equal(closestVariable('LOG_LEVL', KNOWN_VARIABLES), 'LOG_LEVEL');
  assert.equal(closestVariable('DATABASE_PAHT', KNOWN_VARIABLES), 'DATABASE_PATH');
});
