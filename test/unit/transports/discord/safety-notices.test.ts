import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DuplicateKey, Handover } from '../../../../src/core/key-guard.ts';
import { duplicateKeyNotice, handoverNotice } from '../../../../src/transports/discord/notices/safety-notices.ts';
import { handoverText } from '../../../../src/transports/format/handover-text.ts';
import { agentMd } from '../../../../src/transports/discord/message-text.ts';
import { translator } from '../../../../src/i18n/translate.ts';
const EN = translator('en');

// What agents and members wrote is data in Discord: an underscore in an agent's name does not italicize
// the alert, and a member's name cannot post a link or bold text that reads as mserver's.
const EVIL = 'Eve **[verified on chain](https://evil.example)**';
const handover: Handover = {
  id: 1,
  agentId: 'val_new_1',
  container: 'polkadot_validator',
  sessionKey: `0x${'ab'.repeat(96)}`,
  stash: null,
  state: 'submitted',
  rotatedBy: EVIL,
  rotatedAt: 1_700_000_000_000,
  submittedBy: EVIL,
  submittedAt: 1_700_000_100_000,
  doneAt: null,
  chainState: null,
  chainAt: null,
};

test('a hand-over notice escapes the agent, the container and the member who reported it', () => {
  const n = handoverNotice(handover, 'submitted');
  assert.equal(n.title, `📨 set_keys sent for val\\_new\\_1 / polkadot\\_validator`);
  assert.ok(n.lines[0]!.startsWith(agentMd(EVIL)), n.lines[0]);
  assert.ok(!n.lines.join('\n').includes(EVIL), 'the raw name is never posted');
});

test('a duplicate-key alert escapes both holders', () => {
  const at = 1_700_000_000_000;
  const d: DuplicateKey = {
    publicKey: `0x${'cd'.repeat(96)}`,
    holders: [
      { agentId: 'val_a_1', container: 'node_x', keyType: 'session_keys', publicKey: `0x${'cd'.repeat(96)}`, source: 'key_update', at },
      { agentId: 'val_b_1', container: 'node_x', keyType: 'session_keys', publicKey: `0x${'cd'.repeat(96)}`, source: 'check_keys', at },
    ],
  };
  const n = duplicateKeyNotice(d, [], 'en');
  assert.match(n.title!, /val\\_a\\_1 \/ node\\_x and val\\_b\\_1 \/ node\\_x/);
  assert.ok(n.lines.some((l) => l.startsWith('• **val\\_a\\_1** / `node_x`')));
});

test('the hand-over line escapes for Discord and stays plain for the console', () => {
  const md = handoverText(handover, undefined, String, agentMd, undefined, EN);
  assert.ok(md.includes('val\\_new\\_1 / polkadot\\_validator'));
  assert.ok(md.includes(`rotated by ${agentMd(EVIL)}`) && !md.includes(EVIL));
  assert.ok(handoverText(handover, undefined, String, undefined, undefined, EN).includes(`val_new_1 / polkadot_validator: rotated by ${EVIL}`));
});
