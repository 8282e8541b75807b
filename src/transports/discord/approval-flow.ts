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
import { durationText } from '../format/time-text.ts';
import type { Locale } from '../../i18n/locale.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import { readerOf } from './reader.ts';
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
  /** The approvals channel has no single reader: its posts and their updates are in MSERVER_LOCALE. */
  channelLocale?: Locale | undefined;
}

const REASON_FIELD = 'reason';

function decidedText(decision: Exclude<Decision, 'confirmed'>, t: Translator): string {
  switch (decision) {
    case 'approved':
      return `✅ ${t('discord.decided.approved')}`;
    case 'denied':
      return `🚫 ${t('discord.decided.denied')}`;
    case 'cancelled':
      return `↩️ ${t('discord.decided.cancelled')}`;
    case 'expired':
      return `⌛ ${t('discord.decided.expired')}`;
    case 'withdrawn':
      return `↩️ ${t('discord.decided.withdrawn')}`;
  }
}

/** A decision's word for a title: `restart: denied`. */
function decisionWord(decision: Exclude<Decision, 'confirmed'>, t: Translator): string {
  switch (decision) {
    case 'approved':
      return t('discord.decision.approved');
    case 'denied':
      return t('discord.decision.denied');
    case 'cancelled':
    case 'withdrawn':
      return t('discord.decision.withdrawn');
    case 'expired':
      return t('discord.decision.expired');
  }
}

function originOf(r: RequestRecord): Origin {
  return r.origin && typeof r.origin === 'object' ? (r.origin as Origin) : {};
}

