// The chain reader over a Substrate JSON-RPC WebSocket (CHAIN_RPC_URL): state_getStorage of
// Session.NextKeys(stash) and Session.QueuedKeys, keys hashed here (twox128, Twox64Concat) and values
// decoded with scale-ts. Raw JSON-RPC instead of @polkadot/api: two storage reads do not justify tens
// of MB of dependencies, a metadata download at every connect and seconds of start-up.
import { Bytes, Tuple, Vector } from 'scale-ts';
import WebSocket from 'ws';
import type { ChainReader, ChainSessionKeys } from '../core/chain-reader.ts';
import { UserError } from '../core/errors.ts';
import { msg } from '../i18n/message.ts';
import { ss58AccountId } from './ss58.ts';
import { twox128, twox64 } from './twox.ts';

const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const bytesOf = (h: string) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));

export function nextKeysStorageKey(accountId: Uint8Array): string {
  // i18n-exempt: the Substrate pallet name in a storage key
  return hex(Uint8Array.from([...twox128(text('Session')), ...twox128(text('NextKeys')), ...twox64(accountId), ...accountId]));
}
// i18n-exempt: the Substrate pallet name in a storage key
export const QUEUED_KEYS_STORAGE_KEY = hex(Uint8Array.from([...twox128(text('Session')), ...twox128(text('QueuedKeys'))]));

/** Session.QueuedKeys: Vec<(AccountId32, SessionKeys)>; the keys' length follows from the total (a chain's SessionKeys is fixed-size). */
export function decodeQueuedKeys(value: string): Array<{ account: string; keys: string }> {
  const raw = bytesOf(value);
  // The compact length prefix first, then each entry sized from what is left.
  const n = compactLength(raw);
  if (n.count === 0) return [];
  const entry = (raw.length - n.prefix) / n.count;
  if (!Number.isInteger(entry) || entry <= 32) throw new Error(`QueuedKeys of unexpected size ${raw.length} for ${n.count} entries`);
  const codec = Vector(Tuple(Bytes(32), Bytes(entry - 32)));
  return codec.dec(raw).map(([account, keys]) => ({ account: hex(account), keys: hex(keys) }));
}

function compactLength(raw: Uint8Array): { count: number; prefix: number } {
  const mode = raw[0]! & 3;
  if (mode === 0) return { count: raw[0]! >> 2, prefix: 1 };
  if (mode === 1) return { count: (raw[0]! | (raw[1]! << 8)) >> 2, prefix: 2 };
  if (mode === 2) return { count: (raw[0]! | (raw[1]! << 8) | (raw[2]! << 16) | (raw[3]! << 24)) >>> 2, prefix: 4 };
  throw new Error('QueuedKeys longer than any chain has');
}

export function createSubstrateChainReader(opts: { url: string; timeoutMs: number }): ChainReader {
  let nextId = 1;

  /** One short-lived connection per read: a few reads an hour do not need a socket kept open and re-kept. */
  function call(requests: Array<{ method: string; params: unknown[] }>): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(opts.url);
      const ids = requests.map(() => nextId++);
      const results = new Map<number, unknown>();
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`no answer from ${opts.url} within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      };
      ws.on('error', fail);
      ws.on('open', () => requests.forEach((r, i) => ws.send(JSON.stringify({ jsonrpc: '2.0', id: ids[i], method: r.method, params: r.params }))));
      ws.on('message', (data: WebSocket.RawData) => {
        let msg: { id?: number; result?: unknown; error?: { message?: string } };
        try {
          msg = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data)) as typeof msg;
        } catch {
          return fail(new Error('the chain RPC answered something that is not JSON'));
        }
        if (msg.error) return fail(new Error(`the chain RPC refused: ${String(msg.error.message ?? 'error').slice(0, 200)}`));
        if (typeof msg.id === 'number' && ids.includes(msg.id)) results.set(msg.id, msg.result ?? null);
        if (results.size === ids.length) {
          clearTimeout(timer);
          ws.close();
          resolve(ids.map((id) => results.get(id)));
        }
      });
    });
  }

  return {
    async sessionKeys(stash: string): Promise<ChainSessionKeys> {
      const account = ss58AccountId(stash);
      if (!account) throw new UserError('bad_input', msg('core.chain.badStash', { stash: stash.slice(0, 64) }));
      const [next, queued] = await call([
        { method: 'state_getStorage', params: [nextKeysStorageKey(account)] },
        { method: 'state_getStorage', params: [QUEUED_KEYS_STORAGE_KEY] },
      ]);
      const mine = typeof queued === 'string' ? decodeQueuedKeys(queued).filter((q) => q.account === hex(account)).map((q) => q.keys) : [];
      return { next: typeof next === 'string' ? next.toLowerCase() : null, queued: mine };
    },
    async probe() {
      const [name] = await call([{ method: 'system_chain', params: [] }]);
      return String(name);
    },
    async close() {},
  };
}
