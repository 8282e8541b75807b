import type { CommandState } from '../../core/ports.ts';
import { translator, type Translator } from '../../i18n/translate.ts';

const EN = translator('en');

/** A command's state in the reader's language. */
export function stateLabel(state: CommandState, t: Translator = EN): string {
  switch (state) {
    case 'sent':
      return t('discord.state.sent');
    case 'progress':
      return t('discord.state.progress');
    case 'success':
      return t('discord.state.success');
    case 'failed':
      return t('discord.state.failed');
    case 'timeout':
      return t('discord.state.timeout');
    case 'not_connected':
      return t('discord.state.notConnected');
    case 'disconnected':
      return t('discord.state.disconnected');
    case 'interrupted':
      return t('discord.state.interrupted');
    case 'cancelled':
      return t('discord.state.cancelled');
  }
}

/** The English labels, for readers that have not moved to a language of their own yet. */
export const STATE_LABEL: Record<CommandState, string> = {
  sent: stateLabel('sent'),
  progress: stateLabel('progress'),
  success: stateLabel('success'),
  failed: stateLabel('failed'),
  timeout: stateLabel('timeout'),
  not_connected: stateLabel('not_connected'),
  disconnected: stateLabel('disconnected'),
  interrupted: stateLabel('interrupted'),
  cancelled: stateLabel('cancelled'),
};

export const STATE_ICON: Record<CommandState, string> = {
  sent: '⏳',
  progress: '🔄',
  success: '✅',
  failed: '❌',
  timeout: '⌛',
  not_connected: '🔌',
  disconnected: '📴',
  interrupted: '⛔',
  cancelled: '🚫',
};

/** `3 success, 1 failed`: how many agents are in each state, largest first. */
export function tallyText(states: Iterable<CommandState>, t: Translator = EN): string {
  const counts = new Map<CommandState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => t('discord.state.tally', { count: n, state: stateLabel(s, t) }))
    .join(', ');
}
