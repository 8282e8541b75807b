// A small Substrate JSON-RPC emulator on 127.0.0.1: answers state_getStorage from a map the test fills
// with SCALE-encoded values (built with scale-ts, as mserver decodes them), and system_chain. Stands in
// for a chain node, which cannot run here.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface ChainRpcEmulator {
  url: string;
  /** Storage key (0x hex) -> SCALE value (0x hex); a key not set answers null, as a node does. */
  storage: Map<string, string>;
  calls: Array<{ method: string; params: unknown[] }>;
  /** While true, every call is answered with a JSON-RPC error, as a node that is starting or overloaded does. */
  failing: boolean;
  close(): Promise<void>;
}

/** `port`: 0 for any; a test of recovery passes the port an earlier, closed endpoint had. */
export async function startChainRpcEmulator(port = 0): Promise<ChainRpcEmulator> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await once(wss, 'listening');
  const storage = new Map<string, string>();
  const calls: ChainRpcEmulator['calls'] = [];
  const emulator: ChainRpcEmulator = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    storage,
    calls,
    failing: false,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const req = JSON.parse(String(data)) as { id: number; method: string; params: unknown[] };
      calls.push({ method: req.method, params: req.params });
      if (emulator.failing) return ws.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, error: { code: -32603, message: 'Internal error' } }));
      const answer = (result: unknown) => ws.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, result }));
      if (req.method === 'system_chain') return answer('Emulated Relay');
      if (req.method === 'state_getStorage') return answer(storage.get(String(req.params[0])) ?? null);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, error: { code: -32601, message: 'Method not found' } }));
    });
  });
  return emulator;
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** An SS58 address (network prefix 0, Polkadot) for a 32-byte account id. */
export function ss58Encode(account: Uint8Array, prefix = 0): string {
  const payload = Uint8Array.from([prefix, ...account]);
  const sum = createHash('blake2b512').update(Buffer.from('SS58PRE')).update(payload).digest();
  const bytes = Uint8Array.from([...payload, sum[0]!, sum[1]!]);
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}
