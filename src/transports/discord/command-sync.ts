// Makes the registered slash commands match the code. Discord's copy carries ids, versions and defaults
// ours leave out, so both sides are reduced to what we define before comparing: an unchanged set is
// never rewritten (a bulk overwrite resets the commands' versions and is rate limited). Translations
// count: a changed Korean description is a change (Discord sends them only when asked, with_localizations).
import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

type Json = Record<string, unknown>;

const LOCALIZED = ['name_localizations', 'description_localizations'];
const OPTION_KEYS = ['type', 'name', 'description', ...LOCALIZED, 'required', 'choices', 'options', 'autocomplete', 'min_value', 'max_value', 'min_length', 'max_length', 'channel_types'];
const COMMAND_KEYS = ['type', 'name', 'description', ...LOCALIZED, 'options', 'default_member_permissions', 'nsfw'];
const DEFAULTS: Json = { type: 1, required: false, autocomplete: false, nsfw: false, default_member_permissions: null };

/** No translations, an empty map and null all mean the same to Discord; keys in a stable order. */
function localizations(v: unknown): Json | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const entries = Object.entries(v as Json).filter(([, text]) => typeof text === 'string' && text !== '');
  return entries.length ? Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))) : undefined;
}

function reduce(value: unknown, keys: string[]): unknown {
  if (!value || typeof value !== 'object') return value;
  const o = value as Json;
  const out: Json = {};
  for (const k of keys) {
    let v = o[k] === undefined ? DEFAULTS[k] : o[k];
    if (LOCALIZED.includes(k)) v = localizations(v);
    if (k === 'options' || k === 'choices') {
      const list = Array.isArray(v) ? v : [];
      if (list.length === 0) continue;
      v = list.map((x) =>
        k === 'choices' ? { name: (x as Json).name, name_localizations: localizations((x as Json).name_localizations), value: (x as Json).value } : reduce(x, OPTION_KEYS),
      );
    }
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function commandsDiffer(current: unknown[], wanted: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): boolean {
  const norm = (list: unknown[]) => JSON.stringify(list.map((c) => reduce(c, COMMAND_KEYS)).sort((a, b) => String((a as Json).name).localeCompare(String((b as Json).name))));
  return norm(current) !== norm([...wanted]);
}

/** Returns true when the commands were rewritten. */
export async function syncCommands(
  rest: REST,
  applicationId: string,
  guildId: string,
  wanted: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<boolean> {
  const route = Routes.applicationGuildCommands(applicationId, guildId);
  const current = (await rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as unknown[];
  if (!commandsDiffer(current, wanted)) return false;
  await rest.put(route, { body: wanted });
  return true;
}

/**
 * Removes global commands an older version (`deploy-commands --global`) registered: they showed mserver's
 * commands in every server the bot was invited to. Returns how many were removed.
 */
export async function removeGlobalCommands(rest: REST, applicationId: string): Promise<number> {
  const route = Routes.applicationCommands(applicationId);
  const current = (await rest.get(route)) as unknown[];
  if (current.length === 0) return 0;
  await rest.put(route, { body: [] });
  return current.length;
}
