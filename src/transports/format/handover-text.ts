// A key hand-over in one line, the same for /keys, /nodes and the console.
import { whereText, type Handover } from '../../core/key-guard.ts';

const CHAIN: Record<Exclude<Handover['chainState'], null>, string> = {
  confirmed: 'confirmed on chain',
  mismatch: 'CHAIN HOLDS OTHER KEYS',
  unreachable: 'chain not reachable, retrying',
};

/** `esc` makes what an agent or a member wrote safe for the medium (Markdown in Discord). */
export function handoverText(h: Handover, doneAt: number | undefined, time: (at: number) => string, esc: (text: string) => string = (text) => text): string {
  const chain = h.chainState ? ` · ${CHAIN[h.chainState]}` : '';
  const base = `${whereText(h, esc)}: rotated by ${esc(h.rotatedBy)} at ${time(h.rotatedAt)}`;
  if (h.state === 'pending') return `🔑 set_keys pending · ${base}${chain}`;
  if (h.state === 'submitted') return `📨 set_keys sent by ${esc(h.submittedBy ?? '?')} at ${time(h.submittedAt ?? 0)}, active ${doneAt ? `from ${time(doneAt)}` : 'in two sessions'} · ${base}${chain}`;
  return `✅ hand-over ${h.state} · ${base}`;
}
