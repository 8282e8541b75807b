import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPayoutDigest, type DigestAgent } from '../../../../src/core/notifications/payout-digest.ts';
import { readPayout } from '../../../../src/core/payout.ts';

const agent = (id: string, info: unknown, connected = true): DigestAgent => ({ id, hostName: `${id}-host`, connected, payout: readPayout(info), lastSummaryAt: 1 });

test('digest: pending agents most urgent first, the claimed and the silent counted apart', () => {
  const d = buildPayoutDigest(
    [
      agent('ok-1', { active_era: 1000, unclaimed_eras: [999] }),
      agent('crit-far', { active_era: 1000, unclaimed_eras: [930, 990] }),
      agent('claimed', { active_era: 1000, unclaimed_eras: [] }),
      agent('warn', { active_era: 1000, unclaimed_eras: [980] }, false),
      agent('crit-near', { active_era: 1000, unclaimed_eras: [920] }),
      agent('silent', undefined),
    ],
    { warnEras: 4, criticalErasLeft: 14 },
  );
  assert.deepEqual(
    d.pending.map((r) => [r.agentId, r.level, r.erasLeft]),
    [
      ['crit-near', 'critical', 4],
      ['crit-far', 'critical', 14],
      ['warn', 'warning', 64],
      ['ok-1', 'ok', 83],
    ],
  );
  assert.deepEqual(d.claimed, ['claimed']);
  assert.deepEqual(d.noInfo, ['silent']);
  assert.equal(d.critical, 2);
  assert.equal(d.warning, 1);
  assert.equal(d.pending.find((r) => r.agentId === 'warn')?.connected, false);
});
