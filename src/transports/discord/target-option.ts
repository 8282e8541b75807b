// The optional `target` option of list commands (/history, /keys): the agent it names, or all agents.
import type { ChatInputCommandInteraction } from 'discord.js';
import type { DiscordContext } from './discord-context.ts';

/**
 * `{ agentId }` (undefined: no target given); undefined when the target names no agent, after telling
 * the member why.
 */
export async function optionalAgent(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<{ agentId: string | undefined } | undefined> {
  const target = i.options.getString('target');
  try {
    return { agentId: target ? ctx.directory.resolve(target)[0] : undefined };
  } catch (err) {
    await ctx.replyError(i, err);
    return undefined;
  }
}
