import type { CommandState } from '../../core/ports.ts';
import { msg, render, type Message } from '../../i18n/message.ts';
import type { MessageKey, Translator } from '../../i18n/translate.ts';

const STATE_KEY = {
  sent: 'discord.state.sent',
  progress: 'discord.state.progress',
  success: 'discord.state.success',
  failed: 'discord.state.failed',
  timeout: 'discord.state.timeout',
  not_connected: 'discord.state.notConnected',
  disconnected: 'discord.state.disconnected',
  interrupted: 'discord.state.interrupted',
  cancelled: 'discord.state.cancelled',
} as const satisfies Record<CommandState, MessageKey>;

/** `3 success`, `1 failed`...: the tally as Messages, for text made before its reader is known (a schedule's notice). */
export function tallyMessages(states: Iterable<CommandState>): Message[] {
  const counts = new Map<CommandState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) => msg('discord.state.tally', { count: n, state: msg(STATE_KEY[s]) }));
}

/** A command's state in the reader's language. */
export function stateLabel(state: CommandState, t: Translator): string {
  return t(STATE_KEY[state]);
}

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
export function tallyText(states: Iterable<CommandState>, t: Translator): string {
  return tallyMessages(states)
    .map((m) => render(t.locale, m))
    .join(', ');
}
