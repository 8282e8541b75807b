import type { CommandState } from '../../core/ports.ts';

export const STATE_LABEL: Record<CommandState, string> = {
  sent: 'sent, waiting',
  progress: 'in progress',
  success: 'success',
  failed: 'failed',
  timeout: 'timed out',
  not_connected: 'not connected',
  disconnected: 'disconnected',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
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

export function tallyText(states: Iterable<CommandState>): string {
  const counts = new Map<CommandState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${n} ${STATE_LABEL[s]}`)
    .join(', ');
}
