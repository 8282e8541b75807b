// Where the message showing a request lives, and how to edit it. An interaction's token lives 15
// minutes: past that (or when Discord says the token is gone) the result is posted to the channel
// instead, and that post is what later edits change. Nothing is lost silently.
import { DiscordAPIError, type Client, type Message, type RepliableInteraction } from 'discord.js';
import type { Clock } from '../../core/ports.ts';
import type { EditPayload, MessageTarget } from './run-presenter.ts';
import { readerOf } from './reader.ts';

/** Stop using an interaction token a little before Discord does. */
export const TOKEN_SAFE_MS = 14 * 60_000;
const GONE = new Set([50027, 10015, 10008, 10062]);

export function tokenGone(err: unknown): boolean {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && GONE.has(err.code);
}

/** What only a new post can carry: Discord's nonce (with enforce_nonce, a repeated create returns the first post) and a reply. */
export interface CreateExtras {
  nonce?: string;
  enforceNonce?: boolean;
  reply?: { messageReference: string; failIfNotExists: boolean };
}

export async function postToChannel(client: Client, channelId: string, payload: EditPayload & CreateExtras): Promise<Message> {
  const channel = await client.channels.fetch(channelId);
  if (!channel || !channel.isSendable()) throw new Error(`channel ${channelId} is not one mserver can post in`);
  return channel.send(payload as Parameters<typeof channel.send>[0]);
}

/**
 * Edits through the interaction while its token is fresh, else through a channel message of the bot's
 * own. `edit` edits the interaction's message (the original reply, or a follow-up).
 */
export function interactionTarget(opts: {
  client: Client;
  clock: Clock;
  createdAt: number;
  channelId: string | null;
  edit: (payload: EditPayload) => Promise<unknown>;
  lateNote: string;
}): MessageTarget {
  let channelMessage: Message | undefined;
  return {
    async edit(payload) {
      if (!channelMessage && opts.clock.now() - opts.createdAt < TOKEN_SAFE_MS) {
        try {
          await opts.edit(payload);
          return;
        } catch (err) {
          if (!tokenGone(err)) throw err;
        }
      }
      const withNote = { ...payload, content: payload.content ? `${opts.lateNote}\n${payload.content}` : opts.lateNote };
      if (channelMessage) await channelMessage.edit(withNote);
      else if (opts.channelId) channelMessage = await postToChannel(opts.client, opts.channelId, withNote);
      else throw new Error('the interaction token expired and there is no channel to post the result in');
    },
  };
}

export function replyTarget(client: Client, clock: Clock, i: RepliableInteraction, requestId: number): MessageTarget {
  return interactionTarget({
    client,
    clock,
    createdAt: i.createdTimestamp,
    channelId: i.channelId,
    edit: (p) => i.editReply(p),
    lateNote: readerOf(i)('discord.run.lateNote', { id: requestId, name: i.user.username }),
  });
}

export function followUpTarget(client: Client, clock: Clock, i: RepliableInteraction, messageId: string, requestId: number): MessageTarget {
  return interactionTarget({
    client,
    clock,
    createdAt: i.createdTimestamp,
    channelId: i.channelId,
    edit: (p) => i.webhook.editMessage(messageId, p),
    lateNote: readerOf(i)('discord.run.lateNote', { id: requestId, name: i.user.username }),
  });
}
