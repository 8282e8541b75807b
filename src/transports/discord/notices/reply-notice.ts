// A notice as the private answer to a slash command: the first message as the reply, the rest (a long
// list split to fit Discord's limits) as private follow-ups.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { NO_MENTIONS } from '../message-text.ts';
import type { Notice } from './notice.ts';
import { noticeMessages } from './notice-messages.ts';

export async function replyNotice(i: ChatInputCommandInteraction, notice: Notice): Promise<void> {
  const [first, ...rest] = noticeMessages(notice);
  const privately = { flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS };
  await i.reply({ ...first, ...privately });
  for (const m of rest) await i.followUp({ ...m, ...privately });
}
