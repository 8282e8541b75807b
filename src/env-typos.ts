// Variables that look like mserver's (they start with a prefix it owns) but are not one it reads:
// `MCLIENT_PROT` would otherwise be ignored in silence and the default port used. Each is a warning at
// start naming the closest real variable, in the operator's language (MSERVER_LOCALE).
import type { Locale } from './i18n/locale.ts';
import { translate } from './i18n/translate.ts';

/** Prefixes of variables other mserver features read (HTTP API, retention, TLS), owned before they exist here. */
const EXTRA_PREFIXES = ['HTTP', 'RETENTION', 'TLS'];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The known variable nearest to `name` (edit distance; ties go to the same prefix, then alphabetical). */
export function closestVariable(name: string, known: readonly string[]): string | undefined {
  const prefix = name.split('_')[0];
  let best: { name: string; d: number } | undefined;
  for (const k of [...known].sort()) {
    const d = distance(name, k) - (k.split('_')[0] === prefix ? 0.5 : 0);
    if (!best || d < best.d) best = { name: k, d };
  }
  return best?.name;
}

/** One warning per variable in `env` with an owned prefix that is not in `known`. */
export function variableTypos(env: Record<string, string | undefined>, known: readonly string[], locale: Locale): string[] {
  const knownSet = new Set(known);
  const prefixes = new Set([...known.map((k) => k.split('_')[0]!), ...EXTRA_PREFIXES].map((p) => `${p}_`));
  const out: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (knownSet.has(name) || ![...prefixes].some((p) => name.startsWith(p))) continue;
    const near = closestVariable(name, known);
    out.push(near ? translate(locale, 'startup.envTypoNear', { name, near }) : translate(locale, 'startup.envTypo', { name }));
  }
  return out;
}
