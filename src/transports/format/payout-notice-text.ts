// Payout notices as plain text (see notice-text.ts): one line per agent that changed, most urgent first,
// and the fleet digest. Era numbers are names of eras: shown without digit grouping.
import type { NoticeFacts } from '../../core/notice.ts';
import type { PayoutChange } from '../../core/notifications/payout-alerts.ts';
import { compareUrgency, type PayoutLevel } from '../../core/notifications/payout-level.ts';
import type { Translator } from '../../i18n/translate.ts';
import { agoText } from './time-text.ts';

const ICON: Record<PayoutLevel, string> = { ok: '🟢', warning: '🟠', critical: '🔴' };
const MAX_LINES = 200;

/** `998-1000, 1003`: eras as ranges, at most `max` ranges shown. */
function eras(list: readonly number[], p: Translator, max = 8): string {
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return ranges.length > max ? p('notices.eras.more', { list: ranges.slice(0, max).join(', '), count: sorted.length }) : ranges.join(', ');
}

function standing(p: Translator, s: { unclaimed: number; oldestEra: number | undefined; oldestAge: number | undefined; erasLeft: number | undefined }): string {
  if (s.unclaimed === 0 && s.oldestEra === undefined) return p('notices.payout.nothingToClaim');
  const detail = [
    s.oldestAge !== undefined ? p('notices.payout.erasOld', { age: s.oldestAge }) : undefined,
    s.erasLeft !== undefined ? p('notices.payout.erasLeft', { left: s.erasLeft }) : undefined,
  ].filter(Boolean);
  return `${p('notices.payout.standing', { unclaimed: s.unclaimed, era: String(s.oldestEra ?? '?') })}${detail.length ? ` (${detail.join(', ')})` : ''}`;
}

function levelChange(p: Translator, c: PayoutChange): string | undefined {
  if (c.previous === undefined) return c.level === 'critical' ? p('notices.payout.isCritical') : p('notices.payout.isWarning');
  if (c.previous === c.level) return undefined;
  if (c.level === 'critical') return p('notices.payout.criticalWas', { previous: p(`notices.payout.level.${c.previous}`) });
  if (c.level === 'warning') return c.previous === 'ok' ? p('notices.payout.isWarning') : p('notices.payout.downToWarning');
  return p('notices.payout.backToOk');
}

function changeLine(c: PayoutChange, p: Translator): string {
  const parts = [`${ICON[c.level]} ${c.agentId.slice(0, 100)}`, levelChange(p, c)];
  if (c.newEras.length) parts.push(p('notices.payout.newEras', { eras: eras(c.newEras, p), count: c.newEras.length }));
  if (c.claimedEras.length) parts.push(p('notices.payout.claimed', { eras: eras(c.claimedEras, p) }));
  if (c.expiredEras.length) parts.push(p('notices.payout.expired', { eras: eras(c.expiredEras, p) }));
  parts.push(standing(p, c));
  if (c.stash && c.level !== 'ok') parts.push(p('notices.payout.stash', { stash: c.stash }));
  return parts.filter(Boolean).join(' · ');
}

export function payoutChangesText(changes: readonly PayoutChange[], p: Translator): { title: string; text: string } {
  const sorted = [...changes].sort(compareUrgency);
  const top = sorted[0];
  const critical = sorted.filter((c) => c.level === 'critical').length;
  const title =
    sorted.length === 1 && top
      ? p('notices.payout.titleOne', { icon: ICON[top.level], agent: top.agentId.slice(0, 100) })
      : `${p('notices.payout.titleMany', { count: sorted.length })}${critical ? p('notices.payout.titleCritical', { critical }) : ''}`;
  const lines = sorted.slice(0, MAX_LINES).map((c) => changeLine(c, p));
  if (sorted.length > MAX_LINES) lines.push(p('notices.names.more', { list: '…', count: sorted.length - MAX_LINES }));
  return { title, text: lines.join('\n') };
}

export function payoutDigestText(f: Extract<NoticeFacts, { kind: 'payout_digest' }>, t: Translator, p: Translator): { title: string; text: string } {
  const d = f.digest;
  const names = (ids: readonly string[], max = 15) => (ids.length <= max ? ids.join(', ') : p('notices.names.more', { list: ids.slice(0, max).join(', '), count: ids.length - max }));
  const head = [
    p('notices.payout.digestAgents', { count: d.pending.length + d.claimed.length + d.noInfo.length }),
    d.critical ? p('notices.payout.digestCritical', { count: d.critical }) : undefined,
    d.warning ? p('notices.payout.digestWarning', { count: d.warning }) : undefined,
    p('notices.payout.digestPending', { count: d.pending.length }),
  ].filter(Boolean);
  const lines = d.pending.slice(0, MAX_LINES).map((r) => {
    const host = r.hostName && r.hostName !== r.agentId ? ` (${r.hostName.slice(0, 60)})` : '';
    const stash = r.stash ? ` · ${p('notices.payout.stash', { stash: r.stash })}` : '';
    const stale = r.connected ? '' : ` · ${p('notices.payout.offlineAsOf', { ago: agoText(r.lastSummaryAt, f.at, t) })}`;
    return `${ICON[r.level]} ${r.agentId.slice(0, 100)}${host} · ${standing(p, r)}${stash}${stale}`;
  });
  if (d.claimed.length) lines.push(p('notices.payout.digestClaimed', { count: d.claimed.length, names: names(d.claimed) }));
  if (d.noInfo.length) lines.push(p('notices.payout.digestNoInfo', { count: d.noInfo.length, names: names(d.noInfo) }));
  if (lines.length === 0) lines.push(p('notices.payout.digestEmpty'));
  lines.push(p('notices.payout.digestFooter', { warn: f.thresholds.warnEras, critical: f.thresholds.criticalErasLeft }));
  return { title: `${p('notices.payout.digestTitle')}: ${head.join(' · ')}`, text: lines.join('\n') };
}
