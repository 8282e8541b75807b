// Keeps a Discord message in step with a running request: an edit when states change (at most one a
// second, in order), and always a last edit with the final outcomes.
import type { CommandUpdate } from '../../core/ports.ts';
import type { Run } from '../../core/run.ts';
import type { Logger } from '../../log.ts';
import type { ActionRowBuilder, APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, AttachmentBuilder, ButtonBuilder, EmbedBuilder, MessageMentionOptions } from 'discord.js';
import { renderRun, type RunPayload } from './run-message.ts';
import type { Translator } from '../../i18n/translate.ts';

/** The parts of a message mserver sets; each edit replaces them. */
export interface EditPayload {
  content?: string;
  embeds?: Array<EmbedBuilder | APIEmbed>;
  files?: AttachmentBuilder[];
  components?: Array<ActionRowBuilder<ButtonBuilder> | APIActionRowComponent<APIButtonComponentWithCustomId>>;
  allowedMentions?: MessageMentionOptions;
}

export interface MessageTarget {
  edit(payload: EditPayload): Promise<void>;
}

/** Waits between attempts to deliver a final result while Discord is away: about 20 minutes in all. */
export const FINAL_RETRY_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, ...Array<number>(18).fill(60_000)];

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export async function presentRun(
  run: Run,
  target: MessageTarget,
  log: Logger,
  /** The language the message started in: every later edit keeps it. */
  t: Translator,
  intervalMs = 1000,
  finalRetryMs: readonly number[] = FINAL_RETRY_MS,
): Promise<CommandUpdate[]> {
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
      if (!finished) push(() => renderRun(run.request, run.states.values(), false, { t }));
    }, intervalMs);
  });
  push(() => renderRun(run.request, run.states.values(), false, { t }));
  const outcomes = await run.done;
  finished = true;
  off();
  clearTimeout(timer);
  await chain;
  // The outcome is what the person waits for: while Discord is away it is retried, and once the
  // interaction token is gone the target posts it to the channel instead.
  const final = renderRun(run.request, outcomes, true, { t });
  for (let attempt = 0; ; attempt++) {
    try {
      await target.edit(final);
      break;
    } catch (err) {
      const wait = finalRetryMs[attempt];
      if (wait === undefined) {
        log.error({ err, request: run.request.id }, 'gave up showing the result of a request in Discord (it is in the history)');
        break;
      }
      log.warn({ err, request: run.request.id, retryInMs: wait }, 'could not show the result of a request in Discord: retrying');
      await sleep(wait);
    }
  }
  return outcomes;
}
