// Two-person approval in Discord. The requester gives a reason (a form), the request appears in the
// approvals channel with Approve and Deny, and the requester's channel and the approvals channel both
// see who decided, when, and then the outcome. Button ids carry the request id and the message ids are
// stored with the request, so all of it works after a restart.
import {
  LabelBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { Decision, Dispatcher } from '../../core/dispatcher.ts';
import { UserError } from '../../core/errors.ts';
import type { Actor, Clock, CommandUpdate } from '../../core/ports.ts';
import { render } from '../../i18n/message.ts';
import type { Logger } from '../../log.ts';
import type { RequestRecord } from '../../store/requests-repo.ts';
import { tallyText } from '../format/state-text.ts';
import { actorOf } from './actor.ts';
import { customId } from './custom-ids.ts';
import { interactionTarget, postToChannel } from './message-targets.ts';
import { discordTime, NO_MENTIONS } from './message-text.ts';
import { approvalButtons, previewEmbed } from './request-preview.ts';
import type { RequestViews } from './request-views.ts';
import { renderRun } from './run-message.ts';
import { presentRun, type EditPayload } from './run-presenter.ts';

export interface Origin {
  channelId?: string | null;
  guildId?: string | null;
  approvals?: { channelId: string; messageId: string };
}

export interface ApprovalFlowDeps {
  /** The bot's current client (a failed login is retried with a new one). */
  client: () => Client;
  dispatcher: Dispatcher;
  approvalsChannelId: string | undefined;
  views: RequestViews;
  clock: Clock;
  log: Logger;
  replyError(i: RepliableInteraction, err: unknown): Promise<void>;
}

const REASON_FIELD = 'reason';

const DECIDED: Record<Exclude<Decision, 'confirmed'>, string> = {
  approved: '✅ Approved',
  denied: '🚫 Denied',
  cancelled: '↩️ Withdrawn by the requester',
  expired: '⌛ Expired',
  withdrawn: '↩️ Withdrawn',
};

function originOf(r: RequestRecord): Origin {
  return r.origin && typeof r.origin === 'object' ? (r.origin as Origin) : {};
}

export function createApprovalFlow(deps: ApprovalFlowDeps) {
  const { client, dispatcher, views, clock, log } = deps;

  async function approvalsMessage(r: RequestRecord) {
    const ref = originOf(r).approvals;
    if (!ref) return undefined;
    const channel = await client().channels.fetch(ref.channelId);
    if (!channel || !channel.isTextBased()) return undefined;
    return channel.messages.fetch(ref.messageId);
  }

  function decisionLine(decision: Exclude<Decision, 'confirmed'>, actor: Actor | undefined, at: number, r: RequestRecord, approvals: number, reason?: string): string {
    if (decision === 'withdrawn') return `${DECIDED.withdrawn} at ${discordTime(at)} when ${actor?.name ?? 'an approver'} pressed Approve: ${reason ?? 'the requester no longer holds the level'}. Nothing was run.`;
    const who = actor ? ` by ${actor.name} (<@${actor.id}>)` : '';
    const count = r.approvalsNeeded > 1 && decision === 'approved' ? ` (${approvals} of ${r.approvalsNeeded})` : '';
    const tail = decision === 'approved' && approvals >= r.approvalsNeeded ? ': running now.' : decision === 'approved' ? ': waiting for more approvers.' : ': nothing was run.';
    return `${DECIDED[decision]}${who}${count} at ${discordTime(at)}${tail}`;
  }

  /** Tells the requester's channel: through the form's reply while its token lives, else a new post. */
  async function tellRequester(r: RequestRecord, payload: EditPayload): Promise<void> {
    const full: EditPayload = { embeds: [], components: [], ...payload, allowedMentions: NO_MENTIONS };
    const view = views.get(r.id)?.requester;
    try {
      if (view) {
        await view.edit(full);
        return;
      }
      const channelId = originOf(r).channelId;
      if (channelId) await postToChannel(client(), channelId, full);
    } catch (err) {
      log.warn({ err, request: r.id }, 'could not tell the requester about their request');
    }
  }

  async function announce(r: RequestRecord): Promise<void> {
    const channelId = deps.approvalsChannelId ?? originOf(r).channelId ?? undefined;
    if (!channelId) {
      log.error({ request: r.id }, 'a request needs approval but there is no approvals channel (DISCORD_APPROVALS_CHANNEL_ID) to post it in');
      return;
    }
    const what = r.purpose ? `a standing authorization to run \`${r.command}\` (critical) for ${r.purpose}` : `to run \`${r.command}\` (critical)`;
    const on = r.purpose ? r.target : r.agents.length === 1 ? r.agents[0] : `${r.agents.length} agents`;
    const message = await postToChannel(client(), channelId, {
      content: `Approval needed: ${r.actorName} asks ${what}. Approvers other than the requester can decide.`,
      embeds: [previewEmbed(r, `${r.command} on ${on}: approve?`)],
      components: [approvalButtons(r)],
      allowedMentions: NO_MENTIONS,
    });
    dispatcher.setOrigin(r.id, { ...originOf(r), approvals: { channelId, messageId: message.id } });
  }

  dispatcher.events.on('approval_requested', ({ request }) => {
    announce(request).catch((err: unknown) => log.error({ err, request: request.id }, 'could not post the approval request'));
  });

  dispatcher.events.on('request_decided', ({ request, decision, actor, at, approvals, reason }) => {
    if (request.risk !== 'critical' || request.via !== 'discord' || decision === 'confirmed') return;
    // Decisions made by a click update their own message in the click's handler; an expiry has no click,
    // and a withdrawal answers the click with a refusal, so both are shown here.
    if (decision !== 'expired' && decision !== 'withdrawn') return;
    const line = decisionLine(decision, actor, at, request, approvals, reason && render('en', reason));
    void (async () => {
      const fresh = dispatcher.getRequest(request.id) ?? request;
      try {
        const msg = await approvalsMessage(fresh);
        await msg?.edit({ content: line, embeds: [previewEmbed(fresh, `${fresh.command}: ${decision}`)], components: [], allowedMentions: NO_MENTIONS });
      } catch (err) {
        log.warn({ err, request: request.id }, `could not mark an ${decision} approval in the approvals channel`);
      }
      await tellRequester(fresh, { content: `Request #${fresh.id} (\`${fresh.command}\`): ${line}` });
      views.delete(request.id);
    })();
  });

  async function finishRun(r: RequestRecord, outcomes: CommandUpdate[]): Promise<void> {
    await tellRequester(r, {
      content: `Request #${r.id} (\`${r.command}\`) ran after approval: ${tallyText(outcomes.map((o) => o.state))}.`,
      embeds: renderRun(r, outcomes, true).embeds,
    });
    views.delete(r.id);
  }

  return {
    /** The first answer to a slash command that needs approval is the form asking why. */
    async askReason(i: ChatInputCommandInteraction | ButtonInteraction, r: RequestRecord): Promise<void> {
      const modal = new ModalBuilder()
        .setCustomId(customId.reason(r.id))
        .setTitle(`Approval needed: ${r.command}`.slice(0, 45))
        .addLabelComponents(
          new LabelBuilder()
            .setLabel('Why? Approvers decide on this')
            .setDescription((r.purpose ? `Request #${r.id}: ${r.purpose}` : `Request #${r.id} on ${r.agents.length} agent(s); expires in 15 minutes.`).slice(0, 100))
            .setTextInputComponent(
              new TextInputBuilder().setCustomId(REASON_FIELD).setStyle(TextInputStyle.Paragraph).setMinLength(3).setMaxLength(1000).setRequired(true),
            ),
        );
      await i.showModal(modal);
    },

    async onReason(i: ModalSubmitInteraction, requestId: number): Promise<void> {
      let r: RequestRecord;
      try {
        r = dispatcher.submitReason(requestId, actorOf(i), i.fields.getTextInputValue(REASON_FIELD));
      } catch (err) {
        await deps.replyError(i, err);
        return;
      }
      const where = deps.approvalsChannelId ? `<#${deps.approvalsChannelId}>` : 'this channel';
      await i.reply({
        content: `Request #${r.id} waits for approval in ${where}. You and this channel will see the decision and the outcome here.`,
        embeds: [previewEmbed(r, `${r.command}: waiting for approval`)],
        allowedMentions: NO_MENTIONS,
      });
      views.set(r.id, {
        requester: interactionTarget({
          client: i.client,
          clock,
          createdAt: i.createdTimestamp,
          channelId: i.channelId,
          edit: (p) => i.editReply(p),
          lateNote: `Request #${r.id} from ${r.actorName}:`,
        }),
      });
    },

    async onApprove(i: ButtonInteraction, requestId: number): Promise<void> {
      const actor = actorOf(i);
      let result;
      try {
        result = await dispatcher.approve(requestId, actor, 'discord');
      } catch (err) {
        if (err instanceof UserError && err.code === 'expired') await i.message.edit({ components: [] }).catch(() => undefined);
        await deps.replyError(i, err);
        return;
      }
      if (result.request.state === 'granted') {
        const granted = `✅ Approved by ${actor.name} (<@${actor.id}>) at ${discordTime(clock.now())}: ${result.request.purpose ?? 'the authorization'} may now run.`;
        await i.update({ content: granted, components: [], allowedMentions: NO_MENTIONS });
        await tellRequester(result.request, { content: `Request #${requestId} (\`${result.request.command}\`): ${granted}` });
        views.delete(requestId);
        return;
      }
      const line = decisionLine('approved', actor, clock.now(), result.request, result.approvals);
      if (!result.run) {
        await i.update({ content: line, allowedMentions: NO_MENTIONS });
        await tellRequester(result.request, { content: `Request #${requestId} (\`${result.request.command}\`): ${line}` });
        return;
      }
      const run = result.run;
      await i.update({ content: line, components: [], allowedMentions: NO_MENTIONS });
      await tellRequester(run.request, { content: `Request #${requestId} (\`${run.request.command}\`): ${line}`, embeds: [previewEmbed(run.request, `${run.request.command}: approved`)] });
      const outcomes = await presentRun(
        run,
        interactionTarget({
          client: i.client,
          clock,
          createdAt: i.createdTimestamp,
          channelId: i.channelId,
          edit: (p) => i.editReply({ ...p, content: line, allowedMentions: NO_MENTIONS }),
          lateNote: line,
        }),
        log,
      );
      await finishRun(run.request, outcomes);
    },

    async onDeny(i: ButtonInteraction, requestId: number): Promise<void> {
      const actor = actorOf(i);
      let r: RequestRecord;
      let withdrawn = false;
      try {
        // The requester pressing Deny withdraws their own request.
        withdrawn = dispatcher.getRequest(requestId)?.actorId === actor.id;
        r = withdrawn ? dispatcher.cancel(requestId, actor, 'discord') : dispatcher.deny(requestId, actor, 'discord');
      } catch (err) {
        if (err instanceof UserError && err.code === 'expired') await i.message.edit({ components: [] }).catch(() => undefined);
        await deps.replyError(i, err);
        return;
      }
      const line = decisionLine(withdrawn ? 'cancelled' : 'denied', actor, clock.now(), r, 0);
      await i.update({ content: line, components: [], allowedMentions: NO_MENTIONS });
      await tellRequester(r, { content: `Request #${r.id} (\`${r.command}\`): ${line}`, embeds: [previewEmbed(r, `${r.command}: ${withdrawn ? 'withdrawn' : 'denied'}`)] });
      views.delete(r.id);
    },
  };
}

export type ApprovalFlow = ReturnType<typeof createApprovalFlow>;
