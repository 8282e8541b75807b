// A key hand-over in one line, the same for /keys, /nodes and the console.
import { whereText, type Handover, type KeyBasis } from '../../core/key-guard.ts';

/** What "verified" rests on, said every time: an operator deciding to stop the old node needs to know. */
export const BASIS_TEXT: Record<KeyBasis, string> = {
  node: "the node's word (has_session_keys); no CHAIN_RPC_URL to verify on chain",
  chain_waiting: 'waiting for the chain: verified only once session.nextKeys / queuedKeys carry these keys',
  chain_verified: '✅ verified on chain',
  chain_mismatch: '❌ CHAIN HOLDS OTHER KEYS',
  chain_unreachable: 'chain not reachable, retrying: not verified on chain',
  no_stash: 'stash unknown, so not verified on chain: give it with keys submitted … stash, or check_keys with stash',
};

/** `esc` makes what an agent or a member wrote safe for the medium (Markdown in Discord). */
export function handoverText(h: Handover, doneAt: number | undefined, time: (at: number) => string, esc: (text: string) => string = (text) => text, basis?: KeyBasis): string {
  const chain = basis ? ` · ${BASIS_TEXT[basis]}` : '';
  const base = `${whereText(h, esc)}: rotated by ${esc(h.rotatedBy)} at ${time(h.rotatedAt)}`;
  if (h.state === 'pending') return `🔑 set_keys pending · ${base}${chain}`;
  if (h.state === 'submitted') return `📨 set_keys sent by ${esc(h.submittedBy ?? '?')} at ${time(h.submittedAt ?? 0)}, active ${doneAt ? `from ${time(doneAt)}` : basis && basis !== 'node' ? 'two sessions after the chain shows them' : 'in two sessions'} · ${base}${chain}`;
  return `✅ hand-over ${h.state} · ${base}`;
}
