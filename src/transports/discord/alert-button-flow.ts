// A button under an alert: the stored action becomes the clicker's own request, through the dispatcher
// like a slash command (their level, a confirmation for change, an approval for critical, the audit), or
// the record that session.setKeys was sent (operators, audited).
import type { ButtonInteraction } from 'discord.js';
import { whereText } from '../../core/key-guard.ts';
import { actorOf } from './actor.ts';
import type { DiscordContext } from './discord-context.ts';
import { agentMd, discordTime, NO_MENTIONS } from './message-text.ts';
import { readerOf } from './reader.ts';

export async function onAlertButton(i: ButtonInteraction, actionId: number, ctx: DiscordContext): Promise<void> {
  const t = readerOf(i);
  const action = ctx.safety?.action(actionId);
  if (!action) return ctx.whisper(i, t('discord.alert.unknownButton'));
  if (action.kind === 'command' && action.command) {
    return ctx.flow.run(i, { command: action.command, target: action.target, params: action.params });
  }
  if (!(await ctx.requireLevel(i, 'operator', t('discord.alert.submittedButton')))) return;
  const container = String(action.params.container ?? '');
  try {
    const h = ctx.safety!.submitted(action.target, container, actorOf(i), 'discord');
    const doneAt = ctx.safety!.guard.doneAt(h);
    await i.reply({
      content: `📨 ${t('discord.alert.submitted', {
        name: agentMd(actorOf(i).name),
        where: whereText(h, agentMd),
        at: discordTime(h.submittedAt ?? 0, 'f'),
        done: doneAt ? discordTime(doneAt, 'R') : t('discord.keys.twoSessionsLater'),
      })}`,
      allowedMentions: NO_MENTIONS,
    });
  } catch (err) {
    await ctx.replyError(i, err);
  }
}
