// From a slash command (or a button) to a running request, for every command that reaches agents:
// dispatch through the core, then show what the core decided: the running result, a confirmation for
// the requester, or the reason form that starts an approval.
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { UserError } from '../../core/errors.ts';
import type { Clock, CommandRequest } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import type { RequestRecord } from '../../store/requests-repo.ts';
import { actorOf } from './actor.ts';
import type { ApprovalFlow } from './approval-flow.ts';
import { followUpTarget, replyTarget } from './message-targets.ts';
import { NO_MENTIONS } from './message-text.ts';
import { confirmButtons, previewEmbed } from './request-preview.ts';
import type { RequestViews } from './request-views.ts';
import { renderRun } from './run-message.ts';
import { presentRun } from './run-presenter.ts';

export interface RequestFlowDeps {
  dispatcher: Dispatcher;
  approvals: ApprovalFlow;
  views: RequestViews;
  clock: Clock;
  log: Logger;
  replyError(i: ChatInputCommandInteraction | ButtonInteraction, err: unknown): Promise<void>;
}

export function createRequestFlow(deps: RequestFlowDeps) {
  const { dispatcher, views, clock, log } = deps;

  dispatcher.events.on('request_decided', ({ request, decision }) => {
    if (decision !== 'expired') return;
    const view = views.get(request.id)?.confirm;
    if (!view) return;
    views.delete(request.id);
    view
      .edit({
        content: `⌛ Request #${request.id} expired before it was confirmed: nothing was run. Ask again if it is still needed.`,
        allowedMentions: NO_MENTIONS,
        embeds: [previewEmbed(request, `${request.command}: expired`)],
        components: [],
      })
      .catch((err: unknown) => log.debug({ err, request: request.id }, 'could not mark an expired confirmation'));
  });

  return {
    /** Dispatches a request made by a slash command and shows what happens to it. */
    async run(
      i: ChatInputCommandInteraction | ButtonInteraction,
      req: Pick<CommandRequest, 'command' | 'target' | 'params'>,
      opts: { override?: boolean; reason?: string } = {},
    ): Promise<void> {
      let outcome;
      try {
        outcome = await dispatcher.dispatch({ ...req, actor: actorOf(i), via: 'discord' }, { origin: { channelId: i.channelId, guildId: i.guildId }, ...opts });
      } catch (err) {
        await deps.replyError(i, err);
        return;
      }
      if (outcome.kind === 'running') {
        await i.deferReply();
        await presentRun(outcome.run, replyTarget(i.client, clock, i, outcome.request.id), log);
        return;
      }
      if (outcome.kind === 'needs_confirmation') {
        const r = outcome.request;
        await i.reply({
          content: `Check what will run, then confirm. Only you can press these buttons.`,
          embeds: [previewEmbed(r, `Confirm ${r.command} on ${r.agents.length === 1 ? r.agents[0] : `${r.agents.length} agents`}?`)],
          components: [confirmButtons(r)],
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
        views.set(r.id, { confirm: { edit: (p) => i.editReply(p) } });
        return;
      }
      if (outcome.request.reason !== null) {
        // The reason came with the request (an override): it is already in the approvals channel.
        await i.reply({ content: `Request #${outcome.request.id} waits for approval: approvers see your reason and mserver's warning.`, embeds: [previewEmbed(outcome.request, `${outcome.request.command}: waiting for approval`)], allowedMentions: NO_MENTIONS });
        return;
      }
      await deps.approvals.askReason(i, outcome.request);
    },

    async onConfirm(i: ButtonInteraction, requestId: number): Promise<void> {
      let run;
      try {
        run = dispatcher.confirm(requestId, actorOf(i), 'discord');
      } catch (err) {
        // An expired or already-decided prompt is turned into a plain note: its buttons can do nothing now.
        if (err instanceof UserError && (err.code === 'expired' || err.code === 'conflict')) {
          views.delete(requestId);
          await i.update({ content: `⌛ ${err.message}`, components: [], allowedMentions: NO_MENTIONS });
        } else {
          await deps.replyError(i, err);
        }
        return;
      }
      views.delete(requestId);
      await i.update({
        content: `✅ Confirmed: request #${requestId} is running. The result is posted below for the channel.`,
        allowedMentions: NO_MENTIONS,
        components: [],
      });
      const message = await i.followUp({ ...renderRun(run.request, run.states.values(), false) });
      await presentRun(run, followUpTarget(i.client, clock, i, message.id, requestId), log);
    },

    /** A schedule whose command needs approval asks for the reason with the same form as a command. */
    askReason: (i: ChatInputCommandInteraction, r: RequestRecord): Promise<void> => deps.approvals.askReason(i, r),

    async onCancel(i: ButtonInteraction, requestId: number): Promise<void> {
      try {
        const r = dispatcher.cancel(requestId, actorOf(i), 'discord');
        views.delete(requestId);
        await i.update({ content: `Request #${r.id} cancelled: nothing was sent.`, components: [], allowedMentions: NO_MENTIONS });
      } catch (err) {
        await deps.replyError(i, err);
      }
    },
  };
}

export type RequestFlow = ReturnType<typeof createRequestFlow>;
