// Payout notifications as text: the changes of a batch of agents, and the fleet digest. Critical lines
// name the stash and the eras left: that is what the person who claims needs. Era numbers are names of
// eras, not quantities: they are shown as they are, without digit grouping.
import type { PayoutChange } from '../../../core/notifications/payout-alerts.ts';
import type { PayoutDigest, DigestRow } from '../../../core/notifications/payout-digest.ts';
import { compareUrgency, type PayoutLevel, type PayoutThresholds } from '../../../core/notifications/payout-level.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { translator, type Translator } from '../../../i18n/translate.ts';
import { agoText } from '../../format/time-text.ts';
import { levelChangeText, standingText } from '../../format/payout-notice-text.ts';
import { agentMd, code } from '../message-text.ts';
import { eraList, type Notice } from './notice.ts';

const ICON: Record<PayoutLevel, string> = { ok: '🟢', warning: '🟠', critical: '🔴' };

export function changeLine(c: PayoutChange, locale: Locale): string {
  const t = translator(locale);
  const eras = (list: readonly number[]) => eraList(list, 8, locale);
  const parts = [`${ICON[c.level]} **${agentMd(c.agentId.slice(0, 100))}**`];
  const level = levelChangeText(t, c);
  if (level) parts.push(level);
  if (c.newEras.length) parts.push(t('notices.payout.newEras', { eras: eras(c.newEras), count: c.newEras.length }));
  if (c.claimedEras.length) parts.push(t('notices.payout.claimed', { eras: eras(c.claimedEras) }));
  if (c.expiredEras.length) parts.push(t('notices.payout.expired', { eras: eras(c.expiredEras) }));
  parts.push(standingText(t, c));
  if (c.stash && c.level !== 'ok') parts.push(t('notices.payout.stash', { stash: code(c.stash) }));
  return parts.join(' · ');
}

/** One message for a batch of changes, most urgent first. */
export function payoutChangesNotice(changes: readonly PayoutChange[], locale: Locale): Notice {
  const t = translator(locale);
  const sorted = [...changes].sort(compareUrgency);
  const top = sorted[0]!;
  const critical = sorted.filter((c) => c.level === 'critical');
  const title =
    sorted.length === 1
      ? t('notices.payout.titleOne', { icon: ICON[top.level], agent: agentMd(top.agentId.slice(0, 100)) })
      : `${t('notices.payout.titleMany', { count: sorted.length })}${critical.length ? t('notices.payout.titleCritical', { critical: critical.length }) : ''}`;
  const items = critical.slice(0, 5).map((c) =>
    t('notices.payout.criticalItem', {
      agent: agentMd(c.agentId.slice(0, 60)),
      stash: agentMd(c.stash?.slice(0, 100) ?? t('notices.unknown')),
      left: c.erasLeft ?? '?',
      era: String(c.oldestEra ?? '?'),
    }),
  );
  const content = critical.length
    ? `${t('notices.payout.criticalContent', { list: items.join('; ') })}${critical.length > 5 ? t('notices.payout.andMore', { count: critical.length - 5 }) : ''}`
    : undefined;
  return { title, level: top.level === 'ok' ? 'info' : top.level, lines: changeLines(sorted, locale), content };
}

/** Only a new era, nothing to worry about: what every healthy validator does at every era. */
const routine = (c: PayoutChange) => c.level === 'ok' && c.previous === 'ok' && c.newEras.length > 0 && c.claimedEras.length + c.expiredEras.length === 0;

const ROUTINE_GROUP_MIN = 4;

/**
 * One line per change, except that the routine news of an era ending for many validators at once is
 * one line per era list, naming them: a fleet of hundreds gets one short message per era, not pages.
 */
function changeLines(sorted: readonly PayoutChange[], locale: Locale): string[] {
  const t = translator(locale);
  const byEras = new Map<string, PayoutChange[]>();
  for (const c of sorted.filter(routine)) {
    const key = eraList(c.newEras, undefined, locale);
    const group = byEras.get(key);
    if (group) group.push(c);
    else byEras.set(key, [c]);
  }
  const lines: string[] = [];
  for (const c of sorted) {
    const group = routine(c) ? byEras.get(eraList(c.newEras, undefined, locale))! : [];
    if (group.length < ROUTINE_GROUP_MIN) lines.push(changeLine(c, locale));
    // The group's one line, written where its first member stands.
    else if (group[0] === c) {
      const ids = group.map((g) => agentMd(g.agentId.slice(0, 100))).sort();
      lines.push(t('notices.payout.routineGroup', { icon: ICON.ok, eras: eraList(c.newEras, 8, locale), count: group.length, names: names(t, ids, 40) }));
    }
  }
  return lines;
}

function digestLine(t: Translator, r: DigestRow, now: number): string {
  const host = r.hostName && r.hostName !== r.agentId ? ` (${agentMd(r.hostName.slice(0, 60))})` : '';
  const stale = r.connected ? '' : ` · ${t('notices.payout.offlineAsOf', { ago: agoText(r.lastSummaryAt, now, t) })}`;
  const stash = r.stash ? ` · ${t('notices.payout.stash', { stash: code(r.stash) })}` : '';
  return `${ICON[r.level]} **${agentMd(r.agentId.slice(0, 100))}**${host} · ${standingText(t, r)}${stash}${stale}`;
}

function names(t: Translator, ids: readonly string[], max = 15): string {
  return ids.length <= max ? ids.join(', ') : t('notices.names.more', { list: ids.slice(0, max).join(', '), count: ids.length - max });
}

/** The digest; `title` replaces the default one (a member's /payouts), `locale` is its reader's language. */
export function payoutDigestNotice(d: PayoutDigest, th: PayoutThresholds, now: number, title: string | undefined, locale: Locale): Notice {
  const t = translator(locale);
  const total = d.pending.length + d.claimed.length + d.noInfo.length;
  const head = [
    t('notices.payout.digestAgents', { count: total }),
    d.critical ? t('notices.payout.digestCritical', { count: d.critical }) : undefined,
    d.warning ? t('notices.payout.digestWarning', { count: d.warning }) : undefined,
    t('notices.payout.digestPending', { count: d.pending.length }),
  ].filter(Boolean);
  const lines = d.pending.map((r) => digestLine(t, r, now));
  if (d.claimed.length) lines.push(t('notices.payout.digestClaimed', { count: d.claimed.length, names: names(t, d.claimed.map(agentMd)) }));
  if (d.noInfo.length) lines.push(t('notices.payout.digestNoInfo', { count: d.noInfo.length, names: names(t, d.noInfo.map(agentMd)) }));
  if (lines.length === 0) lines.push(t('notices.payout.digestEmpty'));
  return {
    title: `${title ?? t('notices.payout.digestTitle')}: ${head.join(' · ')}`,
    level: d.critical ? 'critical' : d.warning ? 'warning' : 'ok',
    lines,
    footer: t('notices.payout.digestFooter', { warn: th.warnEras, critical: th.criticalErasLeft }),
  };
}
