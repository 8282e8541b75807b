// How far back the command history reaches (issue 15): /history and the console's `history` say it, so
// that an empty answer about last spring reads as "pruned", not "never happened".
import type { CommandsRepo } from './commands-repo.ts';
import type { SettingsRepo } from './settings-repo.ts';

const KEEP_SETTING = 'retention_commands_ms';

export interface HistoryReach {
  /** How long commands are kept, in ms; 0: forever; undefined: never configured (an older mserver). */
  keepMs: number | undefined;
  /** When the oldest command still stored was sent; undefined when none is. */
  oldest: number | undefined;
}

/** At start-up: what RETENTION_COMMANDS_DAYS says, for whoever reads the history. */
export function recordHistoryKeep(settings: SettingsRepo, keepMs: number, at: number): void {
  settings.set(KEEP_SETTING, String(keepMs), at);
}

export function historyReach(store: { settings: Pick<SettingsRepo, 'get'>; commands: Pick<CommandsRepo, 'oldestSentAt'> }): HistoryReach {
  const raw = store.settings.get(KEEP_SETTING);
  const keepMs = raw === undefined ? undefined : Number(raw);
  return { keepMs: keepMs !== undefined && Number.isFinite(keepMs) ? keepMs : undefined, oldest: store.commands.oldestSentAt() };
}
