// A dispatched request as a Discord message: one agent in detail, or a broadcast as one line per agent
// and a tally. Whatever does not fit Discord's limits goes into a .txt attachment.
import { EmbedBuilder, type AttachmentBuilder, type MessageMentionOptions } from 'discord.js';
import type { CommandUpdate } from '../../core/ports.ts';
import type { RequestRecord } from '../../store/requests-repo.ts';
import { resultText } from '../format/result-text.ts';
import { STATE_ICON, stateLabel, tallyText } from '../format/state-text.ts';
import { durationText } from '../format/time-text.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import { agentMd, clip, code, codeBlock, NO_MENTIONS, textFile } from './message-text.ts';
import { updateError, updateProgress } from '../format/update-text.ts';

export interface RunPayload {
  content: string;
  embeds: EmbedBuilder[];
  files: AttachmentBuilder[];
  components: [];
  allowedMentions: MessageMentionOptions;
}

const DESCRIPTION_BUDGET = 3800;
const COLORS = { ok: 0x2ecc71, bad: 0xe74c3c, busy: 0xf1c40f, grey: 0x95a5a6 };
const BAD = new Set(['failed', 'timeout', 'disconnected', 'interrupted']);
const ORDER: Record<CommandUpdate['state'], number> = {
  failed: 0,
  timeout: 1,
  disconnected: 2,
  interrupted: 3,
  cancelled: 3,
  not_connected: 4,
  progress: 5,
  sent: 6,
  success: 7,
};

function took(u: CommandUpdate, t: Translator): string {
  if (u.state === 'not_connected') return '';
  return t('discord.run.took', { duration: durationText(u.at - u.sentAt, t) });
}

function detail(u: CommandUpdate, t: Translator): string {
  if (u.state === 'success') return resultText(u.command, u.result, t).summary;
  if (u.state === 'progress') return updateProgress(u, t) ?? t('discord.run.working');
  return updateError(u, t) ?? '';
}

/** detail() as it may stand in Markdown: the agent's words escaped (issue 14). */
function shownDetail(u: CommandUpdate, max: number, t: Translator): string {
  return agentMd(clip(detail(u, t), max));
}

function lineOf(u: CommandUpdate, t: Translator): string {
  const d = detail(u, t);
  return `${STATE_ICON[u.state]} ${u.agentId} · ${stateLabel(u.state, t)}${took(u, t)}${d ? ` · ${d}` : ''}`;
}

/** Short enough that a broadcast to 50 agents fits one message, one line each. */
function shortLineOf(u: CommandUpdate, t: Translator): string {
  const who = agentMd(u.agentId);
  const head = u.state === 'success' ? `${STATE_ICON[u.state]} ${who} · ${durationText(u.at - u.sentAt, t)}` : `${STATE_ICON[u.state]} ${who} · ${stateLabel(u.state, t)}`;
  const d = detail(u, t).replace(/\s+/g, ' ');
  // Cut before escaping, so that a cut never leaves half an escape.
  const room = 72 - head.length - 3;
  return d && room > 1 ? `${head} · ${agentMd(clip(d, room))}` : clip(head, 72);
}

function colorOf(states: CommandUpdate[], final: boolean): number {
  if (states.some((u) => BAD.has(u.state))) return COLORS.bad;
  if (!final) return COLORS.busy;
  if (states.every((u) => u.state === 'not_connected')) return COLORS.grey;
  return COLORS.ok;
}

function paramsText(params: Record<string, unknown>, t: Translator): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length === 0 ? t('discord.request.noParams') : clip(parts.join(' '), 1000);
}

function header(request: RequestRecord, t: Translator): EmbedBuilder {
  return new EmbedBuilder()
    .addFields(
      { name: t('discord.request.field.request'), value: `#${request.id}`, inline: true },
      { name: t('discord.request.field.askedBy'), value: clip(t('discord.run.askedByVia', { name: request.actorName, via: request.via }), 200), inline: true },
      { name: t('discord.request.field.params'), value: clip(paramsText(request.params, t), 1024), inline: false },
    );
}

