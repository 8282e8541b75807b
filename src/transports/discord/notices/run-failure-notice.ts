// A command nobody is waiting for (a schedule, mserver itself) that failed or timed out: said once per
// run, with one line per agent it did not succeed on.
import type { CommandUpdate } from '../../../core/ports.ts';
import type { RequestRecord } from '../../../store/requests-repo.ts';
import { STATE_ICON, STATE_LABEL } from '../../format/state-text.ts';
import { agentMd } from '../message-text.ts';
import type { Notice } from './notice.ts';

export function runFailureNotice(request: RequestRecord, failed: readonly CommandUpdate[], total: number): Notice {
  const what = `${request.command} (request #${request.id}, ${request.via} by ${request.actorName.slice(0, 80)})`;
  return {
    title: `${failed.length === total ? '❌' : '⚠️'} ${request.via === 'schedule' ? 'Scheduled' : 'Automatic'} ${request.command} failed on ${failed.length} of ${total} agent${total === 1 ? '' : 's'}`,
    level: 'warning',
    lines: [
      what,
      ...failed.map((u) => `${STATE_ICON[u.state]} **${agentMd(u.agentId.slice(0, 100))}** · ${STATE_LABEL[u.state]}${u.error ? ` · ${agentMd(u.error.replace(/\s+/g, ' ').slice(0, 300))}` : ''}`),
    ],
  };
}