export function createApprovalFlow(deps: ApprovalFlowDeps) {
  const { client, dispatcher, views, clock, log } = deps;
  const tc = translator(deps.channelLocale ?? 'en');

  async function approvalsMessage(r: RequestRecord) {
    const ref = originOf(r).approvals;
    if (!ref) return undefined;
    const channel = await client().channels.fetch(ref.channelId);
    if (!channel || !channel.isTextBased()) return undefined;
    return channel.messages.fetch(ref.messageId);
  }

  function decisionLine(decision: Exclude<Decision, 'confirmed'>, actor: Actor | undefined, at: number, r: RequestRecord, approvals: number, t: Translator, reason?: string): string {
    if (decision === 'withdrawn') {
      return t('discord.decided.withdrawnLine', {
        decided: decidedText('withdrawn', t),
        at: discordTime(at),
        name: actor?.name ?? t('discord.decided.anApprover'),
        reason: reason ?? t('discord.decided.noLevel'),
      });
    }
    const who = actor ? t('discord.decided.by', { name: actor.name, mention: `<@${actor.id}>` }) : '';
    const count = r.approvalsNeeded > 1 && decision === 'approved' ? t('discord.decided.count', { n: approvals, of: r.approvalsNeeded }) : '';
    const tail = decision === 'approved' && approvals >= r.approvalsNeeded ? t('discord.decided.runningNow') : decision === 'approved' ? t('discord.decided.waitingMore') : t('discord.decided.nothingRun');
    return t('discord.decided.line', { decided: decidedText(decision, t), who, count, at: discordTime(at), tail });
  }

  /** The requester's language while their reply lives; a new post in their channel is read by the channel. */
  function requesterT(r: RequestRecord): Translator {
    return views.get(r.id)?.requesterT ?? tc;
  }

  /** `Request #5 (`restart`): …` for the requester's channel. */
  function aboutRequest(r: RequestRecord, line: string): string {
    return requesterT(r)('discord.approval.aboutRequest', { id: r.id, command: r.command, line });
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
    const command = `\`${r.command}\``;
    const content = r.purpose
      ? tc('discord.approval.neededStanding', { name: r.actorName, command, purpose: r.purpose })
      : tc('discord.approval.needed', { name: r.actorName, command });
    const on = r.purpose ? r.target : r.agents.length === 1 ? r.agents[0]! : tc('common.agents', { count: r.agents.length });
    const message = await postToChannel(client(), channelId, {
      content,
      embeds: [previewEmbed(r, tc('discord.title.approve', { command: r.command, on }), tc)],
      components: [approvalButtons(r, tc)],
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
    void (async () => {
      const fresh = dispatcher.getRequest(request.id) ?? request;
      try {
        const msg = await approvalsMessage(fresh);
        const line = decisionLine(decision, actor, at, request, approvals, tc, reason && render(tc.locale, reason));
        await msg?.edit({ content: line, embeds: [previewEmbed(fresh, tc('discord.title.decided', { command: fresh.command, decision: decisionWord(decision, tc) }), tc)], components: [], allowedMentions: NO_MENTIONS });
      } catch (err) {
        log.warn({ err, request: request.id }, `could not mark an ${decision} approval in the approvals channel`);
      }
      await tellRequester(fresh, { content: aboutRequest(fresh, decisionLine(decision, actor, at, request, approvals, requesterT(fresh), reason && render(requesterT(fresh).locale, reason))) });
      views.delete(request.id);
    })();
  });

  async function finishRun(r: RequestRecord, outcomes: CommandUpdate[]): Promise<void> {
    const t = requesterT(r);
    await tellRequester(r, {
      content: t('discord.approval.ranAfter', { id: r.id, command: r.command, tally: tallyText(outcomes.map((o) => o.state), t) }),
      embeds: renderRun(r, outcomes, true, { t }).embeds,
    });
    views.delete(r.id);
  }

  return {
    /** The first answer to a slash command that needs approval is the form asking why. */
    async askReason(i: ChatInputCommandInteraction | ButtonInteraction, r: RequestRecord): Promise<void> {
      const t = readerOf(i);
      const expires = r.expiresAt ? t('discord.reason.expiresIn', { duration: durationText(Math.max(0, r.expiresAt - clock.now()), t) }) : '';
      const modal = new ModalBuilder()
        .setCustomId(customId.reason(r.id))
        .setTitle(t('discord.reason.title', { command: r.command }).slice(0, 45))
        .addLabelComponents(
          new LabelBuilder()
            .setLabel(t('discord.reason.label'))
            .setDescription(
              (r.purpose
                ? t('discord.reason.standing', { id: r.id, purpose: r.purpose })
                : t('discord.reason.onAgents', { id: r.id, agents: t('common.agents', { count: r.agents.length }), expires })
              ).slice(0, 100),
            )
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
      const t = readerOf(i);
      const where = deps.approvalsChannelId ? `<#${deps.approvalsChannelId}>` : t('discord.approval.thisChannel');
      // Known before the reply goes out: an approver can decide as soon as the request is posted, and the
      // decision must reach this requester in their language (seen in CI: a deny while the reply was on its way).
      views.set(r.id, {
        requesterT: t,
        requester: interactionTarget({
          client: i.client,
          clock,
          createdAt: i.createdTimestamp,
          channelId: i.channelId,
          edit: (p) => i.editReply(p),
          lateNote: t('discord.approval.lateNote', { id: r.id, name: r.actorName }),
        }),
      });
      await i.reply({
        content: t('discord.approval.waitsIn', { id: r.id, where }),
        embeds: [previewEmbed(r, t('discord.title.waiting', { command: r.command }), t)],
        allowedMentions: NO_MENTIONS,
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
      const at = clock.now();
      const rt = requesterT(result.request);
      if (result.request.state === 'granted') {
        const granted = (t: Translator) =>
          `✅ ${t('discord.approval.granted', { name: actor.name, mention: `<@${actor.id}>`, at: discordTime(at), what: result.request.purpose ?? t('discord.approval.theAuthorization') })}`;
        await i.update({ content: granted(tc), components: [], allowedMentions: NO_MENTIONS });
        await tellRequester(result.request, { content: aboutRequest(result.request, granted(rt)) });
        views.delete(requestId);
        return;
      }
      const line = decisionLine('approved', actor, at, result.request, result.approvals, tc);
      const told = decisionLine('approved', actor, at, result.request, result.approvals, rt);
      if (!result.run) {
        await i.update({ content: line, allowedMentions: NO_MENTIONS });
        await tellRequester(result.request, { content: aboutRequest(result.request, told) });
        return;
      }
      const run = result.run;
      await i.update({ content: line, components: [], allowedMentions: NO_MENTIONS });
      await tellRequester(run.request, {
        content: aboutRequest(run.request, told),
        embeds: [previewEmbed(run.request, rt('discord.title.decided', { command: run.request.command, decision: decisionWord('approved', rt) }), rt)],
      });
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
        tc,
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
      const decision = withdrawn ? 'cancelled' : 'denied';
      const at = clock.now();
      const rt = requesterT(r);
      await i.update({ content: decisionLine(decision, actor, at, r, 0, tc), components: [], allowedMentions: NO_MENTIONS });
      await tellRequester(r, {
        content: aboutRequest(r, decisionLine(decision, actor, at, r, 0, rt)),
        embeds: [previewEmbed(r, rt('discord.title.decided', { command: r.command, decision: decisionWord(decision, rt) }), rt)],
      });
      views.delete(r.id);
    },
  };
}

export type ApprovalFlow = ReturnType<typeof createApprovalFlow>;
