// Agent output can carry secrets: a `cat` of a keystore file, a node started with --node-key, a seed
// phrase printed by subkey. Whatever mserver shows or stores from an agent passes through here first.
// Public material (session keys, block hashes, tx hashes) is left alone: operators need it.

export const REDACTED = '[redacted]';

const SECRET_KEY_NAME = /(secret|seed|mnemonic|private|node_?key|password|passphrase|phrase|token|suri)/i;

const TEXT_RULES: Array<[RegExp, string]> = [
  // Labelled secrets: "Secret seed: 0x..", "--node-key abcd..", "node_key = ..", "mnemonic: word word .."
  [/(--node-key(?:-file)?[= ]+)\S+/gi, `$1${REDACTED}`],
  [/((?:secret[ _-]?(?:seed|phrase|key|uri)|private[ _-]?key|node[ _-]?key|mnemonic|seed[ _-]?phrase|suri)["']?\s*[:=]\s*["']?)[^"'\n]+/gi, `$1${REDACTED}`],
  // A bare BIP-39 phrase: 12 to 24 short lowercase words in a row.
  [/\b(?:[a-z]{3,8} ){11,23}[a-z]{3,8}\b/g, REDACTED],
  // A keystore file's whole content is a quoted hex seed.
  [/^(\s*)"0x[0-9a-fA-F]{64}"(\s*)$/gm, `$1"${REDACTED}"$2`],
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
const CUE = /node[ _-]?key|secret|seed|mnemonic|private|password|phrase|token|suri|bearer|[?&]key=|0x[0-9a-fA-F]{64}|\.[\w-]{6,7}\./i;
const PHRASE_CUE = /(?:[a-z]{3,8} ){11}/i;

/** A phrase needs eleven spaces; most agent output (JSON) has none, and counting is cheaper than the pattern. */
function spaces(s: string, atLeast: number): boolean {
  let n = 0;
  for (let i = s.indexOf(' '); i !== -1; i = s.indexOf(' ', i + 1)) if (++n >= atLeast) return true;
  return false;
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

  const clean = (s: string) => !CUE.test(s) && !(spaces(s, 11) && PHRASE_CUE.test(s)) && !secrets.some((secret) => s.includes(secret));

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
      const isSecret = SECRET_KEY_NAME.test(k) && !/^session_?keys?$/i.test(k) && !/^public/i.test(k);
      Object.defineProperty(out, k, {
        value: isSecret && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : walk(v, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };

  const inspect = <T>(input: T): { value: T; json: string | undefined } => {
    if (input === null || typeof input !== 'object') return { value: walk(input, 0) as T, json: undefined };
    let json: string | undefined;
    try {
      json = JSON.stringify(input);
    } catch {
      json = undefined;
    }
    return json !== undefined && clean(json) ? { value: input, json } : { value: walk(input, 0) as T, json: undefined };
  };

  return { text, value: (input) => inspect(input).value, inspect };
}
