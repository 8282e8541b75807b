// SS58 addresses to the 32-byte account id, checksum verified (blake2b-512 of "SS58PRE" + payload, from
// node:crypto). A stash that does not decode is refused, never guessed.
import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(text: string): Uint8Array | undefined {
  let n = 0n;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

export function ss58AccountId(address: string): Uint8Array | undefined {
  const raw = base58(address.trim());
  if (!raw) return undefined;
  // One-byte prefixes (0..63) give 35 bytes; two-byte prefixes give 36.
  const prefixLen = raw.length === 35 ? 1 : raw.length === 36 ? 2 : 0;
  if (prefixLen === 0) return undefined;
  const payload = raw.subarray(0, prefixLen + 32);
  const sum = createHash('blake2b512').update(Buffer.from('SS58PRE')).update(payload).digest();
  if (sum[0] !== raw[prefixLen + 32] || sum[1] !== raw[prefixLen + 33]) return undefined;
  return raw.slice(prefixLen, prefixLen + 32);
}
