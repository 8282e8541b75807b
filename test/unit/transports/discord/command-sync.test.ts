// The command sync rewrites Discord's commands only when something we define changed: a new Korean
// description counts (issue 18), while what Discord adds on its side (ids, versions, nulls) does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slashCommands } from '../../../../commands/index.ts';
import { commandsDiffer } from '../../../../src/transports/discord/command-sync.ts';

const wanted = slashCommands.map((c) => c.data);
/** A command, an option or a choice, as far as these tests read it. */
interface Node {
  name: string;
  description?: string;
  description_localizations?: Record<string, string> | null;
  name_localizations?: Record<string, string> | null;
  options?: Node[];
  choices?: Node[];
}
/** What Discord answers for our commands: its own fields added, every absent localization as null. */
const asDiscordHasThem = (list: unknown[]) =>
  list.map((c, i) => {
    const nullify = (o: Record<string, unknown>): Record<string, unknown> => ({
      description_localizations: null,
      name_localizations: null,
      ...o,
      ...(Array.isArray(o.options) ? { options: (o.options as Record<string, unknown>[]).map(nullify) } : {}),
    });
    return { id: String(1000 + i), application_id: '1', version: '7', guild_id: '2', ...nullify(structuredClone(c) as Record<string, unknown>) };
  });

test('the registered commands as Discord returns them are in sync', () => {
  assert.equal(commandsDiffer(asDiscordHasThem(wanted), wanted), false);
});

test('a changed Korean description, option description or choice name is a change', () => {
  const current = asDiscordHasThem(wanted) as unknown as Node[];
  const send = current.find((c) => c.name === 'send')!;
  send.description_localizations = { ko: '예전 설명' };
  assert.equal(commandsDiffer(current, wanted), true);

  const again = asDiscordHasThem(wanted) as unknown as Node[];
  again.find((c) => c.name === 'send')!.options!.find((o) => o.name === 'target')!.description_localizations = {};
  assert.equal(commandsDiffer(again, wanted), true, 'a Korean option description that Discord lacks');

  const choices = asDiscordHasThem(wanted) as unknown as Node[];
  const choice = choices.find((c) => c.name === 'nodes')!.options!.find((o) => o.name === 'state')!.choices![1]!;
  choice.name_localizations = { ko: '접속 중' };
  assert.equal(commandsDiffer(choices, wanted), true, 'a Korean choice name');
});

test('every Korean description and choice name fits Discord (1 to 100 characters) and differs from the English', () => {
  const problems: string[] = [];
  const walk = (o: Node, path: string) => {
    const ko = o.description_localizations?.ko as string | undefined;
    if (!ko || [...ko].length > 100 || ko === o.description) problems.push(`${path}: ${ko}`);
    for (const c of o.choices ?? []) if (!c.name_localizations?.ko || [...c.name_localizations.ko].length > 100) problems.push(`${path} choice ${c.name}`);
    for (const x of o.options ?? []) walk(x, `${path} ${x.name}`);
  };
  for (const c of wanted) walk(c as unknown as Node, `/${c.name}`);
  assert.deepEqual(problems, []);
});
