// The console's validator-safety verbs: `keys duplicates`, `keys handovers`, `keys submitted <agent>
// <container> [stash]` and `keys override <agent> <container> start|restart <reason...>`.
import type { AgentDirectory } from '../../core/agent-directory.ts';
import { UserError } from '../../core/errors.ts';
import { duplicateText, type KeySafetyPort } from '../../core/key-guard.ts';
import type { Actor } from '../../core/ports.ts';
import { handoverText } from '../format/handover-text.ts';
import { timeText } from '../format/time-text.ts';

export interface KeyVerbsDeps {
  safety: KeySafetyPort | undefined;
  directory: Pick<AgentDirectory, 'resolve'>;
  actor: Actor;
  print: (text: string) => void;
  /** The console's send, with the dispatcher's override option. */
  send: (target: string, command: string, rest: string, opts: { override: boolean; reason: string }) => Promise<void>;
}

export const KEY_VERBS = new Set(['duplicates', 'handovers', 'submitted', 'override']);

export function createKeyVerbs(deps: KeyVerbsDeps) {
  const { print } = deps;
  function safety(): KeySafetyPort {
    if (!deps.safety) throw new UserError('unavailable', 'The key guard is not running in this mserver.');
    return deps.safety;
  }
  return {
    async handle(args: string[], rest: (n: number) => string): Promise<void> {
      const [verb, target, container, third] = args;
      switch (verb) {
        case 'duplicates': {
          const found = safety().guard.duplicates();
          if (found.length === 0) return print('No duplicate session keys: no public key is held by two agents or containers.');
          print(`DUPLICATE SESSION KEYS (${found.length}): start and restart of these containers are refused.`);
          for (const d of found) print(`  ${duplicateText(d)}`);
          return;
        }
        case 'handovers': {
          const open = safety().guard.openHandovers();
          if (open.length === 0) return print('No key hand-over in progress.');
          for (const h of open) print(`  ${handoverText(h, safety().guard.doneAt(h), timeText, undefined, safety().guard.basisOf(h))}`);
          return;
        }
        case 'submitted': {
          if (!target || !container) throw new UserError('bad_input', 'usage: keys submitted <agent> <container> [stash]');
          const agentId = deps.directory.resolve(target)[0]!;
          const h = safety().submitted(agentId, container, deps.actor, 'console', third);
          const doneAt = safety().guard.doneAt(h);
          return print(`Recorded: session.setKeys sent for ${agentId} / ${container}. The hand-over is done at ${doneAt ? timeText(doneAt) : 'two sessions from now'}; keep the old node running until then.`);
        }
        case 'override': {
          const reason = rest(5).trim();
          if (!target || !container || (third !== 'start' && third !== 'restart')) {
            throw new UserError('bad_input', 'usage: keys override <agent> <container> start|restart <reason: why it is safe>');
          }
          return deps.send(target, third, `container=${container}`, { override: true, reason });
        }
        default:
          throw new UserError('bad_input', 'usage: keys [agent] | keys duplicates | keys handovers | keys submitted <agent> <container> [stash] | keys override <agent> <container> start|restart <reason>');
      }
    },
  };
}
