// "Exactly once" needs a later event to count after, never a fixed sleep. The outbox posts each channel's
// messages in the order they were stored, so once a marker stored now is in the channel, every
// notification stored before it has been posted (or set aside): counting then is final.
import type { DiscordStack } from './discord-stack.ts';

let n = 0;

/** Stores a marker for `channel` (a kind or a channel id) and waits until Discord shows it. */
export async function drained(st: DiscordStack, channel: 'alerts' | 'payouts' | 'keys' | 'approvals' | string, channelId: string, timeoutMs = 8000): Promise<void> {
  const content = `outbox-marker-${process.pid}-${++n}`;
  if (st.s.app.notifications.outbox.enqueue(channel, { content }) === undefined) throw new Error(`no outbox channel ${channel}`);
  await st.emu.waitFor(() => st.emu.messages(channelId).some((m) => m.content === content) || undefined, timeoutMs);
}
