// i18n-exempt-file: the OpenAPI schema of a notice: descriptions written for developers in English
// A notice as the API shows it (GET /api/v1/notices and the `notice` event of GET /api/v1/events): its
// facts, and a title and text in the reader's language (plain text, no Markdown).
import { z } from 'zod';
import { NOTICE_LEVELS } from '../../core/notice-level.ts';
import type { Locale } from '../../i18n/locale.ts';
import { translator } from '../../i18n/translate.ts';
import type { NoticeRecord } from '../../store/notices-repo.ts';
import { noticeText } from '../format/notice-text.ts';

export const NoticeSchema = z
  .object({
    id: z.number().int(),
    at: z.string().describe('When it was recorded (ISO 8601)'),
    kind: z.string().describe('host_events, payout_changes, payout_digest, disk_low, run_failed, interrupted, key_rotated, key_verdict, duplicate_key, handover, impersonation, agent_pending, agent_new_address'),
    level: z.enum(NOTICE_LEVELS),
    channel: z.string().describe('The Discord channel kind it goes to (alerts, payouts, keys), whether or not Discord is on'),
    agentId: z.string().nullable().describe('The one agent it is about; null for none or several'),
    title: z.string().describe("In the reader's language (Accept-Language), plain text"),
    text: z.string().describe("In the reader's language, plain text, lines separated by \\n"),
    facts: z.record(z.string(), z.unknown()).describe('The facts it was written from (src/core/notice.ts)'),
  })
  .meta({ id: 'Notice' });
export type NoticeJson = z.infer<typeof NoticeSchema>;

export function noticeJson(n: NoticeRecord, locale: Locale): NoticeJson {
  const { title, text } = noticeText(n.facts, translator(locale));
  return { id: n.id, at: new Date(n.at).toISOString(), kind: n.kind, level: n.level, channel: n.channel, agentId: n.agentId, title, text, facts: n.facts as unknown as Record<string, unknown> };
}
