// i18n-exempt-file: quota refusals are log lines and audit details (searched in English), never shown as a message
// Quotas per agent (issue 15): what an agent holding a token could otherwise store without bound. At
// most `maxMessageTypes` distinct unknown message types kept per agent; a changed payout_info stored at
// most once per `payoutSnapshotMinMs` (the newest state is stored once the interval has passed); at most
// `keyUpdatesPerHour` unsolicited key_update frames stored per agent and hour. A frame over a quota is
// ignored and counted; the agent stays connected. The first refusal of an agent is audited at once, the
// rest of that minute in one row with their counts, so a hostile agent cannot fill the audit instead.
import type { Clock } from '../core/ports.ts';
import { createLogThrottle } from './log-throttle.ts';

export type QuotaKind = 'message_types' | 'payout_snapshots' | 'unsolicited_key_updates';

export interface QuotaOptions {
  maxMessageTypes: number;
  payoutSnapshotMinMs: number;
  keyUpdatesPerHour: number;
}

export interface AgentQuotaDeps {
  options: QuotaOptions;
  clock: Clock;
  /** The unknown message types already stored for an agent. */
  storedTypes(agentId: string): string[];
  /** One audit row (queued by the caller). */
  audit(agentId: string, at: number, detail: Record<string, unknown>): void;
  warn(agentId: string, detail: Record<string, unknown>, msg: string): void;
}

export interface AgentQuotas {
  allowMessageType(agentId: string, type: string): boolean;
  /** Called when an agent's payout_info changed: may it be stored now? */
  allowPayoutSnapshot(agentId: string): boolean;
  allowUnsolicitedKeyUpdate(agentId: string): boolean;
  /** Refusals since start, by quota. */
  readonly refused: Readonly<Record<QuotaKind, number>>;
  /** Writes the audit rows of minutes that have ended (all of them with `all`, at shutdown). */
  sweep(all?: boolean): void;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

export function createAgentQuotas(deps: AgentQuotaDeps): AgentQuotas {
  const { options, clock } = deps;
  const refused: Record<QuotaKind, number> = { message_types: 0, payout_snapshots: 0, unsolicited_key_updates: 0 };
  const types = new Map<string, { names: Set<string>; loadedAt: number }>();
  const lastPayout = new Map<string, number>();
  const keyUpdates = new Map<string, number[]>();
  // Per agent: the refusals of the current minute beyond the first, by quota, for its summary row.
  const pendingCounts = new Map<string, Partial<Record<QuotaKind, number>>>();
  const rows = createLogThrottle(() => clock.now(), 1, MINUTE);

  const limits: Record<QuotaKind, string> = {
    message_types: `at most ${options.maxMessageTypes} distinct unknown message types stored (MCLIENT_MAX_MESSAGE_TYPES)`,
    payout_snapshots: `a changed payout_info stored at most once per ${options.payoutSnapshotMinMs / 1000} s (PAYOUT_SNAPSHOT_MIN_S)`,
    unsolicited_key_updates: `at most ${options.keyUpdatesPerHour} unsolicited key_update frames an hour`,
  };

  function refuse(agentId: string, kind: QuotaKind, detail: Record<string, unknown>): false {
    refused[kind] += 1;
    let first = false;
    rows(
      `quota:${agentId}`,
      () => {
        first = true;
        pendingCounts.set(agentId, {});
        const at = clock.now();
        deps.audit(agentId, at, { quota: kind, limit: limits[kind], ...detail });
        deps.warn(agentId, { quota: kind, ...detail }, `agent over a quota: ${limits[kind]}; frame ignored (counted, audited once a minute)`);
      },
      () => {
        const counts = pendingCounts.get(agentId) ?? {};
        pendingCounts.delete(agentId);
        deps.audit(agentId, clock.now(), { quota: 'more refusals within a minute, counted', refused: counts });
      },
    );
    // The first of a minute has its own row; the others are counted for the summary row.
    if (!first) {
      const counts = pendingCounts.get(agentId) ?? {};
      counts[kind] = (counts[kind] ?? 0) + 1;
      pendingCounts.set(agentId, counts);
    }
    return false;
  }

  return {
    refused,
    allowMessageType(agentId, type) {
      const now = clock.now();
      let known = types.get(agentId);
      if (!known) {
        known = { names: new Set(deps.storedTypes(agentId)), loadedAt: now };
        types.set(agentId, known);
      }
      if (known.names.has(type)) return true;
      // Retention prunes old messages: after a minute, what is stored is read again before refusing.
      if (known.names.size >= options.maxMessageTypes && now - known.loadedAt >= MINUTE) {
        known.names = new Set(deps.storedTypes(agentId));
        known.loadedAt = now;
      }
      if (known.names.size >= options.maxMessageTypes) return refuse(agentId, 'message_types', { type });
      known.names.add(type);
      return true;
    },
    allowPayoutSnapshot(agentId) {
      const now = clock.now();
      const last = lastPayout.get(agentId);
      if (last !== undefined && now - last < options.payoutSnapshotMinMs) return refuse(agentId, 'payout_snapshots', {});
      lastPayout.set(agentId, now);
      return true;
    },
    allowUnsolicitedKeyUpdate(agentId) {
      const now = clock.now();
      const recent = (keyUpdates.get(agentId) ?? []).filter((t) => now - t < HOUR);
      if (recent.length >= options.keyUpdatesPerHour) {
        keyUpdates.set(agentId, recent);
        return refuse(agentId, 'unsolicited_key_updates', {});
      }
      recent.push(now);
      keyUpdates.set(agentId, recent);
      return true;
    },
    sweep(all = false) {
      rows.sweep(all);
      if (all) pendingCounts.clear();
    },
  };
}
