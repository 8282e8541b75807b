// Keeps a Discord message in step with a running request: an edit when states change (at most one a
// second, in order), and always a last edit with the final outcomes.
import type { CommandUpdate } from '../../core/ports.ts';
import type { Run } from '../../core/run.ts';
import type { Logger } from '../../log.ts';
import type { ActionRowBuilder, APIEmbed, AttachmentBuilder, ButtonBuilder, EmbedBuilder, MessageMentionOptions } from 'discord.js';
import { renderRun, type RunPayload } from './run-message.ts';

/** The parts of a message mserver sets; each edit replaces them. */
export interface EditPayload {
  content?: string;
  embeds?: Array<EmbedBuilder | APIEmbed>;
  files?: AttachmentBuilder[];
  components?: Array<ActionRowBuilder<ButtonBuilder>>;
  allowedMentions?: MessageMentionOptions;
}

export interface MessageTarget {
  edit(payload: EditPayload): Promise<void>;
}

export async function presentRun(run: Run, target: MessageTarget, log: Logger, intervalMs = 1000): Promise<CommandUpdate[]> {
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const push = (payload: () => RunPayload) => {
    chain = chain.then(() =>
      target.edit(payload()).catch((err: unknown) => log.warn({ err, request: run.request.id }, 'could not update the Discord message of a request')),
    );
  };
  const off = run.onUpdate(() => {
    if (timer || finished) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!finished) push(() => renderRun(run.request, run.states.values(), false));
    }, intervalMs);
  });
  push(() => renderRun(run.request, run.states.values(), false));
  const outcomes = await run.done;
  finished = true;
  off();
  clearTimeout(timer);
  push(() => renderRun(run.request, outcomes, true));
  await chain;
  return outcomes;
}
