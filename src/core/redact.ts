// Agent output can carry secrets: a `cat` of a keystore file, a node started with --node-key, a seed
// phrase printed by subkey. Whatever mserver shows or stores from an agent passes through here first.
// Public material (session keys, block hashes, tx hashes) is left alone: operators need it.

export const REDACTED = '[redacted]';

const SECRET_KEY_NAME = /(secret|seed|mnemonic|private|node_?key|password|passphrase|phrase|token|suri)|^sk$/i;
/** Keys under which a lone 64-hex string is a digest, not a node key (a backup's sha256, a block hash). */
const DIGEST_KEY_NAME = /hash|digest|sha256|checksum/i;
const DIGEST_VALUE = /^(?:0x|sha256:)?[0-9a-fA-F]{64}$/;

// One word of a seed phrase, and what may stand between two: spaces, commas, line breaks.
const WORD = '[a-zA-Z]{3,8}';
const GAP = '(?:[ \\t]*[,\\r\\n][ \\t\\r\\n,]*|[ \\t]+)';

const TEXT_RULES: Array<[RegExp, string]> = [
  // Labelled secrets: "Secret seed: 0x..", "--node-key abcd..", "node_key = ..", "mnemonic: word word .."
  [/(--node-key(?:-file)?[= ]+)\S+/gi, `$1${REDACTED}`],
  // subkey prints `Secret Key URI `<phrase or //derivation>` is account:`, without a colon after the label.
  [/(secret[ _-]?key[ _-]?uri\s*[:=]?\s*)(?:`[^`\n]*`|[^\n]+)/gi, `$1${REDACTED}`],
  [/((?:secret[ _-]?(?:seed|phrase|key|uri)|private[ _-]?key|node[ _-]?key|mnemonic|seed[ _-]?phrase|suri)["']?\s*[:=]\s*["']?)[^"'\n]+/gi, `$1${REDACTED}`],
  // JSON keys too short to be cues in prose ("sk", "seed"), only when written as a JSON key.
  [/("(?:sk|seed)"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|\[[^\]]*\]|-?\d+)/gi, `$1"${REDACTED}"`],
  // A bare BIP-39 phrase: 12 to 24 short words in a row, in any case, across commas and line breaks. A
  // longer run is taken whole, so a word before a 24-word phrase cannot push its last word out of the match.
  [new RegExp(`\\b(?:${WORD}${GAP}){11,}${WORD}(?![a-zA-Z])`, 'g'), REDACTED],
  // A keystore file's whole content is a quoted hex seed: alone on a line, or run together with the next
  // file's (`cat keystore/*` prints `"0x…""0x…"` when the files end without a newline).
  [/^(\s*)"0x[0-9a-fA-F]{64}"(\s*)$/gm, `$1"${REDACTED}"$2`],
  [/"0x[0-9a-fA-F]{64,128}"(?=")|(?<=")"0x[0-9a-fA-F]{64,128}"/g, `"${REDACTED}"`],
  // `generate-node-key` prints the libp2p secret as 64 bare hex digits on a line of its own (a block or
  // transaction hash always carries 0x; a digest beside a file name is not alone on its line).
  [/^([ \t]*)[0-9a-fA-F]{64}([ \t]*)$/gm, `$1${REDACTED}$2`],
  // Credentials in URLs, headers and Discord bot tokens.
  [/(bearer\s+)[\w.~+/=-]{8,}/gi, `$1${REDACTED}`],
  [/([?&](?:token|access_token|key)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}\b/g, REDACTED],
];

/**
 * A loose test that every rule above (and every secret key name) implies: text in which none of these
 * cues appears cannot hold anything a rule would replace, so the rules are skipped. Most agent output
 * (status, payout results) has no cue, and redaction was the largest cost of a broadcast.
 */
// Two patterns, each quick to scan: a Discord token is found by its middle part (starting with a literal
// dot), because testing for its 23-character head at every position cost more than all the rest.
// Bare 64 hex digits (a node key, a keystore seed) is a cue whether or not 0x comes before it.
const CUE = /node[ _-]?key|secret|seed|mnemonic|private|password|phrase|token|suri|bearer|[?&]key=|"sk"|[0-9a-fA-F]{64}|\.[\w-]{6,7}\./i;
// In JSON a line break between words is written as the two characters \n: the cue admits both spellings.
const PHRASE_CUE = /(?:[a-z]{3,8}(?:[\s,]|\\[nrt])+){11}/i;

/** A phrase needs eleven gaps; most agent output has few, and counting is cheaper than the pattern. */
function gaps(s: string, atLeast: number): boolean {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // space, tab, \n, \r, comma, and the backslash of an escaped line break in JSON
    if ((c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 92) && ++n >= atLeast) return true;
  }
  return false;
}

/** A value under a secret's name is hidden whole (booleans and nulls reveal nothing and stay). */
function hidesValue(key: string, v: unknown): boolean {
  const isSecret = SECRET_KEY_NAME.test(key) && !/^session_?keys?$/i.test(key) && !/^public/i.test(key);
  return isSecret && v !== null && v !== undefined && typeof v !== 'boolean';
}

/** A backup's sha256 or a block hash under a digest's name: 64 hex digits that are not a node key. */
function isDigest(key: string, v: unknown): boolean {
  return typeof v === 'string' && DIGEST_KEY_NAME.test(key) && DIGEST_VALUE.test(v);
}

export interface Redactor {
  text(input: string): string;
  /**
   * Any JSON value with secrets replaced, as a deep copy; object keys named like secrets lose their
   * values. A value with nothing that could be a secret is returned as it is (never mutated).
   */
  value<T>(input: T): T;
  /** value(), with the JSON of what it returns when the check had to write it anyway (to store as is). */
  inspect<T>(input: T): { value: T; json: string | undefined };
}

export function createRedactor(knownSecrets: readonly string[] = []): Redactor {
  const secrets = knownSecrets.filter((s) => s.length >= 8);

  const clean = (s: string) => !CUE.test(s) && !(gaps(s, 11) && PHRASE_CUE.test(s)) && !secrets.some((secret) => s.includes(secret));

  const text = (input: string): string => {
    if (clean(input)) return input;
    let out = input;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    for (const [re, replacement] of TEXT_RULES) out = out.replace(re, replacement);
    return out;
  };

  const walk = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object') return input;
    // Nothing legitimate nests this deep; rather than walk on (or pass it through unread), drop it.
    if (depth > 64) return REDACTED;
    if (Array.isArray(input)) return input.map((v) => walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      Object.defineProperty(out, k, {
        value: hidesValue(k, v) ? REDACTED : isDigest(k, v) ? v : walk(v, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };

  /**
   * Whether walk() would return a copy equal to `input`: no value under a secret's name, and every string
   * clean. Checked value by value rather than on the whole JSON: a status result is mostly numbers, names
   * and punctuation, and the patterns then run over a few short strings instead of every character (the
   * check ran for every outcome of a broadcast and was its largest cost after the sockets).
   */
  const untouched = (input: unknown, depth: number): boolean => {
    if (typeof input === 'string') return clean(input);
    if (input === null || typeof input !== 'object') return true;
    if (depth > 64) return false;
    if (Array.isArray(input)) return input.every((v) => untouched(v, depth + 1));
    for (const [k, v] of Object.entries(input)) {
      if (hidesValue(k, v)) return false;
      if (!isDigest(k, v) && !untouched(v, depth + 1)) return false;
    }
    return true;
  };

  const inspect = <T>(input: T): { value: T; json: string | undefined } => {
    if (input === null || typeof input !== 'object') return { value: walk(input, 0) as T, json: undefined };
    if (!untouched(input, 0)) return { value: walk(input, 0) as T, json: undefined };
    let json: string | undefined;
    try {
      json = JSON.stringify(input);
    } catch {
      json = undefined;
    }
    return { value: input, json };
  };

  return { text, value: (input) => inspect(input).value, inspect };
}
