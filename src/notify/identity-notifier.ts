// Identity alerts (issue 13): impersonation attempts, agents waiting for an admin (with Accept / Reject
// buttons), agents connecting from a new address. All go to the alerts channel through the outbox.
import type { EventBus } from '../core/event-bus.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import { impersonationNotice, newAddressNotice, pendingMessages } from '../transports/discord/notices/identity-notices.ts';
import type { Outbox } from './outbox.ts';

export function startIdentityNotifier(deps: { events: EventBus<HubEvents>; outbox: Outbox }): { stop(): void } {
  const { events, outbox } = deps;
  const offs = [
    events.on('agent_impersonation', (e) => void outbox.enqueueNotice('alerts', impersonationNotice(e, outbox.locale))),
    events.on('agent_pending', (e) => {
      // Once per enrolment: a pending agent reconnecting does not post its buttons again.
      if (!e.isNew) return;
      outbox.atomically(() => {
        pendingMessages(e, outbox.locale).forEach((m, n) => outbox.enqueue('alerts', m, { dedupeKey: `pending:${e.agentId}:${e.at}${n ? `#${n}` : ''}` }));
      });
    }),
    events.on('agent_new_address', (e) => void outbox.enqueueNotice('alerts', newAddressNotice(e, outbox.locale))),
  ];
  return {
    stop() {
      for (const off of offs) off();
    },
  };
}
