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
import { readerOf } from './reader.ts';
import type { Translator } from '../../i18n/translate.ts';

/** Who a request's prompt is for, in their language: a count, or the one agent's name. */
function onWhom(r: RequestRecord, t: Translator): string {
  return r.agents.length === 1 ? r.agents[0]! : t('common.agents', { count: r.agents.length });
}

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
    // The prompt is the requester's: it stays in the language it was shown in.
    const t = view.t;
    view
      .edit({
        content: `⌛ ${t('discord.confirm.expired', { id: request.id })}`,
        allowedMentions: NO_MENTIONS,
        embeds: [previewEmbed(request, t('discord.title.expired', { command: request.command }), t)],
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
      const t = readerOf(i);
      let outcome;
      try {
        outcome = await dispatcher.dispatch({ ...req, actor: actorOf(i), via: 'discord' }, { origin: { channelId: i.channelId, guildId: i.guildId }, ...opts });
      } catch (err) {
        await deps.replyError(i, err);
        return;
      }
      if (outcome.kind === 'running') {
        await i.deferReply();
        await presentRun(outcome.run, replyTarget(i.client, clock, i, outcome.request.id), log, t);
        return;
      }
      if (outcome.kind === 'needs_confirmation') {
        const r = outcome.request;
        await i.reply({
          content: t('discord.confirm.prompt'),
          embeds: [previewEmbed(r, t('discord.title.confirm', { command: r.command, on: onWhom(r, t) }), t)],
          components: [confirmButtons(r, t)],
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
        views.set(r.id, { confirm: { edit: (p) => i.editReply(p), t } });
        return;
      }
      if (outcome.request.reason !== null) {
        // The reason came with the request (an override): it is already in the approvals channel.
        await i.reply({
          content: t('discord.approval.waitsWithReason', { id: outcome.request.id }),
          embeds: [previewEmbed(outcome.request, t('discord.title.waiting', { command: outcome.request.command }), t)],
          allowedMentions: NO_MENTIONS,
        });
        return;
      }
      await deps.approvals.askReason(i, outcome.request);
    },

    async onConfirm(i: ButtonInteraction, requestId: number): Promise<void> {
      const t = readerOf(i);
      let run;
      try {
        run = dispatcher.confirm(requestId, actorOf(i), 'discord');
      } catch (err) {
        // An expired or already-decided prompt is turned into a plain note: its buttons can do nothing now.
        if (err instanceof UserError && (err.code === 'expired' || err.code === 'conflict')) {
          views.delete(requestId);
          await i.update({ content: `⌛ ${err.localized(t.locale)}`, components: [], allowedMentions: NO_MENTIONS });
        } else {
          await deps.replyError(i, err);
        }
        return;
      }
      views.delete(requestId);
      await i.update({
        content: `✅ ${t('discord.confirm.running', { id: requestId })}`,
        allowedMentions: NO_MENTIONS,
        components: [],
      });
      const message = await i.followUp({ ...renderRun(run.request, run.states.values(), false, { t }) });
      await presentRun(run, followUpTarget(i.client, clock, i, message.id, requestId), log, t);
    },

    /** A schedule whose command needs approval asks for the reason with the same form as a command. */
    askReason: (i: ChatInputCommandInteraction, r: RequestRecord): Promise<void> => deps.approvals.askReason(i, r),

    async onCancel(i: ButtonInteraction, requestId: number): Promise<void> {
      try {
        const r = dispatcher.cancel(requestId, actorOf(i), 'discord');
        views.delete(requestId);
        await i.update({ content: readerOf(i)('discord.confirm.cancelled', { id: r.id }), components: [], allowedMentions: NO_MENTIONS });
      } catch (err) {
        await deps.replyError(i, err);
      }
    },
  };
}

export type RequestFlow = ReturnType<typeof createRequestFlow>;
