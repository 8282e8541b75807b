// Text that goes into Discord messages: bounded to Discord's limits, and agent text kept inert (code
// blocks that cannot be closed early, no mentions).
import { AttachmentBuilder, escapeMarkdown, type MessageMentionOptions } from 'discord.js';
import { terminalText } from '../../core/inert-text.ts';

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  fieldValue: 1024,
  embedsTotal: 6000,
  embeds: 10,
  choices: 25,
  choiceName: 100,
} as const;

/** Nobody is ever pinged by what mserver posts: agent output could contain @everyone. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Agent text shown outside a code block (issue 14): invisible and control characters removed, and every
 * Markdown construct escaped, masked links and headings included (escapeMarkdown leaves both live by
 * default), so an agent cannot post a fake "verified" line, a link or a heading that reads as mserver's.
 */
export function agentMd(text: string): string {
  return escapeMarkdown(terminalText(text), { maskedLink: true, heading: true });
}

/** A code block whose content cannot end it early. */
export function codeBlock(text: string, lang = ''): string {
  return `\`\`\`${lang}\n${terminalText(text).replace(/```/g, '`\u200b``')}\n\`\`\``;
}

/** Inline code for ids and names from agents. */
export function code(text: string): string {
  return `\`${terminalText(text).replace(/`/g, "'").slice(0, 200)}\``;
}

export function textFile(name: string, text: string): AttachmentBuilder {
  return new AttachmentBuilder(Buffer.from(text, 'utf8'), { name: name.replace(/[^\w.-]/g, '_') });
}

/** `<t:...:R>`: Discord renders it in each reader's own time zone. */
export function discordTime(ms: number, style: 'R' | 'f' | 'T' | 'F' = 'f'): string {
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}
