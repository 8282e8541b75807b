// Narrowing helpers for request bodies, which arrive as `unknown` JSON.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asRecords(value: unknown): JsonRecord[] {
  return asArray(value).filter(isRecord);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Discord counts characters, not UTF-16 units: an emoji is one character of the 2000. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}
