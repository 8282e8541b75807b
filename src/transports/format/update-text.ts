// An outcome's error or progress line in the reader's language. mserver's own words (the agent is not
// connected, a rolling-restart step) come as a Message beside the stored English; an agent's own
// words have only the English field and are shown as the agent wrote them.
import type { CommandUpdate } from '../../core/ports.ts';
import { render } from '../../i18n/message.ts';
import type { Translator } from '../../i18n/translate.ts';

export function updateError(u: Pick<CommandUpdate, 'error' | 'errorText'>, t: Translator): string | undefined {
  return u.errorText ? render(t.locale, u.errorText) : u.error;
}

export function updateProgress(u: Pick<CommandUpdate, 'progress' | 'progressText'>, t: Translator): string | undefined {
  return u.progressText ? render(t.locale, u.progressText) : u.progress;
}
