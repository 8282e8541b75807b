// The Discord messages that show a waiting request, kept in memory while their interaction tokens
// live. After a restart they are gone, and updates go to channel messages whose ids are in SQLite.
import type { MessageTarget } from './run-presenter.ts';
import type { Translator } from '../../i18n/translate.ts';

export interface RequestView {
  /** The requester's ephemeral confirmation prompt. */
  confirm?: { edit(payload: object): Promise<unknown>; t: Translator };
  /** The requester's public "waiting for approval" message. */
  requester?: MessageTarget;
  /** The requester's language, for the updates their message receives. */
  requesterT?: Translator;
}

export function createRequestViews() {
  const views = new Map<number, RequestView>();
  return {
    get: (id: number) => views.get(id),
    set(id: number, patch: RequestView): void {
      views.set(id, { ...views.get(id), ...patch });
    },
    delete: (id: number) => views.delete(id),
  };
}

export type RequestViews = ReturnType<typeof createRequestViews>;
