// The Accept / Reject buttons under a pending agent's alert (issue 13): admins only, the same model as
// approvals. Who decided is audited by the core and written under the alert, and the buttons go away.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type ButtonInteraction } from 'discord.js';
import type { AgentAdmin } from '../../core/agent-admin.ts';
import { actorOf } from './actor.ts';
import type { DiscordContext } from './discord-context.ts';
import { NO_MENTIONS } from './message-text.ts';
import { readerOf } from './reader.ts';
import type { Translator } from '../../i18n/translate.ts';

const PATTERN = /^agent:(accept|reject):([A-Za-z0-9][A-Za-z0-9_.:-]{0,63})$/;

export const agentButtonId = {
  accept: (agentId: string) => `agent:accept:${agentId}`,
  reject: (agentId: string) => `agent:reject:${agentId}`,
};

/** Under a channel notice: `t` is the channels' language. */
export function agentButtonRow(agentId: string, t: Translator): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Success, label: t('discord.agentButton.accept'), custom_id: agentButtonId.accept(agentId) },
      { type: ComponentType.Button, style: ButtonStyle.Danger, label: t('discord.agentButton.reject'), custom_id: agentButtonId.reject(agentId) },
    ],
  };
}

export function isAgentButton(customId: string): boolean {
  return customId.startsWith('agent:');
}

export async function onAgentButton(i: ButtonInteraction, ctx: DiscordContext, agents: AgentAdmin): Promise<void> {
  const t = readerOf(i);
  const m = PATTERN.exec(i.customId);
  if (!m) return ctx.whisper(i, t('discord.route.unknownButton'));
  const [, verb, agentId] = m as unknown as [string, 'accept' | 'reject', string];
  if (!(await ctx.requireLevel(i, 'admin', verb === 'accept' ? t('discord.agentButton.acceptWhat') : t('discord.agentButton.rejectWhat')))) return;
  const actor = actorOf(i);
  try {
    let line: string;
    if (verb === 'accept') {
      const { connected } = agents.accept(agentId, actor, 'discord');
      line = `✅ ${connected ? t('discord.agentButton.acceptedConnected', { id: agentId, name: actor.name }) : t('discord.agentButton.acceptedLater', { id: agentId, name: actor.name })}`;
    } else {
      agents.reject(agentId, actor, 'discord');
      line = `⛔ ${t('discord.agentButton.rejected', { id: agentId, name: actor.name })}`;
    }
    await i.update({ content: line, components: [], allowedMentions: NO_MENTIONS });
  } catch (err) {
    await ctx.replyError(i, err);
  }
}
