// JSON in TEXT columns: stored whole up to a limit, and beyond it a clear marker instead of broken JSON.

export interface Stored {
  text: string | null;
  truncated: boolean;
}

/** `json`, when given, is JSON.stringify(value), already written by the caller. */
export function toJsonColumn(value: unknown, maxBytes: number, json?: string): Stored {
  if (value === undefined) return { text: null, truncated: false };
  const text = json ?? JSON.stringify(value) ?? null;
  // A UTF-16 unit is at most 3 UTF-8 bytes: short text needs no count.
  if (text === null || text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.byteLength(text);
  const head = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  const marker = `[truncated by mserver: ${bytes} bytes in all, the first ${maxBytes} kept]`;
  return { text: JSON.stringify({ truncated: true, bytes, head: `${head}\n${marker}` }), truncated: true };
}

export function fromJsonColumn(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
