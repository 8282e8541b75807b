// Autocomplete answers from memory (Discord allows 3 s and no deferral), 25 choices at most.
import type { AutocompleteInteraction } from 'discord.js';
import type { AgentDirectory } from '../../core/agent-directory.ts';
import { clip, LIMITS } from './message-text.ts';
import { readerOf } from './reader.ts';

export async function respondTargets(i: AutocompleteInteraction, directory: AgentDirectory, typed: string, allowAll: boolean): Promise<void> {
  const all = allowAll && 'all'.startsWith(typed.trim().toLowerCase()) ? [{ name: readerOf(i)('discord.autocomplete.all'), value: 'all' }] : [];
  const agents = directory.suggest(typed, LIMITS.choices - all.length).map((s) => ({
    name: clip(`${s.connected ? '🟢' : '⚪'} ${s.id}${s.hostName && s.hostName !== s.id ? ` (${s.hostName})` : ''}`, LIMITS.choiceName),
    value: s.id.slice(0, 100),
  }));
  await i.respond([...all, ...agents]);
}

export async function respondContainers(i: AutocompleteInteraction, directory: AgentDirectory, target: string | null, typed: string): Promise<void> {
  let names: string[] = [];
  if (target && target !== 'all') names = directory.containersOf(target);
  else if (target === 'all') {
    const seen = new Set<string>();
    for (const s of directory.suggest('', 200)) for (const c of directory.containersOf(s.id)) seen.add(c);
    names = [...seen].sort();
  }
  const q = typed.trim().toLowerCase();
  await i.respond(
    names
      .filter((c) => c.toLowerCase().includes(q))
      .slice(0, LIMITS.choices)
      .map((c) => ({ name: clip(c, LIMITS.choiceName), value: c.slice(0, 100) })),
  );
}
