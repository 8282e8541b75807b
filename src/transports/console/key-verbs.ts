// The console's validator-safety verbs: `keys duplicates`, `keys handovers`, `keys submitted <agent>
// <container> [stash]` and `keys override <agent> <container> start|restart <reason...>`.
import type { AgentDirectory } from '../../core/agent-directory.ts';
import { UserError } from '../../core/errors.ts';
import { duplicateText, type KeySafetyPort } from '../../core/key-guard.ts';
import type { Actor } from '../../core/ports.ts';
import { handoverText } from '../format/handover-text.ts';
import { timeText } from '../format/time-text.ts';
import { msg } from '../../i18n/message.ts';
import { translator, type Translator } from '../../i18n/translate.ts';

export interface KeyVerbsDeps {
  safety: KeySafetyPort | undefined;
  directory: Pick<AgentDirectory, 'resolve'>;
  actor: Actor;
  print: (text: string) => void;
  /** The console's language; English when not given. */
  t?: Translator;
  /** The console's send, with the dispatcher's override option. */
  send: (target: string, command: string, rest: string, opts: { override: boolean; reason: string }) => Promise<void>;
}

export const KEY_VERBS = new Set(['duplicates', 'handovers', 'submitted', 'override']);

export function createKeyVerbs(deps: KeyVerbsDeps) {
  const { print } = deps;
  const t = deps.t ?? translator('en');
  function safety(): KeySafetyPort {
    if (!deps.safety) throw new UserError('unavailable', msg('console.keyGuard.off'));
    return deps.safety;
  }
  return {
    async handle(args: string[], rest: (n: number) => string): Promise<void> {
      const [verb, target, container, third] = args;
      switch (verb) {
        case 'duplicates': {
          const found = safety().guard.duplicates();
          if (found.length === 0) return print(t('console.keyGuard.noDuplicates'));
          print(t('console.keyGuard.duplicates', { count: found.length }));
          for (const d of found) print(`  ${duplicateText(d, undefined, undefined, t.locale)}`);
          return;
        }
        case 'handovers': {
          const open = safety().guard.openHandovers();
          if (open.length === 0) return print(t('console.keyGuard.noHandovers'));
          for (const h of open) print(`  ${handoverText(h, safety().guard.doneAt(h), timeText, undefined, safety().guard.basisOf(h), t)}`);
          return;
        }
        case 'submitted': {
          if (!target || !container) throw new UserError('bad_input', msg('console.keyGuard.submittedUsage'));
          const agentId = deps.directory.resolve(target)[0]!;
          const h = safety().submitted(agentId, container, deps.actor, 'console', third);
          const doneAt = safety().guard.doneAt(h);
          return print(t('console.keyGuard.submitted', { agent: agentId, container, doneAt: doneAt ? timeText(doneAt) : t('console.keyGuard.twoSessions') }));
        }
        case 'override': {
          const reason = rest(5).trim();
          if (!target || !container || (third !== 'start' && third !== 'restart')) {
            throw new UserError('bad_input', msg('console.keyGuard.overrideUsage'));
          }
          return deps.send(target, third, `container=${container}`, { override: true, reason });
        }
        default:
          throw new UserError('bad_input', msg('console.keyGuard.usage'));
      }
    },
  };
}
