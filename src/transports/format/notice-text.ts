// A notice's facts as plain text in the reader's language, for the API and the dashboard: a title and a
// few lines, from the same catalogue keys as Discord's embeds (src/i18n/*/notices.ts) but without their
// Markdown. Values an agent or a member wrote go in as they are (data: the dashboard shows text nodes).
import { stateLabel } from './state-text.ts';
import type { NoticeFacts } from '../../core/notice.ts';
import type { HostEvent } from '../../core/notifications/host-watch.ts';
import { isMessage, render } from '../../i18n/message.ts';
import type { Translator } from '../../i18n/translate.ts';
import { keyNoticeText } from './key-notice-text.ts';
import { payoutChangesText, payoutDigestText } from './payout-notice-text.ts';
import { plainTranslator } from './plain-translator.ts';
import { STATE_ICON } from './state-text.ts';
import { durationText, timeText } from './time-text.ts';

export interface NoticeText {
  title: string;
  text: string;
}

const HOST_ORDER: Record<HostEvent['kind'], number> = { offline: 0, flapping: 1, online: 2 };
const HOST_TITLE = { offline: 'notices.host.titleOffline', online: 'notices.host.titleOnline', flapping: 'notices.host.titleFlapping' } as const;

function hostText(events: readonly HostEvent[], t: Translator, p: Translator): NoticeText {
  const sorted = [...events].sort((a, b) => HOST_ORDER[a.kind] - HOST_ORDER[b.kind] || a.at - b.at);
  const lines = sorted.map((e) => {
    const who = e.agentId.slice(0, 100);
    if (e.kind === 'offline') return p('notices.host.offline', { who, since: timeText(e.since), duration: durationText(e.at - e.since, t) });
    if (e.kind === 'online') return p('notices.host.online', { who, duration: durationText(e.goneMs, t), since: timeText(e.since) });
    return p('notices.host.flapping', { who, drops: e.drops, window: durationText(e.windowMs, t) });
  });
  if (sorted.length === 1) return { title: p(HOST_TITLE[sorted[0]!.kind], { agent: sorted[0]!.agentId.slice(0, 100) }), text: lines.join('\n') };
  const count = (k: HostEvent['kind']) => sorted.filter((e) => e.kind === k).length;
  const parts = [
    count('offline') ? p('notices.host.countOffline', { count: count('offline') }) : '',
    count('online') ? p('notices.host.countOnline', { count: count('online') }) : '',
    count('flapping') ? p('notices.host.countFlapping', { count: count('flapping') }) : '',
  ].filter(Boolean);
  return { title: p('notices.host.titleMany', { parts: parts.join(', ') }), text: lines.join('\n') };
}

type Facts<K extends NoticeFacts['kind']> = Extract<NoticeFacts, { kind: K }>;

function runFailedText(f: Facts<'run_failed'>, p: Translator): NoticeText {
  const r = f.request;
  const title = r.via === 'schedule' ? 'notices.run.titleScheduled' : 'notices.run.titleAutomatic';
  const failed = f.failed.map((u) => `${STATE_ICON[u.state]} ${u.agentId.slice(0, 100)} · ${stateLabel(u.state, p)}${u.error ? ` · ${u.error.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`);
  return {
    title: p(title, { icon: f.failed.length === f.total ? '❌' : '⚠️', command: r.command, failed: f.failed.length, count: f.total }),
    text: [p('notices.run.what', { command: r.command, id: String(r.id), via: r.via, actor: r.actorName.slice(0, 80) }), ...failed].join('\n'),
  };
}

function identityText(f: Facts<'impersonation' | 'agent_pending' | 'agent_new_address'>, p: Translator): NoticeText {
  switch (f.kind) {
    case 'impersonation': {
      const why = (isMessage(f.why) ? render(p.locale, f.why) : f.why).slice(0, 300);
      const id = f.claimedId.slice(0, 64);
      return {
        title: p('notices.identity.claimTitle', { id }),
        text: [p('notices.identity.claimWhy', { why }), p('notices.identity.claimFrom', { address: f.address, holder: f.holder.slice(0, 120), id }), p('notices.identity.claimTodo')].join('\n'),
      };
    }
    case 'agent_pending': {
      const facts = { id: f.agentId.slice(0, 64), address: f.address, credential: f.credential };
      const line = f.hostName ? p('notices.identity.pendingFactsHost', { ...facts, host: f.hostName.slice(0, 100) }) : p('notices.identity.pendingFacts', facts);
      return { title: p('notices.identity.pendingTitle', { id: facts.id }), text: [line, p('notices.identity.pendingTodo')].join('\n') };
    }
    case 'agent_new_address': {
      const id = f.agentId.slice(0, 64);
      return {
        title: p('notices.identity.newAddressTitle', { id }),
        text: [p('notices.identity.newAddress', { id, address: f.address, previous: f.previousAddress, credential: f.credential }), p('notices.identity.newAddressTodo')].join('\n'),
      };
    }
  }
}

/** The notice in the reader's language (`t`), as plain text. */
export function noticeText(f: NoticeFacts, t: Translator): NoticeText {
  const p = plainTranslator(t);
  switch (f.kind) {
    case 'host_events':
      return hostText(f.events, t, p);
    case 'payout_changes':
      return payoutChangesText(f.changes, p);
    case 'payout_digest':
      return payoutDigestText(f, t, p);
    case 'disk_low':
      return {
        title: p('notices.disk.title', { free: f.freeMb }),
        text: [p('notices.disk.where', { path: f.path.slice(0, 200), free: f.freeMb, warn: f.warnMb }), p('notices.disk.whenFull'), p('notices.disk.todo')].join('\n'),
      };
    case 'run_failed':
      return runFailedText(f, p);
    case 'interrupted':
      return {
        title: p('notices.interrupted.title', { count: f.commands.length }),
        text: [
          p('notices.interrupted.content'),
          ...f.commands.map((c) => p('notices.interrupted.line', { agent: c.agentId.slice(0, 100), command: c.command, request: String(c.requestId ?? '-'), id: c.id })),
        ].join('\n'),
      };
    case 'impersonation':
    case 'agent_pending':
    case 'agent_new_address':
      return identityText(f, p);
    case 'key_rotated':
    case 'key_verdict':
    case 'duplicate_key':
    case 'handover':
      return keyNoticeText(f, p);
  }
}
