// A notification as text: a title, lines (Discord markdown) and how urgent it is. noticeMessages()
// turns it into as many Discord messages as its length needs. The builders beside this file write it in
// the language they are given (the channels' MSERVER_LOCALE for posts, the member's for replies).
import type { NoticeAction } from '../../../core/notice.ts';

export type NoticeLevel = 'ok' | 'info' | 'warning' | 'critical';

export interface Notice {
  title: string;
  level: NoticeLevel;
  lines: string[];
  footer?: string | undefined;
  /** Plain text above the embed: what a phone's push notification shows. */
  content?: string | undefined;
  /** The next steps, as buttons under the last message: each names a stored alert action (alert-actions.ts). */
  actions?: NoticeAction[] | undefined;
}

export type { NoticeAction } from '../../../core/notice.ts';

export const NOTICE_COLORS: Record<NoticeLevel, number> = {
  ok: 0x2ecc71,
  info: 0x3498db,
  warning: 0xe67e22,
  critical: 0xe74c3c,
};

// Eras as ranges (`998-1000, 1003`): plain text, shared with the API's notices.
export { eraList } from '../../format/era-list.ts';
