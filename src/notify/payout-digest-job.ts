// The fleet payout digest on its cron (PAYOUT_DIGEST_CRON in SCHEDULE_TIMEZONE), into the payouts channel.
import type { AgentDirectory } from '../core/agent-directory.ts';
import { buildPayoutDigest } from '../core/notifications/payout-digest.ts';
import type { PayoutThresholds } from '../core/notifications/payout-level.ts';
import type { Clock } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import { startCronJob } from '../scheduler/cron.ts';
import type { Outbox } from './outbox.ts';

export function startPayoutDigestJob(deps: {
  cron: string;
  timezone: string;
  directory: Pick<AgentDirectory, 'list'>;
  outbox: Outbox;
  thresholds: PayoutThresholds;
  clock: Clock;
  log: Logger;
}): { stop(): void } {
  const job = startCronJob(
    deps.cron,
    deps.timezone,
    (firedAt) => {
      const digest = buildPayoutDigest(deps.directory.list(), deps.thresholds);
      // Keyed by the firing time: a tick delivered twice still posts once.
      deps.outbox.enqueueNotice('payouts', { facts: { kind: 'payout_digest', digest, thresholds: deps.thresholds, at: deps.clock.now() } }, { dedupeKey: `digest:${firedAt.toISOString()}` });
    },
    (err) => deps.log.error({ err }, 'building the payout digest failed'),
    'payout-digest',
  );
  deps.log.info({ cron: deps.cron, timezone: deps.timezone, next: job.nextRun()?.toISOString() }, 'payout digest scheduled');
  return { stop: () => job.stop() };
}
