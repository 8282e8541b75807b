// Payout notifications as text: the changes of a batch of agents, and the fleet digest. Critical lines
// name the stash and the eras left: that is what the person who claims needs.
import type { PayoutChange } from '../../../core/notifications/payout-alerts.ts';
import type { PayoutDigest, DigestRow } from '../../../core/notifications/payout-digest.ts';
import { compareUrgency, type PayoutLevel, type PayoutThresholds } from '../../../core/notifications/payout-level.ts';
import { agoText } from '../../format/time-text.ts';
import { agentMd, code } from '../message-text.ts';
import { eraList, type Notice } from './notice.ts';

const ICON: Record<PayoutLevel, string> = { ok: '🟢', warning: '🟠', critical: '🔴' };

/** `3 unclaimed, oldest era 1004 (6 eras old, 78 left)` */
function standingText(s: { unclaimed: number; oldestEra: number | undefined; oldestAge: number | undefined; erasLeft: number | undefined }): string {
  if (s.unclaimed === 0 && s.oldestEra === undefined) return 'nothing left to claim';
  const age = s.oldestAge !== undefined ? `${s.oldestAge} eras old` : undefined;
  const left = s.erasLeft !== undefined ? `**${s.erasLeft} eras left** before it expires` : undefined;
  const detail = [age, left].filter(Boolean).join(', ');
  return `${s.unclaimed} unclaimed, oldest era ${s.oldestEra ?? '?'}${detail ? ` (${detail})` : ''}`;
}

function levelText(c: PayoutChange): string | undefined {
  if (c.previous === undefined) return c.level === 'critical' ? '**CRITICAL**' : '**warning**';
  if (c.previous === c.level) return undefined;
  if (c.level === 'critical') return `**CRITICAL** (was ${c.previous})`;
  if (c.level === 'warning') return c.previous === 'ok' ? '**warning**' : 'down to warning';
  return 'back to ok';
}

export function changeLine(c: PayoutChange): string {
  const parts = [`${ICON[c.level]} **${agentMd(c.agentId.slice(0, 100))}**`];
  const level = levelText(c);
  if (level) parts.push(level);
  if (c.newEras.length) parts.push(`new unclaimed era${c.newEras.length > 1 ? 's' : ''} ${eraList(c.newEras)}`);
  if (c.claimedEras.length) parts.push(`claimed ${eraList(c.claimedEras)}`);
  if (c.expiredEras.length) parts.push(`⚠️ expired unclaimed, rewards lost: ${eraList(c.expiredEras)}`);
  parts.push(standingText(c));
  if (c.stash && c.level !== 'ok') parts.push(`stash ${code(c.stash)}`);
  return parts.join(' · ');
}

/** One message for a batch of changes, most urgent first. */
export function payoutChangesNotice(changes: readonly PayoutChange[]): Notice {
  const sorted = [...changes].sort(compareUrgency);
  const top = sorted[0]!;
  const critical = sorted.filter((c) => c.level === 'critical');
  const title =
    sorted.length === 1
      ? `${ICON[top.level]} Payouts: ${agentMd(top.agentId.slice(0, 100))}`
      : `Payout changes: ${sorted.length} validators${critical.length ? `, ${critical.length} critical` : ''}`;
  const content = critical.length
    ? `🔴 Payouts critical: ${critical
        .slice(0, 5)
        .map((c) => `${agentMd(c.agentId.slice(0, 60))} (stash ${agentMd(c.stash?.slice(0, 100) ?? 'unknown')}) has ${c.erasLeft ?? '?'} eras left before era ${c.oldestEra ?? '?'} expires`)
        .join('; ')}${critical.length > 5 ? `; and ${critical.length - 5} more` : ''}`
    : undefined;
  return { title, level: top.level === 'ok' ? 'info' : top.level, lines: changeLines(sorted), content };
}

/** Only a new era, nothing to worry about: what every healthy validator does at every era. */
const routine = (c: PayoutChange) => c.level === 'ok' && c.previous === 'ok' && c.newEras.length > 0 && c.claimedEras.length + c.expiredEras.length === 0;

const ROUTINE_GROUP_MIN = 4;

/**
 * One line per change, except that the routine news of an era ending for many validators at once is
 * one line per era list, naming them: a fleet of hundreds gets one short message per era, not pages.
 */
function changeLines(sorted: readonly PayoutChange[]): string[] {
  const byEras = new Map<string, PayoutChange[]>();
  for (const c of sorted.filter(routine)) {
    const key = eraList(c.newEras);
    const group = byEras.get(key);
    if (group) group.push(c);
    else byEras.set(key, [c]);
  }
  const lines: string[] = [];
  for (const c of sorted) {
    const group = routine(c) ? byEras.get(eraList(c.newEras))! : [];
    if (group.length < ROUTINE_GROUP_MIN) lines.push(changeLine(c));
    // The group's one line, written where its first member stands.
    else if (group[0] === c) {
      const ids = group.map((g) => agentMd(g.agentId.slice(0, 100))).sort();
      lines.push(`${ICON.ok} new unclaimed era ${eraList(c.newEras)} on ${group.length} validators, all within the thresholds: ${names(ids, 40)}`);
    }
  }
  return lines;
}

function digestLine(r: DigestRow, now: number): string {
  const host = r.hostName && r.hostName !== r.agentId ? ` (${agentMd(r.hostName.slice(0, 60))})` : '';
  const stale = r.connected ? '' : ` · offline, as of ${agoText(r.lastSummaryAt, now)}`;
  const stash = r.stash ? ` · stash ${code(r.stash)}` : '';
  return `${ICON[r.level]} **${agentMd(r.agentId.slice(0, 100))}**${host} · ${standingText(r)}${stash}${stale}`;
}

function names(ids: readonly string[], max = 15): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

export function payoutDigestNotice(d: PayoutDigest, t: PayoutThresholds, now: number, title = 'Payout digest'): Notice {
  const total = d.pending.length + d.claimed.length + d.noInfo.length;
  const head = [
    `${total} agents`,
    d.critical ? `${d.critical} critical` : undefined,
    d.warning ? `${d.warning} warning` : undefined,
    `${d.pending.length} with unclaimed eras`,
  ].filter(Boolean);
  const lines = d.pending.map((r) => digestLine(r, now));
  if (d.claimed.length) lines.push(`✅ ${d.claimed.length} with nothing to claim: ${names(d.claimed.map(agentMd))}`);
  if (d.noInfo.length) lines.push(`❔ ${d.noInfo.length} without payout info: ${names(d.noInfo.map(agentMd))}`);
  if (lines.length === 0) lines.push('No agent has reported yet.');
  return {
    title: `${title}: ${head.join(' · ')}`,
    level: d.critical ? 'critical' : d.warning ? 'warning' : 'ok',
    lines,
    footer: `Warning: an unclaimed era older than ${t.warnEras} eras. Critical: ${t.criticalErasLeft} eras or fewer before the oldest expires (history depth 84 eras).`,
  };
}
