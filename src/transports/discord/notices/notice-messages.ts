// A Notice as Discord messages: lines packed into embed descriptions, embeds packed into messages, each
// message within Discord's limits (4096 per description, 6000 over all embeds, 10 embeds). Long lists
// continue in the next embed or message, numbered, never cut in the middle of a line.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import { clip, LIMITS } from '../message-text.ts';
import { NOTICE_COLORS, type Notice } from './notice.ts';

/** What one Discord message of a notification carries: JSON, so it can wait in the outbox. */
export interface OutboxMessage {
  content?: string;
  embeds?: APIEmbed[];
  /** Buttons (a pending agent's Accept / Reject). */
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

const BUTTON_STYLE = { primary: ButtonStyle.Primary, secondary: ButtonStyle.Secondary, success: ButtonStyle.Success, danger: ButtonStyle.Danger } as const;

/** A notice's actions as button rows (5 a row, at most 5 rows); the id names the stored action. */
function actionRows(n: Notice): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const actions = (n.actions ?? []).slice(0, 25);
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < actions.length; i += 5) {
    rows.push({
      type: ComponentType.ActionRow,
      components: actions.slice(i, i + 5).map((a) => ({
        type: ComponentType.Button,
        style: BUTTON_STYLE[a.style ?? 'secondary'],
        label: clip(a.label, 80),
        custom_id: `alert:run:${a.actionId}`,
      })),
    });
  }
  return rows;
}

// Margins below Discord's limits: a part number is added to titles after packing.
const DESCRIPTION_MAX = LIMITS.embedDescription - 96;
const MESSAGE_MAX = LIMITS.embedsTotal - 200;
const PART_SUFFIX_MAX = 12;

function chunks(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = clip(raw, DESCRIPTION_MAX);
    if (current && current.length + 1 + line.length > DESCRIPTION_MAX) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current || out.length === 0) out.push(current);
  return out;
}

export function noticeMessages(n: Notice): OutboxMessage[] {
  const title = clip(n.title, LIMITS.embedTitle - PART_SUFFIX_MAX);
  const footer = n.footer ? clip(n.footer, LIMITS.embedFooter) : undefined;
  const descriptions = chunks(n.lines);
  const size = (d: string) => title.length + PART_SUFFIX_MAX + d.length + (footer?.length ?? 0);
  const messages: string[][] = [[]];
  let used = 0;
  for (const d of descriptions) {
    const last = messages[messages.length - 1]!;
    if (last.length > 0 && (last.length >= LIMITS.embeds || used + size(d) > MESSAGE_MAX)) {
      messages.push([d]);
      used = size(d);
    } else {
      last.push(d);
      used += size(d);
    }
  }
  const total = descriptions.length;
  let part = 0;
  return messages.map((descs, m) => {
    const embeds = descs.map((d, k): APIEmbed => {
      part += 1;
      const isLast = m === messages.length - 1 && k === descs.length - 1;
      return {
        title: total > 1 ? `${title} (${part}/${total})` : title,
        color: NOTICE_COLORS[n.level],
        ...(d ? { description: d } : {}),
        ...(footer && isLast ? { footer: { text: footer } } : {}),
      };
    });
    const rows = m === messages.length - 1 ? actionRows(n) : [];
    const withButtons = rows.length > 0 ? { components: rows } : {};
    return m === 0 && n.content ? { content: clip(n.content, LIMITS.content), embeds, ...withButtons } : { embeds, ...withButtons };
  });
}
