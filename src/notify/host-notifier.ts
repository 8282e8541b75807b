// Hosts offline and back online, from the hub's connection events through the host watch (grace,
// flapping). Reports within a window become one message; the state they settle is stored with it.
import { createCoalescer } from '../core/notifications/coalescer.ts';
import { createHostWatch, type HostEvent, type HostState } from '../core/notifications/host-watch.ts';
import type { Timers } from '../core/notifications/timers.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { Clock } from '../core/ports.ts';
import type { HubEvents } from '../hub/hub-events.ts';
import type { AgentsRepo } from '../store/agents-repo.ts';
import type { AlertStateRepo } from '../store/alert-state-repo.ts';
import type { NoticeAction } from '../core/notice.ts';
import type { Outbox } from './outbox.ts';

export interface HostNotifierDeps {
  events: EventBus<HubEvents>;
  connectedIds: () => string[];
  agents: Pick<AgentsRepo, 'get'>;
  alertState: AlertStateRepo;
  queue: { push(write: () => void): void };
  outbox: Outbox;
  graceMs: number;
  windowMs: number;
  clock: Clock;
  timers: Timers;
  /** Buttons under the alert (Status, for an agent that is back). */
  actionsFor?: (events: HostEvent[]) => NoticeAction[];
}

function readHostState(v: unknown): HostState | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  return (o.state === 'up' || o.state === 'down') && typeof o.since === 'number' ? { state: o.state, since: o.since } : undefined;
}

export function startHostNotifier(deps: HostNotifierDeps): { stop(): void } {
  const { alertState, outbox } = deps;
  const batch = createCoalescer<HostEvent>({
    windowMs: deps.windowMs,
    timers: deps.timers,
    flush(events) {
      outbox.atomically(() => {
        outbox.enqueueNotice('alerts', { facts: { kind: 'host_events', events }, actions: deps.actionsFor?.(events) });
        for (const e of events) {
          if (e.kind === 'offline') alertState.set('host', e.agentId, { state: 'down', since: e.since }, e.at);
          if (e.kind === 'online') alertState.set('host', e.agentId, { state: 'up', since: e.at }, e.at);
        }
      });
    },
  });
  const watch = createHostWatch({
    graceMs: deps.graceMs,
    clock: deps.clock,
    timers: deps.timers,
    onEvent: (e) => batch.add(e),
    onState: (agentId, s) => deps.queue.push(() => alertState.set('host', agentId, s, s.since)),
  });
  const offs = [
    deps.events.on('agent_connected', (e) => watch.connected(e.agentId)),
    deps.events.on('agent_disconnected', (e) => watch.disconnected(e.agentId, e.at)),
    deps.events.on('agent_forgotten', (e) => watch.forget(e.agentId)),
  ];
  const remembered = new Map<string, HostState>();
  for (const [agentId, raw] of alertState.all('host')) {
    const s = readHostState(raw);
    if (s) remembered.set(agentId, s);
  }
  // last_seen, not disconnected_at: after a crash the latter is the time of the restart.
  watch.resume(remembered, deps.connectedIds(), (agentId) => deps.agents.get(agentId)?.lastSeen);

  return {
    stop() {
      for (const off of offs) off();
      watch.stop();
      batch.flush();
    },
  };
}
