// A command nobody is waiting for (a schedule, mserver itself) that failed or timed out: said once per
// run, with one line per agent it did not succeed on.
import type { RequestFacts } from '../../../core/notice.ts';
import type { CommandUpdate } from '../../../core/ports.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { translator } from '../../../i18n/translate.ts';
import { STATE_ICON, stateLabel } from '../../format/state-text.ts';
import { agentMd } from '../message-text.ts';
import type { Notice } from './notice.ts';

export function runFailureNotice(request: RequestFacts, failed: readonly CommandUpdate[], total: number, locale: Locale): Notice {
  const t = translator(locale);
  // Request ids are names, not quantities: shown without digit grouping.
  const what = t('notices.run.what', { command: request.command, id: String(request.id), via: request.via, actor: request.actorName.slice(0, 80) });
  const title = request.via === 'schedule' ? 'notices.run.titleScheduled' : 'notices.run.titleAutomatic';
  return {
    title: t(title, { icon: failed.length === total ? '❌' : '⚠️', command: request.command, failed: failed.length, count: total }),
    level: 'warning',
    lines: [
      what,
      ...failed.map(
        (u) => `${STATE_ICON[u.state]} **${agentMd(u.agentId.slice(0, 100))}** · ${stateLabel(u.state, t)}${u.error ? ` · ${agentMd(u.error.replace(/\s+/g, ' ').slice(0, 300))}` : ''}`,
      ),
    ],
  };
}