/** The end of `body` that fits `budget` characters, whole lines only. */
function tailOf(body: string, budget: number): { text: string; shown: number; total: number } {
  const lines = body.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = clip(lines[i]!, 300);
    if (used + line.length + 1 > budget) break;
    kept.unshift(line);
    used += line.length + 1;
  }
  return { text: kept.join('\n'), shown: kept.length, total: lines.length };
}

/**
 * `attach: false` is for messages that wait in the outbox (text and embeds only): what does not fit is
 * cut, and the message says where the whole output is. `t`: the reader's language (a message edited as
 * results arrive keeps the language it started in: its presenter holds the same translator).
 */
export function renderRun(request: RequestRecord, updates: Iterable<CommandUpdate>, final: boolean, opts: { attach?: boolean; t?: Translator } = {}): RunPayload {
  const attach = opts.attach ?? true;
  const t = opts.t ?? translator('en');
  const states = [...updates];
  const files: AttachmentBuilder[] = [];
  const embed = header(request, t).setColor(colorOf(states, final));

  if (request.agents.length === 1 && states.length === 1) {
    const u = states[0]!;
    embed.setTitle(clip(`${request.command} · ${agentMd(u.agentId)}`, 256));
    let description = `${STATE_ICON[u.state]} **${stateLabel(u.state, t)}**${took(u, t)}`;
    const d = shownDetail(u, 500, t);
    if (d) description += `\n${d}`;
    if (u.state === 'success') {
      const body = resultText(u.command, u.result, t).body;
      if (body.trim() !== '') {
        const block = codeBlock(body);
        if (description.length + block.length + 2 <= DESCRIPTION_BUDGET) description += `\n${block}`;
        else if (!attach) {
          const tail = tailOf(body, DESCRIPTION_BUDGET - description.length - 120);
          description += `\n${t('discord.run.tail', { shown: tail.shown, total: tail.total })}\n${codeBlock(tail.text)}`;
        } else {
          files.push(textFile(`${request.command}-${u.agentId}-${u.commandId}.txt`, body));
          description += `\n${t('discord.run.attached', { count: body.split('\n').length })}`;
        }
      }
    }
    embed.setDescription(clip(description, 4096)).setFooter({ text: u.commandId });
  } else {
    embed.setTitle(clip(`${request.command} · ${t('common.agents', { count: request.agents.length })}`, 256));
    const sorted = states.sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.agentId.localeCompare(b.agentId));
    const lines: string[] = [];
    let used = 0;
    for (const u of sorted) {
      const line = shortLineOf(u, t);
      if (used + line.length + 1 > DESCRIPTION_BUDGET - 80) break;
      lines.push(line);
      used += line.length + 1;
    }
    const hidden = sorted.length - lines.length;
    if (hidden > 0) {
      lines.push(final && attach ? t('discord.run.moreAttached', { count: hidden }) : final ? t('discord.run.moreInHistory', { count: hidden }) : t('discord.run.more', { count: hidden }));
    }
    embed.setDescription(lines.join('\n') || t('discord.run.noAgent'));
    const tally = tallyText(states.map((s) => s.state), t);
    embed.setFooter({ text: clip(final ? t('discord.run.done', { tally }) : t('discord.run.running', { tally }), 2048) });
    if (final && attach && hidden > 0) {
      const full = sorted
        .map((u) => {
          const body = u.state === 'success' ? resultText(u.command, u.result, t).body : '';
          return `${lineOf(u, t)}${body && body !== detail(u, t) ? `\n${body.replace(/^/gm, '    ')}` : ''}`;
        })
        .join('\n');
      files.push(textFile(`${request.command}-request-${request.id}.txt`, full));
    }
  }
  return { content: '', embeds: [embed], files, components: [], allowedMentions: NO_MENTIONS };
}

export function agentsText(agents: readonly string[], max = 20, t: Translator): string {
  const shown = agents.slice(0, max).map(code).join(', ');
  return agents.length > max ? t('discord.run.andMore', { shown, count: agents.length - max }) : shown;
}
