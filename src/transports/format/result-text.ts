// How an agent's answer reads to a person, per command (PROTOCOL.md, "result shown"). Agents differ, so
// every reader is tolerant: what it cannot read is shown as indented JSON.
import { quoted } from '../../core/quote.ts';
import type { Translator } from '../../i18n/translate.ts';


export interface ResultText {
  /** One line for lists and broadcasts. */
  summary: string;
  /** The full answer, possibly many lines. */
  body: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const json = (v: unknown) => JSON.stringify(v, null, 2) ?? String(v);
const first = (o: Obj, ...names: string[]) => names.map((n) => o[n]).find((v) => v !== undefined && v !== null);
const str = (v: unknown) => (v === undefined || v === null ? '?' : typeof v === 'string' ? v : JSON.stringify(v));

/** A yes/no answer, as a bare boolean or under one of `names` (or result, value, exists, present). */
export function boolOf(result: unknown, ...names: string[]): boolean | undefined {
  if (typeof result === 'boolean') return result;
  if (isObj(result)) {
    for (const n of [...names, 'result', 'value', 'exists', 'present']) if (typeof result[n] === 'boolean') return result[n];
  }
  return undefined;
}

function statusLine(c: Obj, t: Translator): string {
  const parts = [str(first(c, 'name', 'container'))];
  const state = first(c, 'state', 'status');
  if (state !== undefined) parts.push(str(state));
  const version = first(c, 'version');
  if (version !== undefined) parts.push(`v${str(version).replace(/^v/, '')}`);
  const best = first(c, 'best_block', 'best');
  const fin = first(c, 'finalized_block', 'finalized');
  if (best !== undefined) parts.push(t('discord.result.best', { n: str(best) }));
  if (fin !== undefined) parts.push(t('discord.result.finalized', { n: str(fin) }));
  const peers = first(c, 'peers');
  if (peers !== undefined) parts.push(typeof peers === 'number' ? t('discord.result.peers', { count: peers }) : t('discord.result.peersText', { n: str(peers) }));
  const syncing = first(c, 'is_syncing', 'syncing');
  if (typeof syncing === 'boolean') parts.push(syncing ? t('discord.result.syncing') : t('discord.result.synced'));
  const keys = first(c, 'has_session_keys', 'keys_present');
  if (typeof keys === 'boolean') parts.push(keys ? t('discord.result.keysPresent') : t('discord.result.noKeys'));
  const uptime = first(c, 'uptime_s', 'uptime');
  if (typeof uptime === 'number') parts.push(t('discord.result.upHours', { h: Math.floor(uptime / 3600) }));
  else if (uptime !== undefined) parts.push(t('discord.result.up', { uptime: str(uptime) }));
  const unclaimed = first(c, 'unclaimed_eras');
  if (Array.isArray(unclaimed)) parts.push(t('discord.result.unclaimedEras', { count: unclaimed.length }));
  return parts.join(' · ');
}

function logText(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (Array.isArray(result) && result.every((l) => typeof l === 'string')) return result.join('\n');
  if (isObj(result)) {
    const lines = first(result, 'lines', 'logs', 'output', 'log');
    if (typeof lines === 'string') return lines;
    if (Array.isArray(lines)) return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  }
  return undefined;
}

export function resultText(command: string, result: unknown, t: Translator): ResultText {
  switch (command) {
    case 'status': {
      const containers = isObj(result) && Array.isArray(result.containers) ? result.containers.filter(isObj) : isObj(result) ? [result] : [];
      if (containers.length > 0 && containers.some((c) => first(c, 'state', 'status') !== undefined)) {
        const lines = containers.map((c) => statusLine(c, t));
        return { summary: lines.length === 1 ? lines[0]! : `${t('discord.result.containers', { count: lines.length })}: ${lines.map((l) => l.split(' · ').slice(0, 2).join(' ')).join(', ')}`, body: lines.join('\n') };
      }
      break;
    }
    case 'logs': {
      const text = logText(result);
      if (text !== undefined) {
        const n = text === '' ? 0 : text.split('\n').length;
        return { summary: t('discord.result.logLines', { count: n }), body: text };
      }
      break;
    }
    case 'has_session_keys':
    case 'has_key':
    case 'check_keys': {
      const b = boolOf(result, 'has_session_keys', 'has_key', 'on_chain_match', 'ok');
      if (b !== undefined) {
        const detail = isObj(result) ? json(result) : String(b);
        return { summary: b ? t('discord.result.holdsKeys') : t('discord.result.lacksKeys'), body: detail };
      }
      break;
    }
    case 'payout': {
      const eras = isObj(result) ? first(result, 'claimed', 'payouts', 'eras') : Array.isArray(result) ? result : undefined;
      if (Array.isArray(eras)) {
        const lines = eras.filter(isObj).map((e) => t('discord.result.eraLine', { era: str(first(e, 'era')), amount: str(first(e, 'amount', 'reward')), tx: str(first(e, 'tx_hash', 'hash', 'tx')) }));
        const left = isObj(result) ? first(result, 'unclaimed_eras', 'remaining', 'still_unclaimed') : undefined;
        const tail = Array.isArray(left) ? `\n${t('discord.result.stillUnclaimed', { eras: left.length === 0 ? t('discord.result.none') : left.map(str).join(', ') })}` : '';
        const claimed = t('discord.result.erasClaimed', { count: lines.length });
        return { summary: Array.isArray(left) ? t('discord.result.erasClaimedLeft', { claimed, left: left.length }) : claimed, body: lines.join('\n') + tail };
      }
      break;
    }
    case 'rotate_keys': {
      const key = isObj(result) ? first(result, 'session_key', 'session_keys', 'keys') : typeof result === 'string' ? result : undefined;
      if (typeof key === 'string') {
        return {
          summary: t('discord.result.rotated'),
          body: `${key}\n\n${t('discord.result.rotatedBody')}`,
        };
      }
      break;
    }
    case 'backup_keys': {
      if (isObj(result)) {
        const size = typeof result.size_bytes === 'number' ? t('discord.result.bytes', { count: result.size_bytes, n: String(result.size_bytes) }) : t('discord.result.sizeUnknown');
        return {
          summary: t('discord.result.backupAt', { path: str(result.path), size }),
          body: `${t('discord.result.backupBody', { path: str(result.path), size, sha256: str(result.sha256) })}${result.note ? `\n${t('discord.result.backupNote', { note: str(result.note) })}` : ''}`,
        };
      }
      break;
    }
    case 'exec': {
      if (isObj(result)) {
        const code = first(result, 'exit_code', 'code', 'returncode');
        const out = [first(result, 'stdout', 'output'), first(result, 'stderr')].filter((v) => typeof v === 'string' && v !== '').join('\n--- stderr ---\n');
        return { summary: t('discord.result.exitCode', { code: str(code) }), body: out };
      }
      break;
    }
  }
  if (typeof result === 'string') return { summary: result.split('\n')[0]!.slice(0, 200), body: result };
  if (typeof result === 'boolean' || typeof result === 'number') return { summary: String(result), body: String(result) };
  // The summary stands alone in lists and history, where no details follow: the answer itself, cut.
  const body = json(result);
  const line = JSON.stringify(result) ?? String(result);
  return { summary: line.length <= 120 ? line : t('discord.result.answer', { answer: quoted(line) }), body };
}
