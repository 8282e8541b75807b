// A key hand-over in one line, the same for /keys, /nodes and the console.
import { whereText, type Handover, type KeyBasis } from '../../core/key-guard.ts';
import type { Translator } from '../../i18n/translate.ts';


/** What "verified" rests on, said every time: an operator deciding to stop the old node needs to know. */
export function basisText(basis: KeyBasis, t: Translator): string {
  switch (basis) {
    case 'node':
      return t('discord.basis.node');
    case 'chain_waiting':
      return t('discord.basis.chainWaiting');
    case 'chain_verified':
      return t('discord.basis.chainVerified');
    case 'chain_mismatch':
      return t('discord.basis.chainMismatch');
    case 'chain_unreachable':
      return t('discord.basis.chainUnreachable');
    case 'no_stash':
      return t('discord.basis.noStash');
  }
}

/** `esc` makes what an agent or a member wrote safe for the medium (Markdown in Discord). */
export function handoverText(
  h: Handover,
  doneAt: number | undefined,
  time: (at: number) => string,
  esc: (text: string) => string = (text) => text,
  basis: KeyBasis | undefined,
  t: Translator,
): string {
  const chain = basis ? ` · ${basisText(basis, t)}` : '';
  const base = t('discord.handover.base', { where: whereText(h, esc), by: esc(h.rotatedBy), at: time(h.rotatedAt) });
  if (h.state === 'pending') return `🔑 ${t('discord.handover.pending', { base })}${chain}`;
  if (h.state === 'submitted') {
    const active = doneAt ? t('discord.handover.activeFrom', { at: time(doneAt) }) : basis && basis !== 'node' ? t('discord.handover.activeAfterChain') : t('discord.handover.activeInTwo');
    return `📨 ${t('discord.handover.submitted', { by: esc(h.submittedBy ?? '?'), at: time(h.submittedAt ?? 0), active, base })}${chain}`;
  }
  return `✅ ${h.state === 'done' ? t('discord.handover.done', { base }) : t('discord.handover.superseded', { base })}`;
}
