// Hosts going dark and coming back, as text. A batch (a network blip takes many agents at once) is one
// message.
import type { HostEvent } from '../../../core/notifications/host-watch.ts';
import { durationText } from '../../format/time-text.ts';
import { agentMd, discordTime } from '../message-text.ts';
import type { Notice } from './notice.ts';

const ORDER: Record<HostEvent['kind'], number> = { offline: 0, flapping: 1, online: 2 };

export function hostLine(e: HostEvent): string {
  const who = `**${agentMd(e.agentId.slice(0, 100))}**`;
  switch (e.kind) {
    case 'offline':
      return `🔴 ${who} is offline: disconnected ${discordTime(e.since, 'f')}, not back for ${durationText(e.at - e.since)}`;
    case 'online':
      return `🟢 ${who} is back online after ${durationText(e.goneMs)} (offline since ${discordTime(e.since, 'f')})`;
    case 'flapping':
      return `🟠 ${who} is flapping: ${e.drops} short disconnects in the last ${durationText(e.windowMs)} (each back within the grace, so none was reported as offline)`;
  }
}

export function hostEventsNotice(events: readonly HostEvent[]): Notice {
  const sorted = [...events].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.at - b.at);
  const count = (k: HostEvent['kind']) => sorted.filter((e) => e.kind === k).length;
  const offline = count('offline');
  const level = offline ? 'critical' : count('flapping') ? 'warning' : 'ok';
  if (sorted.length === 1) {
    const e = sorted[0]!;
    const what = e.kind === 'offline' ? 'is offline' : e.kind === 'online' ? 'is back online' : 'is flapping';
    return { title: `${agentMd(e.agentId.slice(0, 100))} ${what}`, level, lines: [hostLine(e)] };
  }
  const parts = [
    offline ? `${offline} offline` : '',
    count('online') ? `${count('online')} back online` : '',
    count('flapping') ? `${count('flapping')} flapping` : '',
  ].filter(Boolean);
  return { title: `Hosts: ${parts.join(', ')}`, level, lines: sorted.map(hostLine) };
}
