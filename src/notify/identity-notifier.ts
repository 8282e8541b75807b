// Identity alerts (issue 13): impersonation attempts, agents waiting for an admin (with Accept / Reject
// buttons), agents connecting from a new address. All go to the alerts channel through the outbox.
import type { EventBus } from '../core/event-bus.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { Message } from '../i18n/message.ts';
import type { Outbox } from './outbox.ts';

/** The hub's reason for a reader: its message once the hub gives one (issue 18), else its English words. */
function whyOf(e: HubEvents['agent_impersonation']): Message | string {
  return (e as { whyText?: Message }).whyText ?? e.why;
}

export function startIdentityNotifier(deps: { events: EventBus<HubEvents>; outbox: Outbox }): { stop(): void } {
  const { events, outbox } = deps;
  const offs = [
    events.on('agent_impersonation', (e) =>
      void outbox.enqueueNotice('alerts', { facts: { kind: 'impersonation', claimedId: e.claimedId, why: whyOf(e), address: e.address, holder: e.holder } }),
    ),
    events.on('agent_pending', (e) => {
      // Once per enrolment: a pending agent reconnecting does not post its buttons again.
      if (!e.isNew) return;
      const facts = { kind: 'agent_pending', agentId: e.agentId, hostName: e.hostName, address: e.address, credential: e.credential } as const;
      outbox.enqueueNotice('alerts', { facts }, { dedupeKey: `pending:${e.agentId}:${e.at}` });
    }),
    events.on('agent_new_address', (e) =>
      void outbox.enqueueNotice('alerts', { facts: { kind: 'agent_new_address', agentId: e.agentId, address: e.address, previousAddress: e.previousAddress, credential: e.credential } }),
    ),
  ];
  return {
    stop() {
      for (const off of offs) off();
    },
  };
}
