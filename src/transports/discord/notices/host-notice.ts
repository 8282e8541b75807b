// Hosts going dark and coming back, as text. A batch (a network blip takes many agents at once) is one
// message. Times are Discord timestamps: each reader's client shows them in their own zone and language.
import type { HostEvent } from '../../../core/notifications/host-watch.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { translator } from '../../../i18n/translate.ts';
import { durationText } from '../../format/time-text.ts';
import { agentMd, discordTime } from '../message-text.ts';
import type { Notice } from './notice.ts';

const ORDER: Record<HostEvent['kind'], number> = { offline: 0, flapping: 1, online: 2 };

export function hostLine(e: HostEvent, locale: Locale): string {
  const t = translator(locale);
  const who = `**${agentMd(e.agentId.slice(0, 100))}**`;
  switch (e.kind) {
    case 'offline':
      return t('notices.host.offline', { who, since: discordTime(e.since, 'f'), duration: durationText(e.at - e.since, t) });
    case 'online':
      return t('notices.host.online', { who, duration: durationText(e.goneMs, t), since: discordTime(e.since, 'f') });
    case 'flapping':
      return t('notices.host.flapping', { who, drops: e.drops, window: durationText(e.windowMs, t) });
  }
}

const TITLE = { offline: 'notices.host.titleOffline', online: 'notices.host.titleOnline', flapping: 'notices.host.titleFlapping' } as const;

export function hostEventsNotice(events: readonly HostEvent[], locale: Locale): Notice {
  const t = translator(locale);
  const sorted = [...events].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.at - b.at);
  const count = (k: HostEvent['kind']) => sorted.filter((e) => e.kind === k).length;
  const offline = count('offline');
  const level = offline ? 'critical' : count('flapping') ? 'warning' : 'ok';
  const lines = sorted.map((e) => hostLine(e, locale));
  if (sorted.length === 1) {
    const e = sorted[0]!;
    return { title: t(TITLE[e.kind], { agent: agentMd(e.agentId.slice(0, 100)) }), level, lines };
  }
  const parts = [
    offline ? t('notices.host.countOffline', { count: offline }) : '',
    count('online') ? t('notices.host.countOnline', { count: count('online') }) : '',
    count('flapping') ? t('notices.host.countFlapping', { count: count('flapping') }) : '',
  ].filter(Boolean);
  return { title: t('notices.host.titleMany', { parts: parts.join(', ') }), level, lines };
}
