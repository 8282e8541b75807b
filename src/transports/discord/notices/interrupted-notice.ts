// After a restart: the commands that were running when mserver stopped. Their outcome is unknown (the
// agents may have finished them), so operators are told which ones to check.
import type { CommandRecord } from '../../../store/commands-repo.ts';
import { agentMd } from '../message-text.ts';
import type { Notice } from './notice.ts';

export function interruptedNotice(commands: readonly CommandRecord[]): Notice {
  return {
    title: `⛔ mserver restarted: ${commands.length} command${commands.length === 1 ? ' was' : 's were'} running and ${commands.length === 1 ? 'is' : 'are'} marked interrupted`,
    level: 'warning',
    content: 'Their outcome is unknown: check these agents (/history shows the commands).',
    lines: commands.map((c) => `⛔ **${agentMd(c.agentId.slice(0, 100))}** · \`${c.command}\` · request #${c.requestId ?? '-'} · ${c.id}`),
  };
}
