// i18n-exempt-file: Prometheus metric names and HELP texts, read by developers and dashboards in English
// Prometheus metrics at /metrics (prom-client), read from the hub's and the store's counters and the
// dispatcher's events. Labels hold only bounded, non-personal values: command names, outcome states,
// frame types, refusal classes and agent ids; never a token, a person's id or free text.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Hub } from '../../hub/hub.ts';

export interface MetricsDeps {
  hub: Pick<Hub, 'stats' | 'events' | 'live'>;
  dispatcher: Pick<Dispatcher, 'events'>;
  directory: Pick<AgentDirectory, 'list'>;
  store: {
    agentCount(): number;
    waiting(): Array<{ state: string }>;
    outboxPending(): number;
  };
  /** undefined when Discord is not configured. */
  discordReady: (() => boolean) | undefined;
}

/** A refusal's reason (free text naming what the agent sent) reduced to a small fixed set. */
export function refusalClass(reason: string): string {
  if (/token/i.test(reason)) return 'token';
  if (/register timeout/i.test(reason)) return 'register_timeout';
  if (/malformed/i.test(reason)) return 'malformed';
  if (/first message/i.test(reason)) return 'not_register';
  if (/identity|client_id|host_name/i.test(reason)) return 'identity';
  return 'other';
}

export function createMetrics(deps: MetricsDeps): { registry: Registry; close(): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'mserver_agents',
    help: 'Agents by state: online (identified), waiting (connected, not yet identified), offline (seen before, not connected)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const live = deps.hub.live();
      const waiting = live.filter((l) => l.provisional).length;
      const online = live.length - waiting;
      this.set({ state: 'online' }, online);
      this.set({ state: 'waiting' }, waiting);
      this.set({ state: 'offline' }, Math.max(0, deps.store.agentCount() - online));
    },
  });

  const commands = new Counter({
    name: 'mserver_commands_total',
    help: 'Commands finished, by command and outcome (success, failed, timeout, not_connected, disconnected, interrupted)',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mserver_command_duration_seconds',
    help: 'Time from sending a command to its final answer',
    labelNames: ['command'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const offFinished = deps.dispatcher.events.on('run_finished', ({ outcomes }) => {
    for (const o of outcomes) {
      commands.inc({ command: o.command, outcome: o.state });
      if (o.state !== 'not_connected') duration.observe({ command: o.command }, Math.max(0, o.at - o.sentAt) / 1000);
    }
  });

  new Gauge({
    name: 'mserver_requests_waiting',
    help: 'Requests waiting for a decision, by kind (confirmation, approval)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const w = deps.store.waiting();
      this.set({ kind: 'confirmation' }, w.filter((r) => r.state === 'awaiting_confirmation').length);
      this.set({ kind: 'approval' }, w.filter((r) => r.state === 'awaiting_approval').length);
    },
  });

  new Gauge({
    name: 'mserver_outbox_pending',
    help: 'Notifications stored and not yet posted',
    registers: [registry],
    collect() {
      this.set(deps.store.outboxPending());
    },
  });

  new Counter({
    name: 'mserver_hub_frames_total',
    help: 'Frames read from agents, by type (unknown types as other)',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [type, n] of Object.entries(deps.hub.stats().framesByType ?? {})) this.inc({ type }, n);
    },
  });

  const refused = new Map<string, number>();
  const offRefused = deps.hub.events.on('agent_refused', ({ reason }) => {
    const c = refusalClass(reason);
    refused.set(c, (refused.get(c) ?? 0) + 1);
  });
  new Counter({
    name: 'mserver_hub_refusals_total',
    help: 'Connections and frames the hub refused, by reason (token, register_timeout, malformed, not_register, identity, oversize, flood, other)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of refused) this.inc({ reason }, n);
      const s = deps.hub.stats();
      this.inc({ reason: 'oversize' }, s.oversize);
      this.inc({ reason: 'flood' }, s.floods);
    },
  });

  const unclaimed = new Gauge({ name: 'mserver_unclaimed_payout_eras', help: 'Eras with unclaimed staking rewards, per agent', labelNames: ['agent'], registers: [registry] });
  const erasLeft = new Gauge({
    name: 'mserver_oldest_unclaimed_era_eras_left',
    help: 'Eras left before the oldest unclaimed era\'s rewards are lost, per agent (absent when nothing is unclaimed)',
    labelNames: ['agent'],
    registers: [registry],
  });
  // Both from one pass over the agents, before each scrape (see the registry wrapper below).
  const payouts = () => {
    unclaimed.reset();
    erasLeft.reset();
    for (const a of deps.directory.list()) {
      if (!a.payout) continue;
      unclaimed.set({ agent: a.id }, a.payout.unclaimed.length);
      if (a.payout.erasLeft !== undefined) erasLeft.set({ agent: a.id }, a.payout.erasLeft);
    }
  };

  new Gauge({
    name: 'mserver_discord_ready',
    help: '1 when the Discord bot is logged in and ready, 0 when not (or not configured)',
    registers: [registry],
    collect() {
      this.set(deps.discordReady?.() ? 1 : 0);
    },
  });

  const metrics = registry.metrics.bind(registry);
  registry.metrics = async () => {
    payouts();
    return metrics();
  };

  return {
    registry,
    close() {
      offFinished();
      offRefused();
      registry.clear();
    },
  };
}

export async function metricsPlugin(app: FastifyInstance, opts: { registry: Registry }): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const body = await opts.registry.metrics();
    return reply.type(opts.registry.contentType).send(body);
  });
}
