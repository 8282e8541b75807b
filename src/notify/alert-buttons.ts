// The next step an alert offers, as buttons: Run payout under an unclaimed-payout alert, Status under a
// host that is back, Run again under a failed scheduled run. Each button is a stored action that the
// clicker runs as their own request through the dispatcher (level, confirmation, approval, audit).
import type { AlertActionsPort } from '../core/alert-actions.ts';
import type { HostEvent } from '../core/notifications/host-watch.ts';
import type { PayoutChange } from '../core/notifications/payout-alerts.ts';
import type { Clock } from '../core/ports.ts';
import type { Locale } from '../i18n/locale.ts';
import { translator } from '../i18n/translate.ts';
import type { RequestRecord } from '../store/requests-repo.ts';
import type { NoticeAction } from '../core/notice.ts';

const MAX_BUTTONS = 10;
const SS58 = /^[1-9A-HJ-NP-Za-km-z]{40,60}$/;

/** `locale`: the channels' language; a label is stored with its action, as the button showed it. */
export function createAlertButtons(actions: AlertActionsPort, clock: Clock, locale: Locale) {
  const t = translator(locale);
  const add = (label: string, command: string, target: string, params: Record<string, unknown>, style: NoticeAction['style']): NoticeAction => ({
    actionId: actions.addAction({ kind: 'command', label, command, target, params }, clock.now()),
    label,
    style,
  });
  return {
    /** One Run payout per agent with unclaimed eras (the stash only when it reads as an address: never guessed). */
    payout(changes: readonly PayoutChange[]): NoticeAction[] {
      return changes
        .filter((c) => c.unclaimed > 0)
        .slice(0, MAX_BUTTONS)
        .map((c) => add(t('notices.button.runPayout', { agent: c.agentId }).slice(0, 80), 'payout', c.agentId, c.stash && SS58.test(c.stash) ? { stash: c.stash } : {}, 'primary'));
    },
    /** Status for each agent that came back. */
    hosts(events: readonly HostEvent[]): NoticeAction[] {
      return events
        .filter((e) => e.kind === 'online')
        .slice(0, MAX_BUTTONS)
        .map((e) => add(t('notices.button.status', { agent: e.agentId }).slice(0, 80), 'status', e.agentId, {}, 'primary'));
    },
    /** Run again, for a scheduled run that failed: the same command, target and parameters, as the clicker. */
    rerun(request: RequestRecord): NoticeAction[] {
      if (request.via !== 'schedule') return [];
      return [add(t('notices.button.runAgain'), request.command, request.target, request.params, 'primary')];
    },
  };
}

export type AlertButtons = ReturnType<typeof createAlertButtons>;
