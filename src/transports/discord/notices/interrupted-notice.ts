// After a restart: the commands that were running when mserver stopped. Their outcome is unknown (the
// agents may have finished them), so operators are told which ones to check.
import type { Locale } from '../../../i18n/locale.ts';
import { translator } from '../../../i18n/translate.ts';
import type { CommandRecord } from '../../../store/commands-repo.ts';
import { agentMd } from '../message-text.ts';
import type { Notice } from './notice.ts';

export function interruptedNotice(commands: readonly Pick<CommandRecord, 'id' | 'agentId' | 'command' | 'requestId'>[], locale: Locale): Notice {
  const t = translator(locale);
  return {
    title: t('notices.interrupted.title', { count: commands.length }),
    level: 'warning',
    content: t('notices.interrupted.content'),
    lines: commands.map((c) =>
      t('notices.interrupted.line', { agent: `**${agentMd(c.agentId.slice(0, 100))}**`, command: `\`${c.command}\``, request: String(c.requestId ?? '-'), id: c.id }),
    ),
  };
}
