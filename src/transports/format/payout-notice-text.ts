// Payout notices as plain text (see notice-text.ts): one line per agent that changed, most urgent first,
// and the fleet digest. The standing and level phrases are shared with Discord's embeds (payout-notices.ts).
import type { NoticeFacts } from '../../core/notice.ts';
import type { PayoutChange } from '../../core/notifications/payout-alerts.ts';
import { compareUrgency, type PayoutLevel } from '../../core/notifications/payout-level.ts';
import type { Translator } from '../../i18n/translate.ts';
import { eraList } from './era-list.ts';
import { agoText } from './time-text.ts';

const ICON: Record<PayoutLevel, string> = { ok: '🟢', warning: '🟠', critical: '🔴' };
const MAX_LINES = 200;

const eras = (list: readonly number[], p: Translator) => eraList(list, 8, p.locale);

/** `3 unclaimed, oldest era 1004 (6 eras old, 78 left)`; `t` writes it plain or for Discord (its templates' marks). */
export function standingText(p: Translator, s: { unclaimed: number; oldestEra: number | undefined; oldestAge: number | undefined; erasLeft: number | undefined }): string {
  if (s.unclaimed === 0 && s.oldestEra === undefined) return p('notices.payout.nothingToClaim');
  const detail = [
    s.oldestAge !== undefined ? p('notices.payout.erasOld', { age: s.oldestAge }) : undefined,
    s.erasLeft !== undefined ? p('notices.payout.erasLeft', { left: s.erasLeft }) : undefined,
  ].filter(Boolean);
  return `${p('notices.payout.standing', { unclaimed: s.unclaimed, era: String(s.oldestEra ?? '?') })}${detail.length ? ` (${detail.join(', ')})` : ''}`;
}

/** How the level moved (`CRITICAL (was warning)`), or undefined when it did not. */
export function levelChangeText(p: Translator, c: PayoutChange): string | undefined {
  if (c.previous === undefined) return c.level === 'critical' ? p('notices.payout.isCritical') : p('notices.payout.isWarning');
  if (c.previous === c.level) return undefined;
  if (c.level === 'critical') return p('notices.payout.criticalWas', { previous: p(`notices.payout.level.${c.previous}`) });
  if (c.level === 'warning') return c.previous === 'ok' ? p('notices.payout.isWarning') : p('notices.payout.downToWarning');
  return p('notices.payout.backToOk');
}

function changeLine(c: PayoutChange, p: Translator): string {
  const parts = [`${ICON[c.level]} ${c.agentId.slice(0, 100)}`, levelChangeText(p, c)];
  if (c.newEras.length) parts.push(p('notices.payout.newEras', { eras: eras(c.newEras, p), count: c.newEras.length }));
  if (c.claimedEras.length) parts.push(p('notices.payout.claimed', { eras: eras(c.claimedEras, p) }));
  if (c.expiredEras.length) parts.push(p('notices.payout.expired', { eras: eras(c.expiredEras, p) }));
  parts.push(standingText(p, c));
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
    return `${ICON[r.level]} ${r.agentId.slice(0, 100)}${host} · ${standingText(p, r)}${stash}${stale}`;
  });
  if (d.claimed.length) lines.push(p('notices.payout.digestClaimed', { count: d.claimed.length, names: names(d.claimed) }));
  if (d.noInfo.length) lines.push(p('notices.payout.digestNoInfo', { count: d.noInfo.length, names: names(d.noInfo) }));
  if (lines.length === 0) lines.push(p('notices.payout.digestEmpty'));
  lines.push(p('notices.payout.digestFooter', { warn: f.thresholds.warnEras, critical: f.thresholds.criticalErasLeft }));
  return { title: `${p('notices.payout.digestTitle')}: ${head.join(' · ')}`, text: lines.join('\n') };
}
