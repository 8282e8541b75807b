// Payout alerts from summaries: each agent's payout state is compared with what was last alerted on,
// changes of the whole fleet within a window become one message, and the alerted state is stored in the
// same transaction as the message, so a restart neither repeats nor loses an alert.
import { createCoalescer } from '../core/notifications/coalescer.ts';
import { comparePayout, readPayoutAlertState, type PayoutAlertState, type PayoutChange } from '../core/notifications/payout-alerts.ts';
import type { PayoutThresholds } from '../core/notifications/payout-level.ts';
import type { Timers } from '../core/notifications/timers.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { AlertStateRepo } from '../store/alert-state-repo.ts';
import type { NoticeAction } from '../core/notice.ts';
import type { Outbox } from './outbox.ts';

export interface PayoutNotifierDeps {
  events: EventBus<HubEvents>;
  alertState: AlertStateRepo;
  queue: { push(write: () => void): void };
  outbox: Outbox;
  thresholds: PayoutThresholds;
  windowMs: number;
  timers: Timers;
  /** Buttons under the alert (Run payout). */
  actionsFor?: (changes: PayoutChange[]) => NoticeAction[];
}

export function startPayoutNotifier(deps: PayoutNotifierDeps): { stop(): void } {
  const { alertState, outbox } = deps;
  const states = new Map<string, PayoutAlertState>();
  for (const [agentId, raw] of alertState.all('payout')) {
    const s = readPayoutAlertState(raw);
    if (s) states.set(agentId, s);
  }
  // The hub says when a summary's payout differs from the last stored one. After a start each agent's
  // first summary is compared anyway: a change seen before a crash may not have been alerted yet.
  const compared = new Set<string>();

  const batch = createCoalescer<{ change: PayoutChange; state: PayoutAlertState }>({
    windowMs: deps.windowMs,
    timers: deps.timers,
    flush(items) {
      outbox.atomically(() => {
        const changes = items.map((i) => i.change);
        outbox.enqueueNotice('payouts', { facts: { kind: 'payout_changes', changes }, actions: deps.actionsFor?.(changes) });
        for (const { change, state } of items) alertState.set('payout', change.agentId, state, change.at);
      });
    },
  });

  const off = deps.events.on('summary', (e) => {
    if (!e.payout || (!e.payoutChanged && compared.has(e.agentId))) return;
    compared.add(e.agentId);
    const previous = states.get(e.agentId);
    const { next, change } = comparePayout(e.agentId, previous, e.payout, deps.thresholds, e.at);
    states.set(e.agentId, next);
    if (change) batch.add({ change, state: next });
    else if (!previous) deps.queue.push(() => alertState.set('payout', e.agentId, next, e.at));
  });

  return {
    stop() {
      off();
      batch.flush();
    },
  };
}
